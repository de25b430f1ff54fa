package io.vellum.server.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The native API with authentication on: requests signed with SigV4 (service {@code qldb}, any region: what
 * {@code curl --aws-sigv4 "aws:amz:us-east-1:qldb" --user KEY:SECRET} sends) are served; unsigned ones are refused.
 */
class NativeApiSigningTest {
    @TempDir
    Path directory;
    private VellumServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = VellumServer.start(ServerConfig.defaults(directory));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> signed(String method, String path, String body) throws IOException, InterruptedException {
        URI uri = server.endpoint().resolve(path);
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method))
                .putHeader("Content-Type", "application/json").build();
        SignedRequest signedRequest = AwsV4HttpSigner.create().sign(request -> request
                .identity(AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey()))
                .request(unsigned)
                .payload(() -> new ByteArrayInputStream(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "qldb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        for (Map.Entry<String, List<String>> header : signedRequest.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) { // HttpClient sets Host itself, to the same value
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedRequestsAreServedAndUnsignedOnesRefused() throws IOException, InterruptedException {
        assertThat(signed("POST", "/v1/ledgers", "{\"name\": \"bank\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> statement = signed("POST", "/v1/ledgers/bank/statements",
                "{\"statement\": \"CREATE TABLE Accounts\"}");
        assertThat(statement.statusCode()).as(statement.body()).isEqualTo(200);
        assertThat(signed("GET", "/v1/ledgers/bank/blocks/1?tip=1", null).statusCode()).isEqualTo(200);
        assertThat(signed("GET", "/v1/ledgers/bank/consistency?from=0&to=1", null).statusCode()).isEqualTo(200);
        assertThat(signed("GET", "/v1/ledgers/bank/keys", null).statusCode()).isEqualTo(200);
        assertThat(signed("POST", "/v1/ledgers/bank/keys", null).statusCode()).isEqualTo(201);
        for (String path : List.of("/v1/ledgers/bank/consistency?from=0", "/v1/ledgers/bank/keys")) {
            assertThat(http.send(HttpRequest.newBuilder(server.endpoint().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(http.send(HttpRequest.newBuilder(server.endpoint().resolve("/v1/ledgers/bank/keys"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(403);

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/v1/ledgers"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }
}
