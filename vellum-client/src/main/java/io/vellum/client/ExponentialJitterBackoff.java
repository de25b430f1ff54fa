package io.vellum.client;

import io.vellum.proof.LedgerException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * "Equal jitter" exponential backoff, the official QLDB Java driver's default (SPEC §1.4): before retry {@code n}
 * wait {@code d/2 + random[0, d/2)} where {@code d = min(base * 2^n, cap)}. Half the delay is fixed so that a burst
 * of conflicting transactions spreads out, the other half random so that they do not collide again in lockstep.
 *
 * @param base the unit of the exponential, 10 ms by default
 * @param cap  the largest {@code d}, 5000 ms by default
 */
public record ExponentialJitterBackoff(Duration base, Duration cap) implements BackoffStrategy {
    /** The driver's constants: base 10 ms, cap 5000 ms. */
    public static final ExponentialJitterBackoff DEFAULT =
            new ExponentialJitterBackoff(Duration.ofMillis(10), Duration.ofMillis(5000));

    public ExponentialJitterBackoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("base and cap must not be negative: " + base + ", " + cap);
        }
    }

    @Override
    public Duration delay(int retryNumber, LedgerException lastFailure) {
        return delay(retryNumber, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The delay before retry {@code retryNumber} for a given random draw, {@code d/2 + jitter * d/2}.
     *
     * @param jitter a number in {@code [0, 1)}
     */
    public Duration delay(int retryNumber, double jitter) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        long ceiling = ceilingNanos(retryNumber);
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (jitter * (ceiling - half)));
    }

    /** {@code d = min(base * 2^retryNumber, cap)} in nanoseconds, without overflowing for large retry numbers. */
    public long ceilingNanos(int retryNumber) {
        if (retryNumber < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retryNumber);
        }
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        if (baseNanos == 0) {
            return 0;
        }
        // base * 2^n exceeds the cap as soon as 2^n > cap / base; stop doubling there instead of overflowing.
        long limit = capNanos / baseNanos;
        if (retryNumber >= Long.SIZE - 1 || (1L << retryNumber) > limit) {
            return capNanos;
        }
        return Math.min(baseNanos << retryNumber, capNanos);
    }
}
