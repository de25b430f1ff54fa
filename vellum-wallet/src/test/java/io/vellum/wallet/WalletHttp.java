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

    WalletHttp(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    Answer get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Answer post(String path, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer put(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    Answer send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
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
