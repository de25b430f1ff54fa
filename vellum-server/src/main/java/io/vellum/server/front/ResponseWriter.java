package io.vellum.server.front;

import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestIds;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes answers on one connection: the status line, {@code Date}, the response's headers, a request id when the
 * response has none, and the framing, which is the writer's alone ({@code Content-Length}, {@code Transfer-Encoding}
 * and {@code Connection} from a response are not copied). A whole body goes with a Content-Length (none for
 * {@code HEAD}); a {@link io.vellum.server.http.StreamingBody} is run on the calling thread, chunked, each flush
 * reaching the client (HTTP/1.0: unframed, ended by closing). A header name or value that could split the response
 * (not a token; CR, LF or other control characters) is dropped and logged, never written. Not thread-safe: owned
 * by the connection's thread.
 */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private final OutputStream out;
    /** The head being written, as ISO-8859-1 bytes (every character was checked to be at most 0xFF). */
    private byte[] head = new byte[512];
    private int headLength;

    /** @param out buffered: the head and a whole body go out in one flush */
    ResponseWriter(OutputStream out) {
        this.out = out;
    }

    /** The interim {@code 100 Continue} a client with {@code Expect: 100-continue} waits for. */
    void writeContinue() throws IOException {
        out.write(CONTINUE);
        out.flush();
    }

    /**
     * Writes {@code response} and flushes it.
     *
     * @param headRequest whether the request was {@code HEAD}: headers only (a streaming body is still run, since it
     *                    may own resources that only writing it releases)
     * @param close       whether the connection closes after this answer ({@code Connection: close} is sent)
     * @param http10      whether the request was HTTP/1.0 (a streaming body is then unframed)
     * @throws IOException the client went away; the connection must be dropped
     */
    void write(HttpResponse response, boolean headRequest, boolean close, boolean http10) throws IOException {
        headLength = 0;
        append("HTTP/1.1 ").append(Integer.toString(response.status())).append(" ")
                .append(StatusReasons.of(response.status())).append("\r\nDate: ").append(HttpDate.now()).append(CRLF);
        boolean hasRequestId = false;
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Date")) {
                continue;
            }
            if (!isSafe(name, value)) {
                LOG.warn("A response header was dropped: its name or value could split the response ({})", name);
                continue;
            }
            append(name).append(": ").append(value).append(CRLF);
            hasRequestId |= name.equalsIgnoreCase(RequestIds.HEADER);
        }
        if (!hasRequestId) {
            append(RequestIds.HEADER).append(": ").append(RequestIds.next()).append(CRLF);
        }
        if (close) {
            append("Connection: close\r\n");
        }
        if (response.isStreaming()) {
            if (!http10) {
                append("Transfer-Encoding: chunked\r\n");
            }
            append(CRLF);
            writeHead();
            out.flush();
            if (http10) {
                response.streamingBody().writeTo(new FlushingStream(out));
            } else {
                // Ended only by a clean return: a body that failed must not look complete to the client.
                ChunkedBodyStream body = new ChunkedBodyStream(out);
                response.streamingBody().writeTo(body);
                body.close();
            }
            out.flush();
            return;
        }
        byte[] body = response.body() == null ? new byte[0] : response.body();
        append("Content-Length: ").append(Integer.toString(body.length)).append("\r\n\r\n");
        writeHead();
        if (!headRequest) {
            out.write(body);
        }
        out.flush();
    }

    /** Appends ISO-8859-1 text to the head (checked by the caller, or the writer's own ASCII). */
    private ResponseWriter append(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            head[headLength++] = (byte) text.charAt(i);
        }
        return this;
    }

    private ResponseWriter append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, head, headLength, bytes.length);
        headLength += bytes.length;
        return this;
    }

    private void ensure(int more) {
        if (headLength + more > head.length) {
            head = java.util.Arrays.copyOf(head, Math.max(headLength + more, 2 * head.length));
        }
    }

    private void writeHead() throws IOException {
        out.write(head, 0, headLength);
    }

    private static boolean isSafe(String name, String value) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** An unframed streaming body (HTTP/1.0): flushes reach the client, closing is left to the connection. */
    private static final class FlushingStream extends OutputStream {
        private final OutputStream out;

        FlushingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
