package io.vellum.kafka.internal;

import java.time.Duration;
import java.util.Arrays;

/**
 * The most recent {@value #CAPACITY} commit-to-acknowledgement lags of a stream, for exact percentiles over that
 * window (a fixed ring: constant memory, no decay arithmetic). Thread-safe.
 */
public final class LagWindow {
    public static final int CAPACITY = 16_384;

    private final long[] lagsMillis = new long[CAPACITY];
    private long count;

    public synchronized void record(long lagMillis) {
        lagsMillis[(int) (count % CAPACITY)] = Math.max(0, lagMillis);
        count++;
    }

    /** Lag at {@code percentile} (0..100) over the window; zero when nothing was recorded. */
    public Duration percentile(double percentile) {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(lagsMillis, (int) Math.min(count, CAPACITY));
        }
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return Duration.ofMillis(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
    }
}
