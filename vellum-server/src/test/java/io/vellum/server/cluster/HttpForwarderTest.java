package io.vellum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestForwarding;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A request signed by the AWS SDK's signer for the node the client talked to ({@code node-a.example:8080}) is
 * forwarded to a real server elsewhere and still verifies there, because its Host and every signed header arrive as
 * signed; with the Host rewritten it would not.
 */
class HttpForwarderTest {
    private static final String KEY_ID = "AKIDFORWARDTEST00001";
    private static final String SECRET = "forwarding-test-secret-shared-by-nodes";

    @TempDir
    Path directory;
    private VellumServer writer;
    private final HttpForwarder forwarder = new HttpForwarder(2_000, 10_000);

    @BeforeEach
    void start() {
        writer = VellumServer.start(ServerConfig.defaults(directory).withCredentials(KEY_ID, SECRET));
        writer.ledgers().create("payments", false, null, Map.of());
    }

    @AfterEach
    void stop() {
        writer.close();
    }

    @Test
    void aSessionRequestSignedForAnotherNodeVerifiesOnTheWriter() throws Exception {
        HttpRequest request = signed(SdkHttpMethod.POST, "/", "{\"StartSession\":{\"LedgerName\":\"payments\"}}",
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "QLDBSession.SendCommand"));
        assertThat(request.header("host")).isEqualTo("node-a.example:8080");

