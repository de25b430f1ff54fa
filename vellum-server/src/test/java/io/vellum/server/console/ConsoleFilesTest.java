package io.vellum.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files over real HTTP: served unsigned, with the security headers; the APIs stay signed. */
class ConsoleFilesTest {
    @TempDir
    static Path data;
    static VellumServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServers.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void indexIsServedWithoutSignatureUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> index = send("GET", "/console/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none';"
                + " script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none';"
                + " form-action 'none'; frame-ancestors 'none'");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>")
                .doesNotContain("<script>").doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void everyListedFileIsServedWithItsMediaType() throws Exception {
        for (String name : ConsoleAssets.NAMES) {
            HttpResponse<String> file = send("GET", "/console/" + name);
            assertThat(file.statusCode()).as(name).isEqualTo(200);
            assertThat(file.body()).as(name).isNotEmpty().doesNotContain("eval(").doesNotContain("innerHTML");
        }
        assertThat(send("GET", "/console/app.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
    }

    @Test
    void unknownFilesTraversalAndOtherMethodsAreRefused() throws Exception {
        assertThat(send("GET", "/console/secret.txt").statusCode()).isEqualTo(404);
        // A way out of /console is either refused or leaves the console (and then needs a signature).
        for (String escape : new String[] {"/console/../credentials", "/console/%2e%2e/credentials",
                "/console/..%2fcredentials", "/console/%2e%2e%2fcredentials"}) {
            HttpResponse<String> answer = send("GET", escape);
            assertThat(answer.statusCode()).as(escape).isIn(400, 403, 404);
            assertThat(answer.body()).as(escape).doesNotContain("aws_secret_access_key");
        }
        assertThat(send("GET", "/console/io/vellum/server/console/app.js").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/console/index.html");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> bare = send("GET", "/console");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
    }

    @Test
    void theApisStillRequireSignatures() throws Exception {
        HttpResponse<String> ledgers = send("GET", "/v1/ledgers");
        assertThat(ledgers.statusCode()).isEqualTo(403);
        assertThat(ledgers.body()).contains("MissingAuthenticationTokenException");
        assertThat(send("GET", "/consoles").statusCode()).isEqualTo(403); // not the console: the control plane
    }
}
