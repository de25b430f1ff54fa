package io.vellum.server.metrics;

import io.vellum.engine.LedgerStatistics;
import io.vellum.error.LedgerException;
import io.vellum.server.http.Endpoint;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerHealth;
import io.vellum.server.hosting.ClusterView;
import io.vellum.server.hosting.LedgerRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /metrics}: the server's counters and every hosted ledger's statistics in Prometheus text exposition
 * format 0.0.4. Server-wide counters count since the server started; per-ledger commits and conflicts count since
 * the ledger was opened. Authentication is the router's concern. Thread-safe.
 *
 * <p>Metrics (all prefixed {@code vellum_}): {@code requests_total{endpoint}}, {@code responses_total{endpoint,status}}
 * (control plane, native API and metrics endpoint), {@code session_commands_total{command}},
 * {@code errors_total{type}}, {@code sessions_started_total}, {@code sessions_active}, {@code commits_total},
 * {@code occ_conflicts_total}, {@code commit_latency_seconds} (histogram), and per ledger {@code ledger_up},
 * {@code ledger_commits_total}, {@code ledger_occ_conflicts_total}, {@code ledger_tip_sequence_number},
 * {@code ledger_journal_bytes}, {@code ledger_state_store_bytes}.
 */
public final class MetricsEndpoint implements Endpoint {
    /** The content type Prometheus negotiates for the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final LedgerRegistry registry;
    private final ServerMetrics metrics;
    private final ResponseCounts responseCounts;

    /** Null on a single node. */
    private final ClusterView cluster;

    public MetricsEndpoint(LedgerRegistry registry, ServerMetrics metrics) {
        this(registry, metrics, null);
    }

