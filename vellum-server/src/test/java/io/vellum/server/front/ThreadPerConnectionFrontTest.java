package io.vellum.server.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestRoutes;
import io.vellum.server.http.RoutedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The front on real sockets, with routes that answer what they were given (the server's dispatch is tested through
 * the wire suites, which run against this front too): keep-alive, refusals that close, smuggling, limits, streaming,
 * the graceful stop.
 */
class ThreadPerConnectionFrontTest {
    /** What the routes served, in order: "METHOD decoded-path body". */
    private final List<String> served = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private ThreadPerConnectionFront front;

    private final RequestRoutes routes = (method, rawPath, decodedPath, rawQuery, headers) -> new RoutedRequest() {
        @Override
        public HttpResponse handle(byte[] body) {
            String request = method + " " + decodedPath + " " + new String(body, StandardCharsets.UTF_8);
            served.add(request);
            if (decodedPath.equals("/stream")) {
                return HttpResponse.streaming(Map.of("Content-Type", "text/event-stream"), out -> {
                    out.write("first".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    await(release);
                    out.write("second".getBytes(StandardCharsets.US_ASCII));
                });
            }
            if (decodedPath.equals("/flood")) {
                return HttpResponse.streaming(Map.of("Content-Type", "text/event-stream"), out -> {
                    byte[] chunk = new byte[1 << 16];
                    while (true) {
                        out.write(chunk);
                        out.flush();
                    }
                });
            }
            if (decodedPath.equals("/slow")) {
                slowStarted.countDown();
                await(release);
            }
            return HttpResponse.of(200, "text/plain", request);
        }

        @Override
        public HttpResponse refuse(int status, String type, String message) {
            return HttpResponse.of(status, "application/json", "{\"__type\":\"" + type + "\",\"Message\":\""
                    + message + "\"}");
        }
    };

    private ThreadPerConnectionFront start(ConnectionLimits limits, int maximumConnections) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        front = ThreadPerConnectionFront.start(socket, null, routes, limits.withMaximumConnections(maximumConnections),
                5_000);
        return front;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (front != null) {
            front.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), front.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    void keepAliveServesRequestsInOrderOnOneConnectionUntilClose() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            // Pipelined: both requests in one write.
            send(socket, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
                    + "GET /b%2Fc HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            String answers = readUntilClosed(socket);
            assertThat(answers).contains("POST /a xyz").contains("GET /b/c ");
            assertThat(answers.indexOf("POST /a")).isLessThan(answers.indexOf("GET /b/c"));
            assertThat(answers).contains("Date: ").contains("x-amzn-RequestId: ").contains("Connection: close");
        }
        assertThat(served).containsExactly("POST /a xyz", "GET /b/c ");
    }

