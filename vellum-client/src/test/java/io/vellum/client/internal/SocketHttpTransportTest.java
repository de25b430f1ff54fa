package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in transport against a scripted HTTP/1.1 server on loopback: framing, keep-alive and stale retries. */
class SocketHttpTransportTest {
    /** What the scripted server answers to one request, and whether it closes the connection afterwards. */
    private record Scripted(String response, boolean closeAfter) {
    }

    private final BlockingQueue<Scripted> script = new LinkedBlockingQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private SocketHttpTransport transport;
    private URI uri;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0);
        uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/ledgers?x=1");
        transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    new Thread(() -> serve(socket)).start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        transport.close();
        server.close();
    }

    @Test
    void sendsHostLengthAndHeadersAndReusesTheConnection() throws Exception {
        script.add(new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Thing: a\r\nx-thing: b\r\n\r\nhello", false));
        script.add(new Scripted("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", false));
        HttpAnswer first = transport.exchange("POST", uri, Map.of("X-Amz-Target", "T"), bytes("{}"));
        HttpAnswer second = transport.exchange("POST", uri, Map.of(), new byte[0]);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.bodyText()).isEqualTo("hello");
        assertThat(first.header("X-THING")).isEqualTo("a");
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.body()).isEmpty();
        assertThat(connections.get()).isEqualTo(1);
        assertThat(requests.get(0)).startsWith("POST /v1/ledgers?x=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.getLocalPort() + "\r\nContent-Length: 2\r\n").contains("X-Amz-Target: T\r\n").endsWith("{}");
    }

    @Test
    void readsChunkedBodiesWithExtensionsAndTrailers() throws Exception {
        script.add(new Scripted("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n", false));
        script.add(new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false));
        assertThat(transport.exchange("GET", uri, Map.of(), new byte[0]).bodyText()).isEqualTo("hello, world");
        assertThat(transport.exchange("GET", uri, Map.of(), new byte[0]).bodyText()).isEqualTo("ok");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void opensANewConnectionAfterConnectionCloseOrABodyThatRunsToTheEnd() throws Exception {
        script.add(new Scripted("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na", true));
        script.add(new Scripted("HTTP/1.1 200 OK\r\n\r\nuntil the end", true));
        script.add(new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc", false));
        assertThat(transport.exchange("GET", uri, Map.of(), new byte[0]).bodyText()).isEqualTo("a");
        assertThat(transport.exchange("GET", uri, Map.of(), new byte[0]).bodyText()).isEqualTo("until the end");
        assertThat(transport.exchange("GET", uri, Map.of(), new byte[0]).bodyText()).isEqualTo("c");
        assertThat(connections.get()).isEqualTo(3);
    }

    @Test
    void aPooledConnectionTheServerClosedIsReplacedWithoutTheCallerNoticing() throws Exception {
        script.add(new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", true)); // closes, no header saying so
        script.add(new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb", false));
        assertThat(transport.exchange("POST", uri, Map.of(), bytes("1")).bodyText()).isEqualTo("a");
        Thread.sleep(100); // the server's close arrives
        assertThat(transport.exchange("POST", uri, Map.of(), bytes("2")).bodyText()).isEqualTo("b");
        assertThat(connections.get()).isEqualTo(2);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aNewConnectionClosedBeforeAnyAnswerAndMalformedAnswersFail() throws Exception {
        script.add(new Scripted("", true));
        assertThatThrownBy(() -> transport.exchange("POST", uri, Map.of(), bytes("x")))
                .isInstanceOf(Http1Connection.ClosedBeforeResponseException.class);
        script.add(new Scripted("HTTP/1.1 OK\r\n\r\n", true));
        assertThatThrownBy(() -> transport.exchange("POST", uri, Map.of(), bytes("x")))
                .hasMessageContaining("malformed HTTP status line 'HTTP/1.1 OK'");
        script.add(new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true));
        assertThatThrownBy(() -> transport.exchange("POST", uri, Map.of(), bytes("x")))
                .hasMessageContaining("ended after 5 of 10 bytes");
        transport.close();
        assertThatThrownBy(() -> transport.exchange("POST", uri, Map.of(), bytes("x")))
                .hasMessageContaining("closed");
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Scripted next = script.take();
                out.write(bytes(next.response()));
                out.flush();
                if (next.closeAfter()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the test is over or the client went away
        }
    }

    /** The request's head and Content-Length body as text, or null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
