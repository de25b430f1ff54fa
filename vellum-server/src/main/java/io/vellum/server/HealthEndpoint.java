package io.vellum.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"ok","ledgers":N,"activeSessions":M}} while the server serves requests.
 * Needs no signature (load balancers and container probes cannot sign) and reveals only counts. Thread-safe.
 */
final class HealthEndpoint implements Endpoint {
    private static final JsonFactory JSON = new JsonFactory();
    private final LedgerRegistry ledgers;
    private final ServerMetrics metrics;

    HealthEndpoint(LedgerRegistry ledgers, ServerMetrics metrics) {
        this.ledgers = ledgers;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return AwsErrors.error(405, "MethodNotAllowedException", "/health answers GET only",
                    AwsErrors.REST_JSON);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "ok");
            json.writeNumberField("ledgers", ledgers.list().size());
            json.writeNumberField("activeSessions", metrics.activeSessions());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HttpResponse(200, Map.of("Content-Type", "application/json"), out.toByteArray());
    }
}
