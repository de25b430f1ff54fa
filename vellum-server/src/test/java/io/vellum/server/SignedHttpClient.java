package io.vellum.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw HTTP to a server, signed with the AWS SDK's SigV4 signer (service {@code qldb}), for requests no well-behaved
 * client would send. java.net.http sets Host and Content-Length itself, so those are not signed here.
 */
public final class SignedHttpClient {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String accessKeyId;
    private final String secret;

    public SignedHttpClient(URI endpoint, String accessKeyId, String secret) {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    public static SignedHttpClient of(VellumServer server) {
        return new SignedHttpClient(server.endpoint(), server.accessKeyId(), server.secretAccessKey());
    }

    /** A Session API SendCommand with {@code body} as is. */
    public HttpResponse<String> sendCommand(String body) {
        return sendCommand(body.getBytes(StandardCharsets.UTF_8), secret, Clock.systemUTC());
    }

    public HttpResponse<String> sendCommand(byte[] body, String signingSecret, Clock clock) {
        return send("POST", "/", Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "QLDBSession.SendCommand"), body, signingSecret, clock);
    }

    /** Parses a 200 SendCommand result and returns the member named after the command. */
    public JsonNode command(String body, String command) {
        HttpResponse<String> response = sendCommand(body);
        if (response.statusCode() != 200) {
            throw new AssertionError(command + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).get(command);
    }

    public HttpResponse<String> send(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                                     String signingSecret, Clock clock) {
        return sendUnsigned(method, pathAndQuery, sign(method, pathAndQuery, headers, body, signingSecret, clock),
                body);
    }

    /**
     * A signed GET whose body is handed over line by line as it arrives (an event stream); the returned stream of
     * lines ends when the server ends the response. No request timeout: the caller bounds its reads.
     */
    public HttpResponse<Stream<String>> getLines(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery)).GET();
        sign("GET", pathAndQuery, headers, new byte[0], secret, Clock.systemUTC()).forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, List<String>> sign(String method, String pathAndQuery, Map<String, String> headers,
                                           byte[] body, String signingSecret, Clock clock) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(endpoint + pathAndQuery));
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, signingSecret))
                .request(unsigned.build())
                .payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "qldb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        return signed.headers();
    }

    /** Sends exactly the given headers (minus the ones java.net.http owns). */
    public HttpResponse<String> sendUnsigned(String method, String pathAndQuery, Map<String, List<String>> headers,
                                             byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
