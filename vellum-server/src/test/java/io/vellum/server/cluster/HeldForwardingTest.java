package io.vellum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestForwarding.Api;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * A writer request that arrives while its ledger has no live writer — none named while the election chooses one, or
 * the named one refuses connections (SIGKILLed) — is held and forwarded as soon as the next writer is known, instead
 * of the immediate retryable 503 that sent the client into its retry back-off. A request that may have reached a
 * writer is never sent again.
 */
class HeldForwardingTest {
    private static final long HOLD_NANOS = 60_000_000_000L; // never reached in these tests but the last ones

    @TempDir
    Path directory;
    private VellumServer writer;
    /** This node's view of the ledger's writer, as the catalog and the election would change it. */
    private final AtomicReference<WriterRoute> route = new AtomicReference<>(WriterRoute.unknown(null));
    private final HttpForwarder forwarder = new HttpForwarder(2_000, 10_000);

    @BeforeEach
    void start() {
        writer = VellumServer.start(ServerConfig.defaults(directory).withCredentials("AKIDFORWARDTEST00001",
                "forwarding-test-secret-shared-by-nodes"));
        writer.ledgers().create("payments", false, null, Map.of());
    }

    @AfterEach
    void stop() {
        writer.close();
    }

    @Test
    void aRequestArrivingWhileNoWriterIsKnownIsForwardedOnceAWriterIsNamed() throws Exception {
        HeldForwarding holding = new HeldForwarding(forwarder, ledger -> route.get(), () -> false, HOLD_NANOS, 8);

        CompletableFuture<HttpResponse> answer = inBackground(holding, startSession());
        awaitHeld(holding, 1);
        assertThat(answer).isNotDone();
        route.set(WriterRoute.remote("node-c", writer.endpoint()));

        HttpResponse response = answer.get();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status()).as(body).isEqualTo(200);
        assertThat(body).contains("\"SessionToken\":\"payments");
        assertThat(holding.held()).isZero();
    }

    @Test
    void aRequestRefusedByADeadWriterIsForwardedToItsSuccessor() throws Exception {
        URI dead = closedPort();
        route.set(WriterRoute.remote("node-a", dead));
        HeldForwarding holding = new HeldForwarding(forwarder, ledger -> route.get(), () -> false, HOLD_NANOS, 8);

        CompletableFuture<HttpResponse> answer = inBackground(holding, startSession());
        awaitHeld(holding, 1);
        route.set(WriterRoute.remote("node-c", writer.endpoint()));

        assertThat(answer.get().status()).isEqualTo(200);
    }

    @Test
    void aRequestHeldUntilThisNodeWritesIsServedHere() throws Exception {
        HeldForwarding holding = new HeldForwarding(forwarder, ledger -> route.get(), () -> false, HOLD_NANOS, 8);

        CompletableFuture<HttpResponse> answer = inBackground(holding, startSession());
        awaitHeld(holding, 1);
        route.set(WriterRoute.here("node-b"));

        assertThat(answer.get()).isNull(); // null: the router serves it on this node
    }

    @Test
    void aForwardThatMayHaveReachedTheWriterIsAnsweredRetryableAndNeverSentAgain() throws Exception {
        HttpForwarder shortReads = new HttpForwarder(2_000, 200);
        try (HttpForwarderTest.SilentNode silent = new HttpForwarderTest.SilentNode()) {
            route.set(WriterRoute.remote("node-a", silent.url()));
            HeldForwarding holding = new HeldForwarding(shortReads, ledger -> {
                // once the request is on its way, a successor is named: it must not get the request as well
                return silent.accepted.isEmpty() ? route.get() : WriterRoute.remote("node-c", writer.endpoint());
            }, () -> false, HOLD_NANOS, 8);

            HttpResponse response = holding.forward("payments", Api.SESSION, startSession(), "/", "node-b");

            assertThat(response.status()).isEqualTo(503);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .contains("CapacityExceededException", "its writer node node-a did not answer; retry");
            assertThat(silent.accepted).hasSize(1);
            assertThat(holding.held()).isZero();
        }
    }

    @Test
    void pastTheBoundOfHeldRequestsARequestIsAnsweredRetryableAtOnce() throws Exception {
        HeldForwarding holding = new HeldForwarding(forwarder, ledger -> route.get(), () -> false, HOLD_NANOS, 1);
        CompletableFuture<HttpResponse> first = inBackground(holding, startSession());
        awaitHeld(holding, 1);

        HttpResponse second = holding.forward("payments", Api.NATIVE, startSession(), "/", "node-b");

        assertThat(second.status()).isEqualTo(503);
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).contains("UNAVAILABLE",
                "ledger payments has no writer now (its writer is being elected); retry");
        route.set(WriterRoute.remote("node-c", writer.endpoint()));
        assertThat(first.get().status()).isEqualTo(200);
    }

    @Test
    void aRequestHeldToTheLimitIsAnsweredRetryable() throws Exception {
        route.set(WriterRoute.remote("node-a", closedPort()));
        HeldForwarding holding = new HeldForwarding(forwarder, ledger -> route.get(), () -> false, 100_000_000L, 8);

        HttpResponse response = holding.forward("payments", Api.SESSION, startSession(), "/", "node-b");

        assertThat(response.status()).isEqualTo(503);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("ledger payments has no writer now (node node-a did not answer); retry");
        assertThat(holding.held()).isZero();
    }

    private static HttpRequest startSession() {
        return HttpForwarderTest.signed(SdkHttpMethod.POST, "/", "{\"StartSession\":{\"LedgerName\":\"payments\"}}",
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "QLDBSession.SendCommand"));
    }

    private static CompletableFuture<HttpResponse> inBackground(HeldForwarding holding, HttpRequest request) {
        return CompletableFuture.supplyAsync(() -> holding.forward("payments", Api.SESSION, request, "/", "node-b"),
                runnable -> new Thread(runnable, "held-request").start());
    }

    private static void awaitHeld(HeldForwarding holding, int count) throws InterruptedException {
        while (holding.held() < count) {
            Thread.sleep(5);
        }
    }

    /** The URL of a port nothing listens on: connections are refused, as by a SIGKILLed node. */
    private static URI closedPort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
