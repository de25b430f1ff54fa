package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The connection's own read buffer: answers arriving in pieces of any size (a line, a CRLF, a body split across
 * reads), two answers arriving in one read, and the head limit. The socket hands out the scripted bytes at most
 * {@code piece} bytes per read, so every split is exercised deterministically.
 */
class Http1ConnectionTest {
    private static final URI URI_ = URI.create("http://127.0.0.1:1/v1/ledgers/bank/batches");

    /** An unconnected socket whose input is {@code answers}, at most {@code piece} bytes per read. */
    private static Socket socketAnswering(String answers, int piece) {
        InputStream pieces = new ByteArrayInputStream(answers.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, piece));
            }
        };
        OutputStream sink = new ByteArrayOutputStream();
        return new Socket() {
            @Override
            public InputStream getInputStream() {
                return pieces;
            }

            @Override
            public OutputStream getOutputStream() {
                return sink;
            }
        };
    }

    @ParameterizedTest(name = "{0} bytes per read")
    @ValueSource(ints = {1, 2, 3, 7, 64, 16 * 1024})
    void answersInPiecesOfAnySizeAndTwoInOneReadAreReadWhole(int piece) throws Exception {
        String answers = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-Thing:  a b \r\n\r\nhello world"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
                + "HTTP/1.1 404 Not Found\nContent-Length: 2\n\nno";
        try (Http1Connection connection = new Http1Connection(socketAnswering(answers, piece))) {
            HttpAnswer first = connection.exchange("POST", URI_, "h", Map.of(), new byte[0]);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.bodyText()).isEqualTo("hello world");
            assertThat(first.header("x-thing")).isEqualTo("a b");
            assertThat(connection.exchange("POST", URI_, "h", Map.of(), new byte[0]).bodyText()).isEqualTo("abcde");
            HttpAnswer third = connection.exchange("POST", URI_, "h", Map.of(), new byte[0]);
            assertThat(third.status()).isEqualTo(404);
            assertThat(third.bodyText()).isEqualTo("no");
        }
    }

    @Test
    void aBodyWithoutLengthRunsToTheEndIncludingWhatWasAlreadyBuffered() throws Exception {
        try (Http1Connection connection = new Http1Connection(socketAnswering(
                "HTTP/1.1 200 OK\r\n\r\nuntil the end", 5))) {
            assertThat(connection.exchange("GET", URI_, "h", Map.of(), new byte[0]).bodyText())
                    .isEqualTo("until the end");
            assertThat(connection.isReusable()).isFalse();
        }
    }

    @Test
    void aHeadOverTheLimitIsRefusedAndAnEndInsideTheHeadIsNamed() throws Exception {
        String huge = "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(Http1Connection.MAXIMUM_HEAD_BYTES) + "\r\n\r\n";
        try (Http1Connection connection = new Http1Connection(socketAnswering(huge, 4096))) {
            assertThatThrownBy(() -> connection.exchange("GET", URI_, "h", Map.of(), new byte[0]))
                    .hasMessageContaining("exceeds " + Http1Connection.MAXIMUM_HEAD_BYTES + " bytes");
        }
        try (Http1Connection connection = new Http1Connection(socketAnswering("HTTP/1.1 200 OK\r\nX-A: b", 3))) {
            assertThatThrownBy(() -> connection.exchange("GET", URI_, "h", Map.of(), new byte[0]))
                    .hasMessageContaining("ended inside its head");
        }
        try (Http1Connection connection = new Http1Connection(socketAnswering("", 3))) {
            assertThatThrownBy(() -> connection.exchange("GET", URI_, "h", Map.of(), new byte[0]))
                    .isInstanceOf(Http1Connection.ClosedBeforeResponseException.class);
        }
    }
}
