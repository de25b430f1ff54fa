/**
 * {@code GET /metrics} in Prometheus text format 0.0.4 ({@link io.vellum.server.metrics.MetricsEndpoint}), served to
 * signed requests or as {@link io.vellum.server.metrics.MetricsAccess} allows, and the per-endpoint response-status counts the control plane and native API record
 * ({@link io.vellum.server.metrics.ResponseCounts}).
 */
package io.vellum.server.metrics;