    /** @param cluster cluster mode's replication state per ledger; null on a single node */
    public MetricsEndpoint(LedgerRegistry registry, ServerMetrics metrics, ClusterView cluster) {
        this.cluster = cluster;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.responseCounts = ResponseCounts.of(metrics);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        HttpResponse response;
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            response = new HttpResponse(405, Map.of("Content-Type", "text/plain; charset=utf-8", "Allow", "GET, HEAD"),
                    ("/metrics answers GET only, not " + request.method() + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            byte[] body = render().getBytes(StandardCharsets.UTF_8);
            response = new HttpResponse(200, Map.of("Content-Type", CONTENT_TYPE),
                    request.method().equals("HEAD") ? new byte[0] : body);
        }
        responseCounts.record(ServerMetrics.METRICS, response.status());
        return response;
    }

    /** The whole exposition, one metric family after another. */
    String render() {
        PrometheusText text = new PrometheusText();
        text.family("vellum_requests_total", "counter", "Requests routed to each endpoint.");
        metrics.requestsByEndpoint().forEach((endpoint, count) -> text.sample("vellum_requests_total", count,
                "endpoint", endpoint));
        text.family("vellum_responses_total", "counter",
                "Responses by endpoint and HTTP status (control plane, native API, metrics).");
        responseCounts.snapshot().forEach((endpoint, statuses) -> statuses.forEach((status, count) ->
                text.sample("vellum_responses_total", count, "endpoint", endpoint, "status", status.toString())));
        text.family("vellum_session_commands_total", "counter", "QLDB Session API commands by name.");
        metrics.sessionCommands().forEach((command, count) -> text.sample("vellum_session_commands_total", count,
                "command", command));
        text.family("vellum_errors_total", "counter", "Error responses by AWS error type.");
        metrics.errorsByType().forEach((type, count) -> text.sample("vellum_errors_total", count, "type", type));
        text.family("vellum_sessions_started_total", "counter", "QLDB sessions started.");
        text.sample("vellum_sessions_started_total", metrics.sessionsStarted());
        text.family("vellum_sessions_active", "gauge", "QLDB sessions currently open.");
        text.sample("vellum_sessions_active", metrics.activeSessions());
        text.family("vellum_commits_total", "counter", "Transactions committed through the server.");
        text.sample("vellum_commits_total", metrics.commits());
        text.family("vellum_occ_conflicts_total", "counter", "Commits refused by optimistic concurrency control.");
        text.sample("vellum_occ_conflicts_total", metrics.occConflicts());
        renderCommitLatency(text, metrics.commitLatency());
        renderLedgers(text);
        if (cluster != null) {
            renderCluster(text);
        }
        return text.toString();
    }

    private static void renderCommitLatency(PrometheusText text, LatencyHistogram.Snapshot latency) {
        String name = "vellum_commit_latency_seconds";
        text.family(name, "histogram", "Time from commit request to durable acknowledgement.");
        List<Double> bounds = latency.upperBoundsSeconds();
        for (int i = 0; i < bounds.size(); i++) {
            // "0.0005", "1", "10": the spelling the Go client uses, so dashboards match buckets by label text.
            text.sample(name + "_bucket", latency.cumulativeCounts().get(i), "le",
                    BigDecimal.valueOf(bounds.get(i)).stripTrailingZeros().toPlainString());
        }
        text.sample(name + "_bucket", latency.count(), "le", "+Inf");
        text.sample(name + "_sum", latency.sumSeconds());
        text.sample(name + "_count", latency.count());
    }

    private void renderLedgers(PrometheusText text) {
        text.family("vellum_ledger_up", "gauge", "1 when the ledger is open and serving, 0 when it failed to open, is"
                + " corrupted or was stopped by a failure (as /health reports it).");
        Map<String, LedgerStatistics> statistics = new LinkedHashMap<>();
        for (LedgerHealth health : registry.health()) {
            text.sample("vellum_ledger_up", health.isUp() ? 1 : 0, "ledger", health.name());
            LedgerStatistics ledgerStatistics = statistics(health.name());
            if (ledgerStatistics != null) {
                statistics.put(health.name(), ledgerStatistics);
            }
        }
        text.family("vellum_ledger_commits_total", "counter", "Blocks committed since the ledger was opened.");
        statistics.forEach((ledger, s) -> text.sample("vellum_ledger_commits_total", s.commits(), "ledger", ledger));
        text.family("vellum_ledger_occ_conflicts_total", "counter", "OCC conflicts since the ledger was opened.");
        statistics.forEach((ledger, s) -> text.sample("vellum_ledger_occ_conflicts_total", s.conflicts(), "ledger",
                ledger));
        text.family("vellum_ledger_tip_sequence_number", "gauge", "Sequence number of the newest committed block.");
        statistics.forEach((ledger, s) -> text.sample("vellum_ledger_tip_sequence_number", s.tipSequenceNo(),
                "ledger", ledger));
        text.family("vellum_ledger_journal_bytes", "gauge", "Bytes of the ledger's journal segment files.");
        statistics.forEach((ledger, s) -> text.sample("vellum_ledger_journal_bytes", s.journalBytes(), "ledger",
                ledger));
        text.family("vellum_ledger_state_store_bytes", "gauge",
                "Bytes of the ledger's state-store table files (excluding unflushed memtables).");
        statistics.forEach((ledger, s) -> text.sample("vellum_ledger_state_store_bytes", s.stateStoreBytes(),
                "ledger", ledger));
    }

    /**
     * The ledger's statistics, or null when it is not open (a scrape never retries opening a failed ledger) or was
     * closed meanwhile.
     */
    private LedgerStatistics statistics(String name) {
        try {
            return registry.openLedger(name).map(io.vellum.engine.Ledger::statistics).orElse(null);
        } catch (LedgerException e) {
            return null;
        }
    }

    private void renderCluster(PrometheusText text) {
        List<ClusterView.LedgerReplication> ledgers = cluster.ledgers();
        String node = cluster.nodeId();
        text.family("vellum_cluster_ledger_writer", "gauge", "1 when this node is the ledger's writer, else 0.");
        ledgers.forEach(l -> text.sample("vellum_cluster_ledger_writer", l.role().equals("writer") ? 1 : 0,
                "ledger", l.ledger(), "node", node));
        text.family("vellum_cluster_ledger_writer_info", "gauge", "The node this one takes as the ledger's writer.");
        ledgers.stream().filter(l -> l.writerNode() != null).forEach(l -> text.sample(
                "vellum_cluster_ledger_writer_info", 1, "ledger", l.ledger(), "writer", l.writerNode()));
        text.family("vellum_cluster_replication_lag_blocks", "gauge",
                "At most this many blocks of the ledger's topic are not applied here yet (unread records: blocks"
                + " plus one transaction marker per commit round; 0 on the writer, -1 unknown).");
        ledgers.forEach(l -> text.sample("vellum_cluster_replication_lag_blocks", l.lagBlocks(), "ledger",
                l.ledger()));
        text.family("vellum_cluster_writer_epoch", "gauge", "The writer's Kafka producer epoch (-1 unknown).");
        ledgers.forEach(l -> text.sample("vellum_cluster_writer_epoch", l.writerEpoch(), "ledger", l.ledger()));
        text.family("vellum_cluster_failovers_total", "counter", "Writer changes this node saw since it started.");
        ledgers.forEach(l -> text.sample("vellum_cluster_failovers_total", l.failovers(), "ledger", l.ledger()));
        text.family("vellum_cluster_writer_evictions_total", "counter", "Writers this node evicted from the writer"
                + " election since it started (their address refused every connection: the process was gone).");
        text.sample("vellum_cluster_writer_evictions_total", cluster.writerEvictions(), "node", node);
        text.family("vellum_cluster_replication_failed", "gauge",
                "1 when replication of the ledger stopped on this node (a block did not verify).");
        ledgers.forEach(l -> text.sample("vellum_cluster_replication_failed", l.state().equals("failed") ? 1 : 0,
                "ledger", l.ledger()));
    }
}
