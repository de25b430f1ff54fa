package io.vellum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jetty's own error answers, with {@link JsonErrorHandler} installed, on a real Jetty server. */
class JsonErrorHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Server jetty;
    private URI endpoint;

    @BeforeEach
    void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (request.getHttpURI().getPath().startsWith("/v1/throw")) {
                    throw new AssertionError("secret detail in /tmp/vellum/state");
                }
                return false; // unhandled: Jetty answers 404 itself
            }
        });
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.start();
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anErrorEscapingTheHandlerIsAJson500WithoutDetail() throws Exception {
        HttpResponse<String> response = get("/v1/throw");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo("InternalFailure");
        assertThat(body.at("/error/code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(response.body()).doesNotContain("secret", "/tmp", "AssertionError", "<html");
    }

    @Test
    void anUnhandledPathIsAJson404() throws Exception {
        HttpResponse<String> response = get("/nowhere");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("Message").asText()).isEqualTo("HTTP 404: no resource at this path");
        assertThat(body.at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }
}
