package io.vellum.server.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed buckets, shaped for Prometheus: {@link Snapshot#cumulativeCounts()} holds, for each
 * upper bound, how many observations were at most that long (the {@code le} buckets; {@code +Inf} is
 * {@link Snapshot#count()}). Thread-safe and lock-free; a snapshot taken while others record may be off by the
 * observations in flight, which monitoring tolerates.
 */
public final class LatencyHistogram {
    /** Upper bounds in seconds: from half a millisecond (a group commit on fast storage) to ten seconds. */
    public static final List<Double> DEFAULT_BOUNDS_SECONDS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private final long[] boundsNanos;
    private final List<Double> boundsSeconds;
    /** Non-cumulative counts per bucket; the last slot counts observations above every bound. */
    private final AtomicLongArray buckets;
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    /**
     * One histogram snapshot.
     *
     * @param upperBoundsSeconds the {@code le} bounds, ascending
     * @param cumulativeCounts   observations at most each bound (same length as the bounds)
     * @param count              all observations (the {@code +Inf} bucket)
     * @param sumSeconds         the sum of all observations
     */
    public record Snapshot(List<Double> upperBoundsSeconds, List<Long> cumulativeCounts, long count, double sumSeconds) {
    }

    public LatencyHistogram() {
        this(DEFAULT_BOUNDS_SECONDS);
    }

    public LatencyHistogram(List<Double> upperBoundsSeconds) {
        this.boundsSeconds = List.copyOf(upperBoundsSeconds);
        this.boundsNanos = new long[boundsSeconds.size()];
        for (int i = 0; i < boundsNanos.length; i++) {
            boundsNanos[i] = Math.round(boundsSeconds.get(i) * 1e9);
            if (i > 0 && boundsNanos[i] <= boundsNanos[i - 1]) {
                throw new IllegalArgumentException("histogram bounds must ascend: " + upperBoundsSeconds);
            }
        }
        this.buckets = new AtomicLongArray(boundsNanos.length + 1);
    }

    public void record(long nanos) {
        int bucket = 0;
        while (bucket < boundsNanos.length && nanos > boundsNanos[bucket]) {
            bucket++;
        }
        buckets.incrementAndGet(bucket);
        count.increment();
        sumNanos.add(nanos);
    }

    public Snapshot snapshot() {
        Long[] cumulative = new Long[boundsNanos.length];
        long running = 0;
        for (int i = 0; i < boundsNanos.length; i++) {
            running += buckets.get(i);
            cumulative[i] = running;
        }
        long total = running + buckets.get(boundsNanos.length);
        return new Snapshot(boundsSeconds, List.of(cumulative), total, sumNanos.sum() / 1e9);
    }
}
