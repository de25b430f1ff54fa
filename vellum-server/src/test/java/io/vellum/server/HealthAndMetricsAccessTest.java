package io.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.server.metrics.MetricsAccess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} tells whether every ledger serves (503 when one does not, or while the server is still starting)
 * and names ledgers only to signed requests; {@code /metrics}, which names every ledger, needs a signature, the
 * operator's bearer token, or an explicit insecure flag.
 */
class HealthAndMetricsAccessTest {
    private static final String TOKEN = "prometheus-scrape-token-0123456789";

    @TempDir
    Path data;

    @Test
    void healthIs503WhileALedgerFailedToOpenAndOnlySignedRequestsLearnWhich() throws IOException {
        try (VellumServer server = TestServers.start(data)) {
            server.ledgers().create("bank", false, null, Map.of());
            server.ledgers().create("broken", false, null, Map.of());
            for (int i = 0; i < 3; i++) {
                server.ledgers().ledger("broken").executeStatement("CREATE TABLE T" + i);
            }
            SignedHttpClient client = SignedHttpClient.of(server);
            JsonNode healthy = SignedHttpClient.json(client.sendUnsigned("GET", "/health", Map.of(), new byte[0])
                    .body());
            assertThat(healthy.toString()).isEqualTo("{\"status\":\"ok\",\"ledgers\":2,\"ledgersDown\":0,"
                    + "\"activeSessions\":0}");
        }
        damageFirstRecord(data.resolve("ledgers").resolve("broken").resolve("journal"));

        try (VellumServer server = TestServers.start(data)) {
            SignedHttpClient client = SignedHttpClient.of(server);
            HttpResponse<String> anonymous = client.sendUnsigned("GET", "/health", Map.of(), new byte[0]);
            assertThat(anonymous.statusCode()).isEqualTo(503);
            assertThat(anonymous.body()).isEqualTo("{\"status\":\"degraded\",\"ledgers\":2,\"ledgersDown\":1,"
                    + "\"activeSessions\":0}");

            HttpResponse<String> signed = client.send("GET", "/health", Map.of(), new byte[0],
                    server.secretAccessKey(), Clock.systemUTC());
            assertThat(signed.statusCode()).isEqualTo(503);
            JsonNode detail = SignedHttpClient.json(signed.body());
            assertThat(detail.get("status").asText()).isEqualTo("degraded");
            assertThat(detail.get("ledgerStates").toString()).isEqualTo("[{\"name\":\"bank\",\"state\":\"open\"},"
                    + "{\"name\":\"broken\",\"state\":\"corrupted\",\"reason\":\"stored data failed an integrity check"
                    + " (CORRUPTION); the ledger refuses transactions; the server log names the damage\"}]");
            assertThat(signed.body()).doesNotContain(data.toString()).doesNotContain(".seg").doesNotContain("Exception");

            HttpResponse<String> forged = client.send("GET", "/health", Map.of(), new byte[0], "not-the-secret",
                    Clock.systemUTC());
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).doesNotContain("broken");
            // /metrics agrees with /health.
            String metrics = client.send("GET", "/metrics", Map.of(), new byte[0], server.secretAccessKey(),
                    Clock.systemUTC()).body();
            assertThat(metrics).contains("vellum_ledger_up{ledger=\"bank\"} 1\n")
                    .contains("vellum_ledger_up{ledger=\"broken\"} 0\n");
        }
    }

    @Test
    void healthIs503StartingUntilTheStarterMarksTheServerReadyWhateverTheLedgers() throws IOException {
        Readiness readiness = Readiness.starting();
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(data), null, null, readiness)) {
            SignedHttpClient client = SignedHttpClient.of(server);
            HttpResponse<String> starting = client.sendUnsigned("GET", "/health", Map.of(), new byte[0]);
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).isEqualTo("{\"status\":\"starting\",\"ledgers\":0,\"ledgersDown\":0,"
                    + "\"activeSessions\":0}");
            // Still starting once a ledger is there: only the starter knows when its own work is done.
            server.ledgers().create("bank", false, null, Map.of());
            assertThat(client.sendUnsigned("GET", "/health", Map.of(), new byte[0]).statusCode()).isEqualTo(503);

            readiness.markReady();
            HttpResponse<String> ready = client.sendUnsigned("GET", "/health", Map.of(), new byte[0]);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"ok\",\"ledgers\":1,\"ledgersDown\":0,"
                    + "\"activeSessions\":0}");
        }
    }

    @Test
    void metricsNeedASignatureByDefault() {
        try (VellumServer server = TestServers.start(data)) {
            server.ledgers().create("secret-project", false, null, Map.of());
            SignedHttpClient client = SignedHttpClient.of(server);
            HttpResponse<String> anonymous = client.sendUnsigned("GET", "/metrics", Map.of(), new byte[0]);
            assertThat(anonymous.statusCode()).isEqualTo(403);
            assertThat(anonymous.body()).doesNotContain("secret-project");
            HttpResponse<String> bearer = client.sendUnsigned("GET", "/metrics",
                    Map.of("Authorization", List.of("Bearer " + TOKEN)), new byte[0]);
            assertThat(bearer.statusCode()).as("no token configured").isEqualTo(403);
            HttpResponse<String> signed = client.send("GET", "/metrics", Map.of(), new byte[0],
                    server.secretAccessKey(), Clock.systemUTC());
            assertThat(signed.statusCode()).isEqualTo(200);
            assertThat(signed.body()).contains("vellum_ledger_up{ledger=\"secret-project\"} 1");
        }
    }

    @Test
    void metricsAcceptTheOperatorsBearerTokenAndOnlyThat() {
        try (VellumServer server = TestServers.start(data,
                config -> config.withMetricsAccess(new MetricsAccess(TOKEN, false)))) {
            SignedHttpClient client = SignedHttpClient.of(server);
            assertThat(client.sendUnsigned("GET", "/metrics", Map.of("Authorization", List.of("Bearer " + TOKEN)),
                    new byte[0]).statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = client.sendUnsigned("GET", "/metrics",
                    Map.of("Authorization", List.of("Bearer " + TOKEN + "x")), new byte[0]);
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).contains("The bearer token is not this server's metrics token")
                    .doesNotContain(TOKEN);
            assertThat(client.sendUnsigned("GET", "/metrics", Map.of(), new byte[0]).statusCode()).isEqualTo(403);
            assertThat(client.send("GET", "/metrics", Map.of(), new byte[0], server.secretAccessKey(),
                    Clock.systemUTC()).statusCode()).as("signed still works").isEqualTo(200);
            // The token opens /metrics only.
            assertThat(client.sendUnsigned("GET", "/v1/ledgers", Map.of("Authorization", List.of("Bearer " + TOKEN)),
                    new byte[0]).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void metricsAreOpenOnlyWithTheExplicitInsecureFlag() {
        try (VellumServer server = TestServers.start(data,
                config -> config.withMetricsAccess(new MetricsAccess(null, true)))) {
            SignedHttpClient client = SignedHttpClient.of(server);
            assertThat(client.sendUnsigned("GET", "/metrics", Map.of(), new byte[0]).statusCode()).isEqualTo(200);
            assertThat(client.sendUnsigned("GET", "/v1/ledgers", Map.of(), new byte[0]).statusCode()).isEqualTo(403);
        }
    }

    /** Flips a byte inside the first record (block 0) of the only segment: damage that is not a torn tail. */
    private static void damageFirstRecord(Path journal) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.list(journal)) {
            segment = files.filter(file -> file.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long offset = 20 + 8 + 16; // past the segment header, the record's length and CRC, into its block
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x5a)}), offset);
        }
    }
}
