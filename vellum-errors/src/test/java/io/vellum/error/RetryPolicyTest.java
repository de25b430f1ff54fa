package io.vellum.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RetryPolicyTest {

    @Provide
    Arbitrary<RetryPolicy> policies() {
        Arbitrary<Duration> durations = Arbitraries.longs().between(0, Duration.ofDays(3650).toNanos())
                .map(Duration::ofNanos);
        return Combinators.combine(Arbitraries.integers().between(1, 1000), durations, durations,
                        Arbitraries.doubles().between(0, 1))
                .as((attempts, base, max, jitter) -> new RetryPolicy(attempts, base, max, jitter,
                        RetryPolicy.retryableCodes()));
    }

    /** Random draws in [0, 1), with both ends among the edge cases. */
    @Provide
    Arbitrary<Double> draws() {
        return Arbitraries.longs().between(0, (1L << 53) - 1).map(bits -> bits / (double) (1L << 53))
                .edgeCases(edges -> edges.add(Math.nextDown(1.0)));
    }

    @Property
    void backoffLiesWithinTheJitterBandBelowTheCeiling(@ForAll("policies") RetryPolicy policy,
            @ForAll @IntRange(min = 1, max = 200) int retryNumber,
            @ForAll("draws") double random) {
        long ceiling = policy.ceilingNanos(retryNumber);
        long delay = policy.backoff(retryNumber, random).toNanos();

        assertThat(ceiling).isBetween(0L, policy.maxBackoff().toNanos());
        assertThat(delay).isBetween(0L, ceiling);
        // The fixed part, d * (1 - jitter), is never cut by the random draw, up to double rounding (a few units in
        // the last place of d: 2 ns at ten years) and the truncation to whole nanoseconds.
        double rounding = 4 * Math.ulp((double) ceiling) + 1;
        assertThat((double) delay).isGreaterThanOrEqualTo(ceiling * (1 - policy.jitter()) - rounding);
    }

    @Property
    void ceilingDoublesUntilTheCap(@ForAll("policies") RetryPolicy policy,
            @ForAll @IntRange(min = 1, max = 100) int retryNumber) {
        long ceiling = policy.ceilingNanos(retryNumber);
        long next = policy.ceilingNanos(retryNumber + 1);
        long max = policy.maxBackoff().toNanos();

        assertThat(next).isGreaterThanOrEqualTo(ceiling);
        assertThat(next).isEqualTo(ceiling > max / 2 ? max : Math.min(2 * ceiling, max));
    }

    @Property
    void neverRetriesANonRetryableCode(@ForAll("policies") RetryPolicy policy, @ForAll ErrorCode code,
            @ForAll @IntRange(min = 0, max = 2000) int attemptsMade) {
        if (!code.retryable()) {
            assertThat(policy.retries(new LedgerException(code, "refused"), attemptsMade)).isFalse();
        }
    }

    @Property
    void retriesExactlyTheRetryableCodesWhileAttemptsRemain(@ForAll("policies") RetryPolicy policy,
            @ForAll ErrorCode code, @ForAll @IntRange(min = 1, max = 2000) int attemptsMade) {
        boolean retried = policy.retries(new LedgerException(code, "failed"), attemptsMade);

        assertThat(retried).isEqualTo(code.retryable() && attemptsMade < policy.maxAttempts());
    }

    @Property(tries = 50)
    void runExecutesANonRetryableFailureOnce(@ForAll ErrorCode code) {
        if (code.retryable()) {
            return;
        }
        RetryPolicy policy = RetryPolicy.of(10, Duration.ofMillis(1), Duration.ofMillis(5));
        AtomicInteger attempts = new AtomicInteger();
        List<Duration> pauses = new ArrayList<>();

        assertThatThrownBy(() -> policy.run(() -> {
            attempts.incrementAndGet();
            throw new LedgerException(code, "refused");
        }, pauses::add)).isInstanceOf(LedgerException.class).hasMessage("refused");
        assertThat(attempts).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Property(tries = 50)
    void runMakesExactlyMaxAttemptsOnARetryableFailure(@ForAll @IntRange(min = 1, max = 30) int maxAttempts) {
        RetryPolicy policy = RetryPolicy.of(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(5));
        AtomicInteger attempts = new AtomicInteger();
        List<Duration> pauses = new ArrayList<>();

        assertThatThrownBy(() -> policy.run(() -> {
            attempts.incrementAndGet();
            throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
        }, pauses::add)).isInstanceOf(LedgerException.class).hasMessage("conflict");
        assertThat(attempts).hasValue(maxAttempts);
        assertThat(pauses).hasSize(maxAttempts - 1);
    }

    @Property(tries = 20)
    void runLeavesOutCodesNotInRetryOn(@ForAll @IntRange(min = 2, max = 10) int maxAttempts) {
        RetryPolicy conflictsOnly = RetryPolicy.of(maxAttempts, Duration.ZERO, Duration.ZERO)
                .retryingOnly(ErrorCode.OCC_CONFLICT);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> conflictsOnly.run(() -> {
            attempts.incrementAndGet();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "closed");
        }, pause -> { })).hasMessage("closed");
        assertThat(attempts).hasValue(1);
    }

    @Property(tries = 20)
    void runReturnsTheFirstSuccess(@ForAll @IntRange(min = 1, max = 5) int failures) {
        RetryPolicy policy = RetryPolicy.of(failures + 1, Duration.ZERO, Duration.ZERO);
        AtomicInteger attempts = new AtomicInteger();

        String result = policy.run(() -> {
            if (attempts.incrementAndGet() <= failures) {
                throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
            }
            return "committed";
        }, pause -> { });

        assertThat(result).isEqualTo("committed");
        assertThat(attempts).hasValue(failures + 1);
    }

    @org.junit.jupiter.api.Test
    void refusesANonRetryableCodeAndBadNumbers() {
        Duration ms = Duration.ofMillis(1);
        for (ErrorCode code : ErrorCode.values()) {
            if (!code.retryable()) {
                assertThatThrownBy(() -> new RetryPolicy(3, ms, ms, 0.5, EnumSet.of(code)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("retryOn may hold only retryable codes, got " + code);
            }
        }
        assertThatThrownBy(() -> new RetryPolicy(0, ms, ms, 0.5, Set.of()))
                .hasMessage("maxAttempts must be >= 1, got 0");
        assertThatThrownBy(() -> new RetryPolicy(1, ms, ms, 1.5, Set.of()))
                .hasMessage("jitter must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new RetryPolicy(1, ms.negated(), ms, 0.5, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.none().backoff(0, 0.5)).hasMessage("retry numbers start at 1, got 0");
    }

    @org.junit.jupiter.api.Test
    void equalJitterMatchesTheDriversFormula() {
        // The QLDB Java driver: d = min(10 ms * 2^n, 5000 ms), pause d/2 + random * d/2.
        RetryPolicy driver = RetryPolicy.of(5, Duration.ofMillis(10), Duration.ofMillis(5000));

        assertThat(driver.backoff(1, 0)).isEqualTo(Duration.ofMillis(10));
        assertThat(driver.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(15));
        assertThat(driver.backoff(3, 0)).isEqualTo(Duration.ofMillis(40));
        assertThat(driver.backoff(20, 0)).isEqualTo(Duration.ofMillis(2500));
        assertThat(RetryPolicy.none().retries(ErrorCode.OCC_CONFLICT)).isFalse();
        assertThat(RetryPolicy.retryableCodes()).containsExactlyInAnyOrder(ErrorCode.OCC_CONFLICT,
                ErrorCode.UNAVAILABLE);
    }

    @org.junit.jupiter.api.Test
    void driverCeilingDoublesFromTwentyMillisecondsUpToTheCapWithoutOverflow() {
        RetryPolicy driver = RetryPolicy.of(5, Duration.ofMillis(10), Duration.ofMillis(5000));
        long[] expectedMillis = {20, 40, 80, 160, 320, 640, 1280, 2560, 5000, 5000};
        for (int retry = 1; retry <= expectedMillis.length; retry++) {
            assertThat(Duration.ofNanos(driver.ceilingNanos(retry)).toMillis()).as("retry %d", retry)
                    .isEqualTo(expectedMillis[retry - 1]);
        }
        assertThat(driver.ceilingNanos(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(5000).toNanos());
        assertThat(driver.ceilingNanos(62)).isEqualTo(Duration.ofMillis(5000).toNanos());
        RetryPolicy huge = RetryPolicy.of(2, Duration.ofDays(365), Duration.ofDays(3650));
        assertThat(Duration.ofNanos(huge.ceilingNanos(3))).isEqualTo(Duration.ofDays(2920));
        assertThat(Duration.ofNanos(huge.ceilingNanos(4))).isEqualTo(Duration.ofDays(3650));
        assertThat(RetryPolicy.of(2, Duration.ZERO, Duration.ofSeconds(1)).backoff(5, 0.9)).isZero();
    }

    @org.junit.jupiter.api.Test
    void anInterruptedPauseEndsTheRetryingAsUnavailable() {
        RetryPolicy policy = RetryPolicy.of(3, Duration.ofMillis(1), Duration.ofMillis(1));

        assertThatThrownBy(() -> policy.run(() -> {
            throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
        }, pause -> {
            throw new InterruptedException();
        })).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e).hasMessage("interrupted while waiting to retry after: conflict");
        });
        assertThat(Thread.interrupted()).isTrue();
    }
}
