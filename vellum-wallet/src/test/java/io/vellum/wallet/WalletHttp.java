package io.vellum.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.RequestSignature;
import io.vellum.client.internal.SigV4Signer;

/** A small HTTP client of the wallet API for tests: real requests over TCP, JSON answers as trees. */
final class WalletHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, the raw body, the body as JSON (MissingNode when not JSON), and headers. */
    record Answer(int status, String body, JsonNode json, HttpResponse<String> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return json.path("error").path("code").asText(null);
        }

        String errorField() {
            return json.path("error").path("field").asText(null);
        }

        String errorMessage() {
            return json.path("error").path("message").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final URI base;
    private final HttpClient client;
    /** Signs every request (AWS SigV4, as curl --aws-sigv4 does), or null to send them unsigned. */
    private final SigV4Signer signer;

    /** A client that signs every request with the wallet's own key pair (none when it runs with no auth). */
    WalletHttp(WalletService service) {
        this(service.uri(), service.accessKeyId(), service.secretAccessKey());
    }

    /** A client signing with {@code accessKeyId}/{@code secret}, or sending unsigned requests when they are null. */
    WalletHttp(URI base, String accessKeyId, String secret) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.signer = accessKeyId == null ? null
                : new SigV4Signer(new Credentials(accessKeyId, secret), "us-east-1", "wallet");
    }

    /** The same wallet, without signatures. */
    WalletHttp unsigned() {
        return new WalletHttp(base, null, null);
    }

    Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Answer post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    Answer post(String path, byte[] body) {
        return send("POST", path, body, "Content-Type", "application/json");
    }

    Answer put(String path, String body) {
        return send("PUT", path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    Answer delete(String path) {
        return send("DELETE", path, (byte[]) null);
    }

    /** A request with a JSON body (none when {@code body} is null), as a well-behaved client sends it. */
    Answer send(String method, String path, String body) {
        return body == null ? send(method, path, (byte[]) null)
                : send(method, path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    /**
     * Sends exactly these headers (name, value, name, value…) and body (null for none), signed when this client
     * signs: the signature covers every header given, the host and the body.
     */
    Answer send(String method, String path, byte[] body, String... headers) {
        return send(request(method, path, body, headers));
    }

    /** The request {@link #send(String, String, byte[], String...)} sends, for callers with their own client. */
    HttpRequest.Builder request(String method, String path, byte[] body, String... headers) {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> signed = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            signed.put(headers[i], headers[i + 1]);
        }
        if (signer != null) {
            // The signer and the verifier canonicalise the raw path alike (vellum-sigv4), escapes included.
            RequestSignature signature = signer.sign(method, uri, signed, body == null ? new byte[0] : body,
                    Instant.now());
            request.header("X-Amz-Date", signature.amzDate()).header("Authorization", signature.authorization());
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = MissingNode.getInstance();
            }
            return new Answer(response.statusCode(), response.body(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates the tables, the indexes and the given accounts, asserting success. */
    void setUp(String... accountIds) {
        expect(post("/tables", ""), 201);
        expect(post("/indexes", ""), 201);
        for (String accountId : accountIds) {
            expect(post("/accounts", "{\"accountId\":\"" + accountId + "\"}"), 201);
        }
    }

    Answer deposit(String accountId, String amount) {
        return post("/accounts/" + accountId + "/deposits", "{\"amount\":\"" + amount + "\"}");
    }

    Answer withdraw(String accountId, String amount) {
        return post("/accounts/" + accountId + "/withdrawals", "{\"amount\":\"" + amount + "\"}");
    }

    Answer transfer(String from, String to, String amount) {
        return post("/transfers", "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to
                + "\",\"amount\":\"" + amount + "\"}");
    }

    String balance(String accountId) {
        return expect(get("/accounts/" + accountId + "/balance"), 200).json().get("balance").asText();
    }

    static Answer expect(Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + answer);
        }
        return answer;
    }
}
