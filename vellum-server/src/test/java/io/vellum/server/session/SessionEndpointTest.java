package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.engine.LedgerOptions;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.metrics.ServerMetrics;
import io.vellum.server.SignedHttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint without HTTP: session quota per ledger and the bookkeeping the metrics show. */
class SessionEndpointTest {
    @TempDir
    Path directory;
    private LedgerRegistry ledgers;
    private ServerMetrics metrics;
    private SessionEndpoint endpoint;

    @BeforeEach
    void open() {
        ledgers = new LedgerRegistry(directory, LedgerOptions.defaults(), "us-east-1");
        ledgers.create("one", false, null, Map.of());
        ledgers.create("two", false, null, Map.of());
        metrics = new ServerMetrics();
        endpoint = new SessionEndpoint(ledgers, metrics, new SessionLimits(Duration.ofMinutes(1),
                Duration.ofMinutes(15), Duration.ofSeconds(30), 3));
    }

    @AfterEach
    void close() {
        endpoint.close();
        ledgers.close();
    }

    @Test
    void refusesSessionsBeyondTheQuotaOfALedger() {
        String first = token(send("{\"StartSession\":{\"LedgerName\":\"one\"}}"));
        send("{\"StartSession\":{\"LedgerName\":\"one\"}}");
        send("{\"StartSession\":{\"LedgerName\":\"one\"}}");
        HttpResponse refused = send("{\"StartSession\":{\"LedgerName\":\"one\"}}");
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = SignedHttpClient.json(new String(refused.body(), StandardCharsets.UTF_8));
        assertThat(error.get("__type").asText()).isEqualTo("LimitExceededException");
        assertThat(error.get("Message").asText()).contains("limit of 3 active sessions");
        // Another ledger has its own quota; ending a session frees a slot.
        assertThat(send("{\"StartSession\":{\"LedgerName\":\"two\"}}").status()).isEqualTo(200);
        assertThat(send("{\"SessionToken\":\"" + first + "\",\"EndSession\":{}}").status()).isEqualTo(200);
        assertThat(send("{\"StartSession\":{\"LedgerName\":\"one\"}}").status()).isEqualTo(200);
        assertThat(endpoint.activeSessions()).isEqualTo(4);
        assertThat(metrics.activeSessions()).isEqualTo(4);
        assertThat(metrics.sessionsStarted()).isEqualTo(5);
    }

    @Test
    void aDeletedLedgerEndsItsSessions() {
        String token = token(send("{\"StartSession\":{\"LedgerName\":\"two\"}}"));
        ledgers.delete("two");
        HttpResponse response = send("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{}}");
        JsonNode error = SignedHttpClient.json(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(error.get("__type").asText()).isEqualTo("InvalidSessionException");
        assertThat(error.get("Message").asText()).contains("ledger two no longer exists");
        assertThat(endpoint.activeSessions()).isZero();
    }

    private HttpResponse send(String body) {
        return endpoint.handle(new HttpRequest("POST", "/", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String token(HttpResponse response) {
        assertThat(response.status()).isEqualTo(200);
        return SignedHttpClient.json(new String(response.body(), StandardCharsets.UTF_8)).get("StartSession")
                .get("SessionToken").asText();
    }
}
