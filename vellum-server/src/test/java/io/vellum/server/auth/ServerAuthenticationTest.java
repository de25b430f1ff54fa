package io.vellum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldbsession.model.QldbSessionException;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/** SigV4 on a real server: the official driver with the right key works; everything else gets 403. */
class ServerAuthenticationTest {
    private static final byte[] START = "{\"StartSession\":{\"LedgerName\":\"secured\"}}".getBytes(StandardCharsets.UTF_8);
    @TempDir
    static Path data;
    private static VellumServer server;
    private static SignedHttpClient client;

    @BeforeAll
    static void start() {
        server = TestServers.start(data);
        server.ledgers().create("secured", false, null, Map.of());
        client = SignedHttpClient.of(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theOfficialDriverWithTheRightKeyWorks() throws Exception {
        try (QldbDriver driver = TestServers.driver(server, "secured")) {
            driver.execute(txn -> {
                txn.execute("CREATE TABLE Secret");
            });
            assertThat(driver.getTableNames()).contains("Secret");
        }
    }

    @Test
    void theOfficialDriverWithAWrongSecretIsRefused() throws Exception {
        try (QldbDriver driver = QldbDriver.builder().ledger("secured")
                .transactionRetryPolicy(RetryPolicy.none())
                .sessionClientBuilder(TestServers.sessionClient(server, server.accessKeyId(), "wrong-secret"))
                .build()) {
            assertThatThrownBy(() -> driver.execute(txn -> {
                txn.execute("SELECT * FROM information_schema.user_tables");
            })).isInstanceOfSatisfying(QldbSessionException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            });
        }
    }

    @Test
    void aWrongSecretIsRefused() {
        assertRefused(client.sendCommand(START, "not-the-secret", Clock.systemUTC()), "InvalidSignatureException",
                "signature we calculated does not match");
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        SignedHttpClient stranger = new SignedHttpClient(server.endpoint(), "AKIASTRANGER00000000",
                server.secretAccessKey());
        assertRefused(stranger.sendCommand(START, server.secretAccessKey(), Clock.systemUTC()),
                "UnrecognizedClientException", "AKIASTRANGER00000000");
    }

    @Test
    void aTamperedBodyIsRefused() {
        HttpResponse<String> genuine = client.sendCommand(START, server.secretAccessKey(), Clock.systemUTC());
        assertThat(genuine.statusCode()).isEqualTo(200);
        // Replay the signed headers of one body with another body.
        byte[] original = "{\"StartSession\":{\"LedgerName\":\"secured\"}}".getBytes(StandardCharsets.UTF_8);
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(server.accessKeyId(),
                        server.secretAccessKey()))
                .request(software.amazon.awssdk.http.SdkHttpRequest.builder()
                        .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(server.endpoint().resolve("/"))
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("X-Amz-Target", "QLDBSession.SendCommand").build())
                .payload(() -> new java.io.ByteArrayInputStream(original))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "qldb")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        byte[] tampered = "{\"StartSession\":{\"LedgerName\":\"secures\"}}".getBytes(StandardCharsets.UTF_8);
        assertRefused(client.sendUnsigned("POST", "/", signed.request().headers(), tampered),
                "InvalidSignatureException", "");
    }

    @Test
    void aRequestOlderThanFifteenMinutesIsRefused() {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
        HttpResponse<String> response = client.sendCommand(START, server.secretAccessKey(), past);
        assertRefused(response, "InvalidSignatureException", "Signature expired");
        // The Date header lets SDKs correct their clock skew.
        assertThat(response.headers().firstValue("Date")).isPresent();
    }

    @Test
    void anUnsignedRequestIsRefusedEverywhereButHealth() {
        assertRefused(client.sendUnsigned("POST", "/", Map.of("Content-Type", List.of("application/x-amz-json-1.0"),
                "X-Amz-Target", List.of("QLDBSession.SendCommand")), START), "MissingAuthenticationTokenException",
                "Missing Authentication Token");
        HttpResponse<String> ledgers = client.sendUnsigned("GET", "/ledgers", Map.of(), new byte[0]);
        assertThat(ledgers.statusCode()).isEqualTo(403);
        HttpResponse<String> nativeApi = client.sendUnsigned("GET", "/v1/ledgers", Map.of(), new byte[0]);
        assertThat(nativeApi.statusCode()).isEqualTo(403);
        HttpResponse<String> health = client.sendUnsigned("GET", "/health", Map.of(), new byte[0]);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode status = SignedHttpClient.json(health.body());
        assertThat(status.get("status").asText()).isEqualTo("ok");
        assertThat(status.get("ledgers").asInt()).isEqualTo(1);
        assertThat(status.has("ledgerStates")).as("no ledger names without a signature").isFalse();
        // /metrics names every ledger: signed like everything else unless the operator says otherwise.
        assertThat(client.sendUnsigned("GET", "/metrics", Map.of(), new byte[0]).statusCode()).isEqualTo(403);
    }

    @Test
    void withAuthenticationOffUnsignedRequestsAreServed(@TempDir Path otherData) {
        try (VellumServer open = TestServers.start(otherData, config -> config.withInsecureNoAuth(true))) {
            open.ledgers().create("open", false, null, Map.of());
            SignedHttpClient anonymous = SignedHttpClient.of(open);
            HttpResponse<String> response = anonymous.sendUnsigned("POST", "/", Map.of(
                    "Content-Type", List.of("application/x-amz-json-1.0"),
                    "X-Amz-Target", List.of("QLDBSession.SendCommand")),
                    "{\"StartSession\":{\"LedgerName\":\"open\"}}".getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    private static void assertRefused(HttpResponse<String> response, String type, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains(type);
        JsonNode body = SignedHttpClient.json(response.body());
        assertThat(body.get("__type").asText()).isEqualTo(type);
        assertThat(body.get("Message").asText()).contains(messagePart);
    }
}