        HttpResponse answer = forwarder.forward(writer.endpoint(), request, "/", "node-a");

        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(answer.status()).as(body).isEqualTo(200);
        assertThat(body).contains("\"SessionToken\":\"payments");
    }

    @Test
    void aNativeRequestWithAQueryIsForwardedAsSigned() throws Exception {
        HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());

        HttpResponse answer = forwarder.forward(writer.endpoint(), request, "/v1/ledgers/payments/digest", "node-a");

        assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"digest\"");
    }

    @Test
    void theSameRequestWithItsHostRewrittenIsRefused() throws Exception {
        HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put("host", writer.endpoint().getAuthority());
        HttpRequest rewritten = new HttpRequest(request.method(), request.path(), request.query(), headers,
                request.body());

        HttpResponse answer = forwarder.forward(writer.endpoint(), rewritten, "/v1/ledgers/payments/digest", "a");

        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void aRequestForwardedOnceIsServedWhereItArrives() {
        ClusterNode node = new ClusterNode(new ClusterConfig("127.0.0.1:9", "node-b", URI.create("http://b:1")));
        HttpRequest request = new HttpRequest("POST", "/v1/ledgers/payments/statements", Map.of(),
                Map.of(RequestForwarding.FORWARDED_HEADER, "node-a"), new byte[0]);

        assertThat(node.forward(request, "/v1/ledgers/payments/statements",
                RequestForwarding.Api.NATIVE)).isNull();
    }

    @Test
    void aForwardWaitingForAWriterThatStoppedAnsweringEndsWhenItsLedgerGetsAnotherWriter() throws Exception {
        try (SilentNode frozen = new SilentNode()) {
            HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());
            CompletableFuture<HttpResponse> payments = forwardInBackground(frozen, "payments", request);
            CompletableFuture<HttpResponse> orders = forwardInBackground(frozen, "orders", request);
            frozen.awaitRequests(2);
            assertThat(forwarder.inFlight("payments", frozen.url())).isEqualTo(1);

            assertThat(forwarder.abort("payments", frozen.url())).isEqualTo(1);

            assertThatThrownBy(payments::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(HttpForwarder.Aborted.class)
                    .hasMessageContaining("ledger payments has another writer now");
            // The same node still writes the other ledger: its forward goes on.
            assertThat(orders).isNotDone();
            assertThat(forwarder.inFlight("orders", frozen.url())).isEqualTo(1);
            assertThat(forwarder.inFlight("payments", frozen.url())).isZero();
            forwarder.abort("orders", frozen.url());
            assertThatThrownBy(orders::get).cause().isInstanceOf(HttpForwarder.Aborted.class);
        }
    }

    @Test
    void aForwardWhoseWriterChangedBeforeItWasSentIsAbortedWithoutReachingTheOldWriter() throws Exception {
        try (SilentNode old = new SilentNode()) {
            HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());

            assertThatThrownBy(() -> forwarder.forward(old.url(), "payments", () -> false, request,
                    "/v1/ledgers/payments/digest", "node-a")).isInstanceOf(HttpForwarder.Aborted.class)
                    .hasMessageContaining("changed before the request was sent");
            assertThat(old.accepted).isEmpty();
            assertThat(forwarder.inFlight("payments", old.url())).isZero();
        }
    }

    @Test
    void aWriterThatNeverAnswersFailsTheForwardAfterTheReadTimeoutNotAMinute() throws Exception {
        // A cluster's read timeout is twice its election session (6 s by default: 12 s, it was 60 s).
        assertThat(HttpForwarder.readTimeoutForSession(6_000)).isEqualTo(12_000);
        HttpForwarder shortSession = new HttpForwarder(2_000, HttpForwarder.readTimeoutForSession(100));
        try (SilentNode silent = new SilentNode()) {
            HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());

            assertThatThrownBy(() -> shortSession.forward(silent.url(), "payments", () -> true, request,
                    "/v1/ledgers/payments/digest", "node-a")).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void forwardsToOneNodeReuseOneConnection() throws Exception {
        try (AnsweringNode node = new AnsweringNode(false)) {
            HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());
            for (int i = 0; i < 3; i++) {
                HttpResponse answer = forwarder.forward(node.url(), request, "/v1/ledgers/payments/digest", "a");
                assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("answer " + (i + 1));
            }

            assertThat(node.connections).hasValue(1);
            assertThat(forwarder.idleConnections(node.url())).isEqualTo(1);
        }
    }

    @Test
    void aPooledConnectionTheNodeClosedIsReplacedAndTheRequestSentOnce() throws Exception {
        try (AnsweringNode node = new AnsweringNode(true)) {
            HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());
            forwarder.forward(node.url(), request, "/v1/ledgers/payments/digest", "a");
            node.awaitClosed(1);

            HttpResponse second = forwarder.forward(node.url(), request, "/v1/ledgers/payments/digest", "a");

            assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("answer 2");
            assertThat(node.requests).hasValue(2);
            assertThat(node.connections).hasValue(2);
        }
    }

    @Test
    void aVellumServerKeepsTheForwardingConnectionOpen() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpRequest request = signed(SdkHttpMethod.GET, "/v1/ledgers/payments/digest", "", Map.of());
            HttpResponse answer = forwarder.forward(writer.endpoint(), request, "/v1/ledgers/payments/digest", "a");
            assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        }

        assertThat(forwarder.idleConnections(writer.endpoint())).isEqualTo(1);
    }

    private CompletableFuture<HttpResponse> forwardInBackground(SilentNode node, String ledger,
            HttpRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return forwarder.forward(node.url(), ledger, () -> true, request, "/v1/ledgers/" + ledger + "/digest",
                        "node-a");
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, runnable -> new Thread(runnable, "forward-" + ledger).start());
    }

    /**
     * A node whose process is paused, as the kernel shows it to others: connections are accepted and requests
     * received, nothing is ever answered.
     */
    static final class SilentNode implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SilentNode() throws IOException {
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        socket.getInputStream().read(); // the request arrived
                        accepted.add(socket);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-node");
            acceptor.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        void awaitRequests(int count) throws InterruptedException {
            while (accepted.size() < count) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /**
     * A node that answers every request on a connection with {@code answer N} (N counting requests over all
     * connections), keeping the connection open — or, with {@code closeAfterAnswer}, closing it after each answer
     * without saying so, as a server whose idle timeout ran out does.
     */
    private static final class AnsweringNode implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

        AnsweringNode(boolean closeAfterAnswer) throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        connections.incrementAndGet();
                        new Thread(() -> serve(socket, closeAfterAnswer), "answering-connection").start();
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "answering-node");
            acceptor.start();
        }

        private void serve(Socket socket, boolean closeAfterAnswer) {
            try (socket) {
                java.io.BufferedInputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                while (true) {
                    int length = 0;
                    StringBuilder line = new StringBuilder();
                    boolean headEnded = false;
                    for (int b = in.read(); b != -1; b = in.read()) {
                        if (b != '\n') {
                            line.append((char) b);
                            continue;
                        }
                        String header = line.toString().trim();
                        line.setLength(0);
                        if (header.isEmpty()) {
                            headEnded = true;
                            break;
                        }
                        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring("content-length:".length()).trim());
                        }
                    }
                    if (!headEnded) {
                        return; // the client closed the connection
                    }
                    in.readNBytes(length);
                    byte[] body = ("answer " + requests.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().flush();
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                closed.incrementAndGet();
            }
        }

        void awaitClosed(int count) throws InterruptedException {
            while (closed.get() < count) {
                Thread.sleep(10);
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** The request as the AWS SDK signs it for http://node-a.example:8080, now. */
    static HttpRequest signed(SdkHttpMethod method, String path, String body, Map<String, String> extra) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(method)
                .uri(URI.create("http://node-a.example:8080" + path))
                .putHeader("Content-Length", String.valueOf(bytes.length));
        extra.forEach(builder::putHeader);
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(KEY_ID, SECRET))
                .request(builder.build())
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "qldb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
        }
        headers.putIfAbsent("host", "node-a.example:8080");
        return new HttpRequest(method.name(), path, Map.of(), headers, bytes);
    }
}
