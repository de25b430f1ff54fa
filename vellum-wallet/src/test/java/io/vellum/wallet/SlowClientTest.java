package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.HttpFront;
import io.vellum.server.http.ConnectionLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and greedy clients, on the front the run chooses ({@code vellum.httpFront}: this class runs on both): a
 * request head or body that stops arriving is ended after the idle timeout (1 s here) with a 4xx in the wallet's
 * JSON shape, or the connection is closed without an answer; never a 5xx, never a change. On Vellum's own front a
 * peer's connections beyond the per-peer limit, and everyone's beyond the total, are closed as they are accepted.
 */
class SlowClientTest {
    @TempDir
    static Path directory;
    private static TestWallet wallet;

    @BeforeAll
    static void startWallet() {
        wallet = TestWallet.start(directory, WalletConfig.embedded(directory)
                .withConnectionLimits(ConnectionLimits.defaults().withIdleTimeout(Duration.ofSeconds(1))));
        wallet.http.setUp("alice");
        expect(wallet.http.deposit("alice", "5.00"), 200);
    }

    @AfterAll
    static void stopWallet() {
        wallet.close();
    }

    @Test
    void aHeadThatStopsArrivingIsEndedWithoutA5xx() throws IOException {
        assertEndedWithoutA5xx("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    }

    @Test
    void aBodyThatStopsArrivingIsEndedWithoutA5xxAndChangesNothing() throws IOException {
        LedgerDigest before = wallet.ledger.digest();
        assertEndedWithoutA5xx("POST /accounts/alice/deposits HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + "application/json\r\nContent-Length: 100\r\n\r\n{\"amount\":");
        assertEndedWithoutA5xx("POST /accounts/alice/deposits HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + "application/json\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{\"amount\":");
        assertThat(wallet.ledger.digest()).isEqualTo(before);
        assertThat(wallet.http.balance("alice")).isEqualTo("5.00");
    }

    /** Sends {@code start} and nothing more; the wallet must end the exchange by itself, without a 5xx. */
    private static void assertEndedWithoutA5xx(String start) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", wallet.service.port())) {
            socket.setSoTimeout(60_000); // far beyond the 1 s idle timeout: only a wallet that never ends it fails
            socket.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = readAll(socket.getInputStream());
            if (!answer.isEmpty()) {
                assertThat(answer).as(answer).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
                assertThat(answer).as(answer).contains("application/json").contains("{\"error\":{\"code\":\"");
            }
        }
        expect(wallet.http.get("/health"), 200);
    }

    @Test
    void onVellumsFrontAPeerBeyondItsConnectionLimitIsClosedAtOnce(@TempDir Path other) throws Exception {
        try (TestWallet limited = TestWallet.start(other, WalletConfig.embedded(other).withHttpFront(HttpFront.THREADS)
                .withConnectionLimits(ConnectionLimits.defaults().withMaximumConnectionsPerPeer(2)))) {
            assertOnlyTwoConnectionsServed(limited);
        }
    }

    @Test
    void onVellumsFrontConnectionsBeyondTheTotalAreClosedAtOnce(@TempDir Path other) throws Exception {
        try (TestWallet limited = TestWallet.start(other, WalletConfig.embedded(other).withHttpFront(HttpFront.THREADS)
                .withConnectionLimits(ConnectionLimits.defaults().withMaximumConnections(2)))) {
            assertOnlyTwoConnectionsServed(limited);
        }
    }

    /** Two connections open and served; a third closed unanswered; once one closes, a new one is served. */
    private static void assertOnlyTwoConnectionsServed(TestWallet limited) throws IOException,
            InterruptedException {
        int port = limited.service.port();
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            assertThat(exchange(first, false)).startsWith("HTTP/1.1 200");
            assertThat(exchange(second, false)).startsWith("HTTP/1.1 200");
            try (Socket third = new Socket("127.0.0.1", port)) {
                assertThat(exchange(third, true)).as("the third connection's answer").isEmpty();
            }
        }
        // The two closed: their threads end and release their places (the next connection waits for that).
        String answer = "";
        for (int attempt = 0; attempt < 3_000 && answer.isEmpty(); attempt++) {
            try (Socket again = new Socket("127.0.0.1", port)) {
                answer = exchange(again, true);
            }
            if (answer.isEmpty()) {
                Thread.sleep(10);
            }
        }
        assertThat(answer).startsWith("HTTP/1.1 200");
    }

    /** GET /openapi.yaml (open to everyone) on {@code socket}; the answer's head, or "" when closed unanswered. */
    private static String exchange(Socket socket, boolean close) throws IOException {
        socket.setSoTimeout(60_000);
        try {
            socket.getOutputStream().write(("GET /openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] head = new byte[12];
            int read = socket.getInputStream().readNBytes(head, 0, head.length);
            return new String(head, 0, read, StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return ""; // closed by the wallet before or while the request was written
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }
}
