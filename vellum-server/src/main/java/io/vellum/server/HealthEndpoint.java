package io.vellum.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vellum.server.hosting.ClusterView;
import io.vellum.server.hosting.LedgerHealth;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.metrics.ServerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: whether every hosted ledger serves.
 *
 * <ul>
 *   <li>200 {@code {"status":"ok","ledgers":N,"ledgersDown":0,"activeSessions":M}} when every ledger is open;</li>
 *   <li>503 {@code {"status":"degraded",…,"ledgersDown":D,…}} when any ledger failed to open, is corrupted, or was
 *       stopped by a failure (the server still serves the others);</li>
 *   <li>503 {@code {"status":"starting",…}} while the server still does what it was asked to do at start (e.g.
 *       {@code vellum serve --ledger NAME} creating the ledger; {@link Readiness}), whatever the ledgers' state.</li>
 * </ul>
 * Needs no signature (load balancers and container probes cannot sign), and then reveals only counts. A signed
 * request (or any request while auth is off) also gets {@code "ledgerStates":[{"name","state","reason"?}]}, state
 * {@code open}, {@code failed}, {@code corrupted} or {@code stopped}, the reason a short fixed phrase with the error
 * code (never a file path or a library's message: the server log has those). Thread-safe.
 */
final class HealthEndpoint {
    private static final JsonFactory JSON = new JsonFactory();
    private final LedgerRegistry ledgers;
    private final ServerMetrics metrics;

    /** Null on a single node. */
    private final ClusterView cluster;
    private final Readiness readiness;

    /** @param cluster cluster mode's replication state, shown per ledger to signed requests; null on a single node */
    HealthEndpoint(LedgerRegistry ledgers, ServerMetrics metrics, ClusterView cluster, Readiness readiness) {
        this.ledgers = ledgers;
        this.metrics = metrics;
        this.cluster = cluster;
        this.readiness = readiness;
    }

    /** @param detailed whether to name each ledger and its state (signed requests only) */
    HttpResponse handle(HttpRequest request, boolean detailed) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return AwsErrors.error(405, "MethodNotAllowedException", "/health answers GET only",
                    AwsErrors.REST_JSON);
        }
        List<LedgerHealth> health = ledgers.health();
        long down = health.stream().filter(ledger -> !ledger.isUp()).count();
        boolean starting = !readiness.isReady();
        boolean serving = down == 0 && !starting;
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", starting ? "starting" : down == 0 ? "ok" : "degraded");
            json.writeNumberField("ledgers", health.size());
            json.writeNumberField("ledgersDown", down);
            json.writeNumberField("activeSessions", metrics.activeSessions());
            if (detailed) {
                json.writeArrayFieldStart("ledgerStates");
                for (LedgerHealth ledger : health) {
                    json.writeStartObject();
                    json.writeStringField("name", ledger.name());
                    json.writeStringField("state", ledger.state().wireName());
                    if (ledger.reason() != null) {
                        json.writeStringField("reason", ledger.reason());
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                if (cluster != null) {
                    writeCluster(json);
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HttpResponse(serving ? 200 : 503, Map.of("Content-Type", "application/json",
                "Cache-Control", "no-store"), out.toByteArray());
    }

    /** {@code "cluster":{"node":…,"ledgers":[{"name","role","state","writer","lagBlocks","writerEpoch","failovers"}]}}. */
    private void writeCluster(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("cluster");
        json.writeStringField("node", cluster.nodeId());
        json.writeArrayFieldStart("ledgers");
        for (ClusterView.LedgerReplication ledger : cluster.ledgers()) {
            json.writeStartObject();
            json.writeStringField("name", ledger.ledger());
            json.writeStringField("role", ledger.role());
            json.writeStringField("state", ledger.state());
            if (ledger.writerNode() != null) {
                json.writeStringField("writer", ledger.writerNode());
            }
            json.writeNumberField("lagBlocks", ledger.lagBlocks());
            json.writeNumberField("writerEpoch", ledger.writerEpoch());
            json.writeNumberField("failovers", ledger.failovers());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
