/**
 * The server's counters and their Prometheus face: {@link io.vellum.server.metrics.ServerMetrics} (requests, session
 * commands, commits, conflicts, errors, commit latency in a {@link io.vellum.server.metrics.LatencyHistogram}),
 * recorded by every endpoint; {@code GET /metrics} in Prometheus text format 0.0.4
 * ({@link io.vellum.server.metrics.MetricsEndpoint}), served to signed requests or as
 * {@link io.vellum.server.metrics.MetricsAccess} allows; and the per-endpoint response-status counts the control
 * plane and native API record ({@link io.vellum.server.metrics.ResponseCounts}).
 *
 * <p>May use: the engine's public API, vellum-errors, and of the server {@code http} and {@code hosting}; never
 * Jetty, the root package or another API package (the server's {@code ArchitectureTest}).
 */
package io.vellum.server.metrics;