    @Test
    void aSmuggledRequestIsNeverServed() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            // Content-Length says the body is "0\r\n\r\nGET /smuggled…"; chunked says it ends at "0". Refused, closed.
            send(socket, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n");
            String answer = readUntilClosed(socket);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"__type\":\"BadRequestException\"");
        }
        try (Socket socket = connect()) {
            send(socket, "GET /a HTTP/1.1\r\nHost: h\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 400 ");
        }
        assertThat(served).isEmpty();
    }

    @Test
    void garbageIsAnsweredWithJsonAndTheConnectionClosed() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, '\r', '\n', '\r', '\n'});
            String answer = readUntilClosed(socket);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                    .doesNotContain("Exception:").doesNotContain("java.");
        }
    }

    @Test
    void aHalfClosedClientStillGetsItsAnswer() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            send(socket, "GET /half HTTP/1.1\r\nHost: h\r\n\r\n");
            socket.shutdownOutput();
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 200 ").contains("GET /half");
        }
    }

    @Test
    void expectContinueGetsA100BeforeTheBodyIsSent() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            send(socket, "POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            assertThat(readLine(socket.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(readLine(socket.getInputStream())).isEmpty();
            assertThat(served).isEmpty(); // nothing served before the body
            send(socket, "ok");
            assertThat(readLine(socket.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(served).containsExactly("POST /e ok");
    }

    @Test
    void http10IsAnsweredAndClosedAndHeadHasNoBody() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            send(socket, "GET /old HTTP/1.0\r\n\r\n");
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 200 ").contains("GET /old");
        }
        try (Socket socket = connect()) {
            send(socket, "HEAD /h HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            String answer = readUntilClosed(socket);
            assertThat(answer).contains("Content-Length: 8\r\n").endsWith("\r\n\r\n");
        }
    }

    @Test
    void aBodyOverTheLimitIsA413ThatTheClientCanRead() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            send(socket, "POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 9000000\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[1 << 16];
            try {
                for (int sent = 0; sent < 9_000_000; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the server may close before all of it arrives
            }
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 413 ")
                    .contains("this server accepts at most 8388608 bytes");
        }
        assertThat(served).isEmpty();
    }

    @Test
    void aStreamingAnswerReachesTheClientFlushByFlush() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            send(socket, "GET /stream HTTP/1.1\r\nHost: h\r\n\r\n");
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            for (String line; !(line = readLine(in)).isEmpty(); ) {
                head.append(line).append('\n');
            }
            assertThat(head).contains("Transfer-Encoding: chunked");
            assertThat(readLine(in)).isEqualTo("5");
            assertThat(readLine(in)).isEqualTo("first"); // before the body has ended
            release.countDown();
            assertThat(readLine(in)).isEqualTo("6");
            assertThat(readLine(in)).isEqualTo("second");
            assertThat(readLine(in)).isEqualTo("0");
            assertThat(readLine(in)).isEmpty();
        }
    }

    @Test
    void connectionsOverTheTotalLimitAreClosedAtOnce() throws Exception {
        start(ConnectionLimits.defaults(), 2);
        try (Socket first = connect(); Socket second = connect(); Socket third = connect()) {
            assertThat(isClosedByServer(third)).isTrue();
            assertThat(isClosedByServer(first)).isFalse();
            send(second, "GET /ok HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertThat(readUntilClosed(second)).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aSilentConnectionIsClosedAtTheIdleTimeoutWithoutAnAnswer() throws Exception {
        start(ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(300)), 100);
        try (Socket socket = connect()) {
            assertThat(readUntilClosed(socket)).isEmpty();
        }
        try (Socket socket = connect()) {
            send(socket, "GET /partial HTTP/1.1\r\nHo");
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void aPlainConnectionReadsWithoutASocketTimeout() throws Exception {
        // A read with a socket timeout costs the JDK a non-blocking read, poll and four fcntl calls per request.
        start(ConnectionLimits.defaults(), 100);
        try (Socket socket = connect()) {
            send(socket, "GET /one HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(readLine(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
            assertThat(front.connections()).hasSize(1);
            for (FrontConnection connection : front.connections()) {
                assertThat(connection.readTimeoutMillis()).isZero();
            }
        }
    }

    @Test
    void theWatchdogEndsAStalledBodyWithA408() throws Exception {
        start(ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(300)), 100);
        try (Socket socket = connect()) {
            // One write: the second request's head is buffered before the first is answered, so no idle wait
            // between the two can close the connection first.
            send(socket, "GET /one HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST /stalled HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
            String answers = readUntilClosed(socket);
            assertThat(answers).startsWith("HTTP/1.1 200 ").contains("HTTP/1.1 408 ");
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedOnceItsAnswerStallsForTheIdleTimeout() throws Exception {
        start(ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(500)), 100);
        try (Socket socket = connect()) {
            socket.setReceiveBufferSize(4096);
            send(socket, "GET /flood HTTP/1.1\r\nHost: h\r\n\r\n");
            // Never read: the server's writes block once the buffers are full, until the watchdog closes it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (front.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(front.openConnections()).isZero();
        }
    }

    @Test
    void theStopClosesIdleConnectionsLetsRequestsInFlightFinishAndLeavesNoThread() throws Exception {
        start(ConnectionLimits.defaults(), 100);
        Socket idle = connect();
        Socket busy = connect();
        send(busy, "GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Thread stopping = new Thread(front::close);
        stopping.start();
        assertThat(readUntilClosed(idle)).isEmpty();
        release.countDown();
        String answer = readUntilClosed(busy);
        assertThat(answer).startsWith("HTTP/1.1 200 ").contains("Connection: close");
        stopping.join(10_000);
        assertThat(stopping.isAlive()).isFalse();
        assertThat(front.openConnections()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.isAlive()
                && thread.getName().startsWith(threadPrefix()));
        idle.close();
        busy.close();
    }

    /** The prefix of this front's threads (each front numbers its own). */
    private String threadPrefix() {
        return front.threadNamePrefix();
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed within a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read; (read = socket.getInputStream().read(buffer)) != -1; ) {
                all.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // closed with our bytes unread: still closed
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed {@code socket} (it is given a moment to show it). */
    private static boolean isClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(500);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
