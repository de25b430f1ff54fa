package io.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-client (slowloris) attack: hundreds of unauthenticated connections that send request headers and a few
 * bytes of a promised body, then trickle or stop. Before the fix each held a worker thread, and {@code /health}
 * went unanswered for the 60 s idle timeout. Now they hold no thread: {@code /health} and signed requests are
 * answered while they are open, tricklers are refused (408) once under the minimum rate, silent ones are closed at
 * the idle timeout, and a peer's connections beyond its limit are closed at once.
 *
 * <p>The attacking sockets come from 127.0.0.2 (any 127/8 address is this machine), so the legitimate client on
 * 127.0.0.1 is another peer, as it would be in life. Waits are bounded and generous: liveness, not speed.
 */
class SlowClientTest {
    private static final InetAddress ATTACKER = InetAddress.getLoopbackAddress().getHostAddress().contains(":")
            ? InetAddress.getLoopbackAddress() : address("127.0.0.2");
    private static final int ATTACKERS = 300;

    @TempDir
    Path data;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    @Test
    void healthAndSignedRequestsAreServedWhileHundredsOfBodiesTrickleAndTheTricklersAreCutOff() throws Exception {
        // The default idle timeout (30 s) keeps the attack open for longer than the client waits below.
        ConnectionLimits limits = ConnectionLimits.defaults().withBodyRate(Duration.ofSeconds(1), 1024)
                .withMaximumConnectionsPerPeer(ATTACKERS);
        try (VellumServer server = TestServers.start(data, config -> config.withConnectionLimits(limits))) {
            server.ledgers().create("bank", false, null, Map.of());
            for (int i = 0; i < ATTACKERS; i++) {
                Socket socket = attack(server);
                sockets.add(socket);
            }
            SignedHttpClient client = SignedHttpClient.of(server);
            // 10 s: a generous liveness bound (an idle server answers in milliseconds), and well within the 30 s
            // for which the attack's connections would stay open if nothing cut them off.
            assertThat(health(server, Duration.ofSeconds(10))).isEqualTo(200);
            HttpResponse<String> signed = client.send("POST", "/v1/ledgers/bank/statements",
                    Map.of("Content-Type", "application/json"),
                    "{\"statement\":\"CREATE TABLE Accounts\"}".getBytes(StandardCharsets.UTF_8),
                    server.secretAccessKey(), Clock.systemUTC());
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);

            // Past the 1 s grace period each attacker sends one more byte: 5 bytes in > 1 s is under 1024 B/s.
            Thread.sleep(1_200);
            for (Socket socket : sockets) {
                socket.getOutputStream().write('x');
                socket.getOutputStream().flush();
            }
            int refused = 0;
            for (Socket socket : sockets) {
                String answer = readUntilClosed(socket, Duration.ofSeconds(20));
                assertThat(answer).startsWith("HTTP/1.1 408 ").contains("RequestTimeoutException")
                        .contains("this server needs at least 1024 bytes/s");
                refused++;
            }
            assertThat(refused).isEqualTo(ATTACKERS);
            assertThat(client.sendUnsigned("GET", "/health", Map.of(), new byte[0]).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void silentBodiesAreClosedAtTheIdleTimeout() throws Exception {
        ConnectionLimits limits = ConnectionLimits.defaults().withIdleTimeout(Duration.ofSeconds(2));
        try (VellumServer server = TestServers.start(data, config -> config.withConnectionLimits(limits))) {
            for (int i = 0; i < 20; i++) {
                sockets.add(attack(server));
            }
            assertThat(SignedHttpClient.of(server).sendUnsigned("GET", "/health", Map.of(), new byte[0])
                    .statusCode()).isEqualTo(200);
            for (Socket socket : sockets) {
                assertThat(readUntilClosed(socket, Duration.ofSeconds(20))).startsWith("HTTP/1.1 408 ");
            }
        }
    }

    @Test
    void aPeersConnectionsBeyondItsLimitAreClosedAtOnceAndOtherPeersAreNotAffected() throws Exception {
        int limit = 10;
        ConnectionLimits limits = ConnectionLimits.defaults().withMaximumConnectionsPerPeer(limit);
        try (VellumServer server = TestServers.start(data, config -> config.withConnectionLimits(limits))) {
            for (int i = 0; i < limit + 5; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(ATTACKER, 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
                sockets.add(socket);
            }
            // Which 5 are closed depends on the order the server's selectors see them; how many does not.
            java.util.Set<Socket> closed = new java.util.HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (closed.size() < 5 && System.nanoTime() < deadline) {
                closed.addAll(closedNow(sockets));
            }
            closed.addAll(closedNow(sockets)); // one more look: no sixth is closed
            assertThat(closed).hasSize(5);
            // Connections that closed no longer count: the peer gets its whole share again.
            closeSockets();
            sockets.clear();
            for (int i = 0; i < limit; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(ATTACKER, 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
                sockets.add(socket);
            }
            // Closing is noticed by the server asynchronously: the share comes back within a bounded wait.
            long again = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<Socket> refused = closedNow(sockets);
            while (!refused.isEmpty() && System.nanoTime() < again) {
                for (Socket socket : refused) {
                    socket.close();
                    sockets.remove(socket);
                    Socket retry = new Socket();
                    retry.bind(new InetSocketAddress(ATTACKER, 0));
                    retry.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
                    sockets.add(retry);
                }
                refused = closedNow(sockets);
            }
            assertThat(refused).as("connections refused after the earlier ones closed").isEmpty();
            // Another peer (127.0.0.1) is served as usual.
            assertThat(SignedHttpClient.of(server).sendUnsigned("GET", "/health", Map.of(), new byte[0])
                    .statusCode()).isEqualTo(200);
        }
    }

    /** The status of an unsigned {@code GET /health}, failing if there is none within {@code wait}. */
    private static int health(VellumServer server, Duration wait) throws IOException, InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(server.endpoint().resolve("/health")).timeout(wait)
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The sockets the server has closed (each is given 300 ms to show it). */
    private static List<Socket> closedNow(List<Socket> sockets) throws IOException {
        List<Socket> closed = new ArrayList<>();
        for (Socket socket : sockets) {
            socket.setSoTimeout(300);
            try {
                if (socket.getInputStream().read() == -1) {
                    closed.add(socket);
                }
            } catch (SocketTimeoutException stillOpen) {
                // within the limit: the connection waits for a request
            } catch (SocketException reset) {
                closed.add(socket);
            }
        }
        return closed;
    }

    /** A connection from the attacking address that sends headers and 4 bytes of a 1,000-byte body. */
    private static Socket attack(VellumServer server) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(ATTACKER, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/ledgers/bank/statements HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"st").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Everything the server sends until it closes the connection; fails if it is still open after {@code wait}. */
    private static String readUntilClosed(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int read; (read = in.read(buffer)) != -1; ) {
                answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            // closed with unread input pending: a reset, still closed
        } catch (SocketTimeoutException open) {
            throw new AssertionError("the connection is still open after " + wait + "; received: " + answer);
        }
        return answer.toString();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
