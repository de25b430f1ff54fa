package io.vellum.server.metrics;

import io.vellum.server.http.Endpoint;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one server, recorded by every endpoint and read by the metrics endpoint. Thread-safe; recording is a
 * lock-free increment, so it is cheap on the request path. Counters start at zero when the server starts.
 */
public final class ServerMetrics {
    /** Endpoint names used by the server for {@link #recordRequest}. */
    public static final String SESSION = "session";
    public static final String CONTROL = "control";
    public static final String NATIVE = "native";
    public static final String METRICS = "metrics";
    public static final String HEALTH = "health";

    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> sessionCommands = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder sessionsStarted = new LongAdder();
    private final AtomicLong activeSessions = new AtomicLong();
    private final LongAdder commits = new LongAdder();
    private final LongAdder occConflicts = new LongAdder();
    private final LatencyHistogram commitLatency = new LatencyHistogram();

    /** One request routed to {@code endpoint} (e.g. {@link #SESSION}). */
    public void recordRequest(String endpoint) {
        requests.computeIfAbsent(endpoint, name -> new LongAdder()).increment();
    }

    /** One Session API command (StartSession, ExecuteStatement, …). */
    public void recordSessionCommand(String command) {
        sessionCommands.computeIfAbsent(command, name -> new LongAdder()).increment();
    }

    /** One error response, by its AWS {@code __type} (e.g. OccConflictException). */
    public void recordError(String type) {
        errors.computeIfAbsent(type, name -> new LongAdder()).increment();
    }

    public void recordSessionStarted() {
        sessionsStarted.increment();
        activeSessions.incrementAndGet();
    }

    public void recordSessionEnded() {
        activeSessions.decrementAndGet();
    }

    /** One committed transaction and how long its commit took (from request to durable acknowledgement). */
    public void recordCommit(long latencyNanos) {
        commits.increment();
        commitLatency.record(latencyNanos);
    }

    /** One commit refused by OCC validation. */
    public void recordOccConflict() {
        occConflicts.increment();
    }

    /** Requests by endpoint name, sorted by name. */
    public Map<String, Long> requestsByEndpoint() {
        return sums(requests);
    }

    /** Session API commands by name, sorted by name. */
    public Map<String, Long> sessionCommands() {
        return sums(sessionCommands);
    }

    /** Error responses by {@code __type}, sorted by type. */
    public Map<String, Long> errorsByType() {
        return sums(errors);
    }

    public long sessionsStarted() {
        return sessionsStarted.sum();
    }

    public long activeSessions() {
        return activeSessions.get();
    }

    public long commits() {
        return commits.sum();
    }

    public long occConflicts() {
        return occConflicts.sum();
    }

    public LatencyHistogram.Snapshot commitLatency() {
        return commitLatency.snapshot();
    }

    private static Map<String, Long> sums(ConcurrentHashMap<String, LongAdder> counters) {
        Map<String, Long> sums = new TreeMap<>();
        counters.forEach((name, adder) -> sums.put(name, adder.sum()));
        return sums;
    }
}
