package io.vellum.server.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Responses by endpoint and HTTP status, which {@link ServerMetrics} does not count. Kept beside a server's
 * {@code ServerMetrics} (one instance per instance, found with {@link #of}) so that the endpoints that record and
 * the {@link MetricsEndpoint} that renders share the counts without another constructor argument. Recording is a
 * lock-free increment. Thread-safe.
 */
public final class ResponseCounts {
    /** One per server; weak keys so a closed server's counts go with it. Guarded by itself. */
    private static final Map<ServerMetrics, ResponseCounts> BY_SERVER = Collections.synchronizedMap(new WeakHashMap<>());

    /** Counters by endpoint, then by status. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, LongAdder>> counts = new ConcurrentHashMap<>();

    private ResponseCounts() {
    }

    /** The counts kept beside {@code metrics}. */
    public static ResponseCounts of(ServerMetrics metrics) {
        return BY_SERVER.computeIfAbsent(metrics, server -> new ResponseCounts());
    }

    /** One response of {@code endpoint} (a {@link ServerMetrics} endpoint name) with {@code status}. */
    public void record(String endpoint, int status) {
        counts.computeIfAbsent(endpoint, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, code -> new LongAdder())
                .increment();
    }

    /** Counts by endpoint, then status; both sorted. */
    public Map<String, Map<Integer, Long>> snapshot() {
        Map<String, Map<Integer, Long>> snapshot = new TreeMap<>();
        counts.forEach((endpoint, byStatus) -> {
            Map<Integer, Long> statuses = new TreeMap<>();
            byStatus.forEach((status, adder) -> statuses.put(status, adder.sum()));
            snapshot.put(endpoint, statuses);
        });
        return snapshot;
    }
}
