package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The default backoff is the official driver's: before retry n wait d/2 + rand[0, d/2), d = min(10 ms * 2^n, 5 s). */
class RetryPolicyTest {
    private static final ExponentialJitterBackoff DRIVER = ExponentialJitterBackoff.DEFAULT;

    @Test
    void defaultsAreTheDriversFourRetriesWithItsBackoff() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThat(policy.maxRetries()).isEqualTo(4);
        assertThat(policy.backoff()).isEqualTo(new ExponentialJitterBackoff(Duration.ofMillis(10), Duration.ofMillis(5000)));
        assertThat(RetryPolicy.none().maxRetries()).isZero();
        assertThat(RetryPolicy.ofMaxRetries(7).maxRetries()).isEqualTo(7);
        assertThatThrownBy(() -> RetryPolicy.ofMaxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void ceilingDoublesFromTwentyMillisecondsUpToTheCap() {
        long[] expectedMillis = {20, 40, 80, 160, 320, 640, 1280, 2560, 5000, 5000};
        for (int retry = 1; retry <= expectedMillis.length; retry++) {
            assertThat(Duration.ofNanos(DRIVER.ceilingNanos(retry)).toMillis()).as("retry %d", retry)
                    .isEqualTo(expectedMillis[retry - 1]);
        }
    }

    @Test
    void delayIsHalfTheCeilingPlusJitterUpToTheOtherHalf() {
        assertThat(DRIVER.delay(1, 0.0)).isEqualTo(Duration.ofMillis(10));
        assertThat(DRIVER.delay(1, 0.5)).isEqualTo(Duration.ofMillis(15));
        assertThat(DRIVER.delay(3, 0.25)).isEqualTo(Duration.ofMillis(50));
        assertThat(DRIVER.delay(20, 0.0)).isEqualTo(Duration.ofMillis(2500));
        assertThat(DRIVER.delay(1, Math.nextDown(1.0))).isLessThan(Duration.ofMillis(20));
        assertThatThrownBy(() -> DRIVER.delay(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DRIVER.delay(0, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomDelaysStayWithinTheirBand() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        LedgerException occ = new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
        for (int i = 0; i < 10_000; i++) {
            int retry = 1 + random.nextInt(12);
            Duration delay = DRIVER.delay(retry, occ);
            long ceiling = DRIVER.ceilingNanos(retry);
            assertThat(delay.toNanos()).as("seed %d, retry %d", seed, retry).isBetween(ceiling / 2, ceiling - 1);
        }
    }

    @Test
    void largeRetryNumbersAndOddUnitsDoNotOverflow() {
        assertThat(DRIVER.ceilingNanos(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(5000).toNanos());
        assertThat(DRIVER.ceilingNanos(62)).isEqualTo(Duration.ofMillis(5000).toNanos());
        ExponentialJitterBackoff huge = new ExponentialJitterBackoff(Duration.ofDays(365), Duration.ofDays(3650));
        assertThat(Duration.ofNanos(huge.ceilingNanos(3))).isEqualTo(Duration.ofDays(2920));
        assertThat(Duration.ofNanos(huge.ceilingNanos(4))).isEqualTo(Duration.ofDays(3650));
        ExponentialJitterBackoff none = new ExponentialJitterBackoff(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(none.delay(5, 0.9)).isZero();
        assertThatThrownBy(() -> new ExponentialJitterBackoff(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
