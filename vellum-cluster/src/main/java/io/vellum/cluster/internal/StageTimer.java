package io.vellum.cluster.internal;

import io.vellum.cluster.CommitStageTimings;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations of one stage of the commit path: count, total, maximum and a log-scale histogram (4 buckets per power
 * of two of nanoseconds), lock-free, for metrics and the throughput harness.
 */
public final class StageTimer {
    private static final int BUCKETS = 64 * 4;

    private final String stage;
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    private volatile long maxNanos;

    public StageTimer(String stage) {
        this.stage = stage;
    }

    /** Records one run that started at {@code startNanos} ({@link System#nanoTime()}) and ends now. */
    public void since(long startNanos) {
        record(System.nanoTime() - startNanos);
    }

    public void record(long nanos) {
        long value = Math.max(1, nanos);
        count.increment();
        totalNanos.add(value);
        histogram.incrementAndGet(bucket(value));
        if (value > maxNanos) {
            synchronized (this) {
                if (value > maxNanos) {
                    maxNanos = value;
                }
            }
        }
    }

    public CommitStageTimings snapshot() {
        long n = count.sum();
        return new CommitStageTimings(stage, n, n == 0 ? 0 : totalNanos.sum() / 1e6 / n, percentile(n, 50) / 1e6,
                percentile(n, 99) / 1e6, maxNanos / 1e6);
    }

    private long percentile(long n, int percent) {
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(n * percent / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += histogram.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), maxNanos);
            }
        }
        return maxNanos;
    }

    /** Bucket 4·⌊log2 v⌋ + the two bits after the leading one. */
    private static int bucket(long value) {
        int log = 63 - Long.numberOfLeadingZeros(value);
        int fraction = log >= 2 ? (int) ((value >>> (log - 2)) & 3) : (int) ((value << (2 - log)) & 3);
        return log * 4 + fraction;
    }

    private static long upperBound(int bucket) {
        int log = bucket / 4;
        int fraction = bucket % 4;
        double upper = Math.pow(2, log) * (1 + (fraction + 1) / 4.0);
        return (long) Math.min(upper, Long.MAX_VALUE);
    }
}
