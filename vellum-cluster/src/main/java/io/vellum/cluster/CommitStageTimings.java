package io.vellum.cluster;

/**
 * How long one stage of a replicated writer's commit rounds took, since the writer started (a metric a server can
 * expose). Percentiles come from a histogram with buckets a quarter of a power of two wide, so they are upper
 * bounds at most about 19 % above the true value.
 *
 * @param stage      the stage's name, e.g. {@code kafka.commit}
 * @param count      how many times it ran
 * @param meanMillis mean duration
 * @param p50Millis  median duration (bucket upper bound)
 * @param p99Millis  99th percentile (bucket upper bound)
 * @param maxMillis  longest duration
 */
public record CommitStageTimings(String stage, long count, double meanMillis, double p50Millis, double p99Millis,
                                 double maxMillis) {
    @Override
    public String toString() {
        return String.format("%s: n=%d mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms", stage, count,
                meanMillis, p50Millis, p99Millis, maxMillis);
    }
}
