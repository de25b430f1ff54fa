package io.vellum.error;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The one retry policy of Vellum: how many times work that failed with a retryable {@link LedgerException} runs in
 * all, and how long to wait in between. The engine ({@code Ledger.execute}), the server's native API, vellum-client
 * and the wallet all take one; a caller that wants more attempts passes a policy instead of retrying around a call
 * that retries already (which would multiply the attempts).
 *
 * <p>Whether a failure may be retried is decided by its {@link ErrorCode#retryable() code's retryability}, narrowed
 * to {@code retryOn}: a policy can never retry a code that is not retryable (the constructor refuses one).
 *
 * <p>Backoff, before retry {@code n} (1 for the second attempt): {@code d = min(baseBackoff * 2^n, maxBackoff)}, then
 * a pause in {@code [d * (1 - jitter), d]}, the random part drawn uniformly. {@code jitter = 0.5} is the QLDB drivers'
 * "equal jitter": half the delay fixed, so that a burst of conflicting transactions spreads out, half random, so that
 * they do not collide again in lockstep.
 *
 * @param maxAttempts the number of executions in all, at least 1 (1 never retries)
 * @param baseBackoff the unit of the exponential, not negative
 * @param maxBackoff  the largest {@code d}, not negative
 * @param jitter      the random fraction of {@code d}, in {@code [0, 1]}
 * @param retryOn     the codes retried, each {@link ErrorCode#retryable() retryable}; copied
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, double jitter,
                          Set<ErrorCode> retryOn) {
    /** Half fixed, half random: the QLDB drivers' "equal jitter". */
    public static final double EQUAL_JITTER = 0.5;

    /** Waits between attempts; a seam so that tests need not sleep. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (baseBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("baseBackoff and maxBackoff must not be negative, got " + baseBackoff
                    + " and " + maxBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], got " + jitter);
        }
        Objects.requireNonNull(retryOn, "retryOn");
        for (ErrorCode code : retryOn) {
            if (!code.retryable()) {
                throw new IllegalArgumentException("retryOn may hold only retryable codes, got " + code);
            }
        }
        retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    }

    /**
     * {@code maxAttempts} executions with equal jitter, retrying every retryable code.
     */
    public static RetryPolicy of(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, baseBackoff, maxBackoff, EQUAL_JITTER, retryableCodes());
    }

    /** One execution: every failure surfaces. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0, Set.of());
    }

    /** Every {@link ErrorCode#retryable() retryable} code. */
    public static Set<ErrorCode> retryableCodes() {
        EnumSet<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.retryable()) {
                codes.add(code);
            }
        }
        return codes;
    }

    /** This policy with {@code maxAttempts} executions in all. */
    public RetryPolicy withMaxAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, baseBackoff, maxBackoff, jitter, retryOn);
    }

    /** This policy retrying only {@code codes} (each must be retryable). */
    public RetryPolicy retryingOnly(ErrorCode first, ErrorCode... more) {
        return new RetryPolicy(maxAttempts, baseBackoff, maxBackoff, jitter, EnumSet.of(first, more));
    }

    /** Whether the code is one this policy retries (retryable and in {@link #retryOn}). */
    public boolean retries(ErrorCode code) {
        return code.retryable() && retryOn.contains(code);
    }

    /** Whether another attempt may follow {@code attemptsMade} executions (counting the one that just failed). */
    public boolean allowsAnotherAttempt(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** Whether {@code failure}, ending execution number {@code attemptsMade}, is to be retried. */
    public boolean retries(LedgerException failure, int attemptsMade) {
        return retries(failure.code()) && allowsAnotherAttempt(attemptsMade);
    }

    /** The pause before retry {@code retryNumber}, with a fresh random draw. Thread-safe. */
    public Duration backoff(int retryNumber) {
        return backoff(retryNumber, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The pause before retry {@code retryNumber} for a given random draw: {@code d - jitter * d * (1 - random)}, so in
     * {@code [d * (1 - jitter), d]}.
     *
     * @param retryNumber 1 for the first retry (the second execution)
     * @param random      a number in {@code [0, 1)}
     */
    public Duration backoff(int retryNumber, double random) {
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        long ceiling = ceilingNanos(retryNumber);
        long randomPart = (long) (jitter * ceiling * (1 - random));
        return Duration.ofNanos(ceiling - Math.min(randomPart, ceiling));
    }

    /** {@code d = min(baseBackoff * 2^retryNumber, maxBackoff)} in nanoseconds, without overflowing. */
    public long ceilingNanos(int retryNumber) {
        if (retryNumber < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retryNumber);
        }
        long baseNanos = saturatedNanos(baseBackoff);
        long maxNanos = saturatedNanos(maxBackoff);
        if (baseNanos == 0) {
            return 0;
        }
        // base * 2^n exceeds the cap as soon as 2^n > cap / base; stop doubling there instead of overflowing.
        long limit = maxNanos / baseNanos;
        if (retryNumber >= Long.SIZE - 1 || (1L << retryNumber) > limit) {
            return maxNanos;
        }
        return Math.min(baseNanos << retryNumber, maxNanos);
    }

    /**
     * Runs {@code attempt} until it returns, retrying a {@link LedgerException} this policy retries after the
     * backoff; anything else, and the last failure, surfaces unchanged. {@code attempt} must leave nothing behind
     * when it fails (abort its own transaction).
     *
     * @throws LedgerException UNAVAILABLE when interrupted while waiting (the failure is attached as suppressed)
     */
    public <T> T run(Supplier<T> attempt) {
        return run(attempt, RetryPolicy::sleep);
    }

    /** {@link #run(Supplier)} waiting with {@code pause}. */
    public <T> T run(Supplier<T> attempt, Pause pause) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(pause, "pause");
        for (int attemptsMade = 1; ; attemptsMade++) {
            try {
                return attempt.get();
            } catch (LedgerException e) {
                if (!retries(e, attemptsMade)) {
                    throw e;
                }
                pauseBeforeRetry(pause, backoff(attemptsMade), e);
            }
        }
    }

    /** Waits {@code duration} before retrying after {@code failure}; an interruption ends the retrying. */
    public static void pauseBeforeRetry(Pause pause, Duration duration, Throwable failure) {
        try {
            pause.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LedgerException interrupted = new LedgerException(ErrorCode.UNAVAILABLE,
                    "interrupted while waiting to retry after: " + failure.getMessage(), e);
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }

    /** Sleeps the calling thread for {@code duration}. */
    public static void sleep(Duration duration) throws InterruptedException {
        long nanos = duration.toNanos();
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
