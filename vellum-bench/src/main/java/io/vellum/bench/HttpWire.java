package io.vellum.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The least HTTP/1.1 a load generator needs on a keep-alive connection: one message (head, then a body of
 * {@code Content-Length} bytes; no chunked bodies) at a time from a stream, with one reused buffer. Cheap on
 * purpose, so that the client's CPU stays small next to the server it measures.
 */
final class HttpWire {
    private final InputStream in;
    private byte[] buffer = new byte[16 << 10];
    /** Bytes of {@link #buffer} read from the stream and not yet consumed start at {@link #start}. */
    private int start;
    private int end;

    HttpWire(InputStream in) {
        this.in = in;
    }

    /** One whole message, head and body, or null when the stream ended before one began. */
    static byte[] readMessage(InputStream in) throws IOException {
        HttpWire wire = new HttpWire(in);
        int length = wire.next();
        return length < 0 ? null : Arrays.copyOf(wire.buffer, length);
    }

    /** Reads the next request (head and body) and drops it; false when the stream ended before one began. */
    boolean readRequest() throws IOException {
        int length = next();
        if (length < 0) {
            return false;
        }
        start = length;
        compact();
        return true;
    }

    /**
     * Reads the next response and returns its status code, or -1 when the stream ended before one began. The body
     * is read and dropped.
     */
    int readResponse() throws IOException {
        int length = next();
        if (length < 0) {
            return -1;
        }
        // "HTTP/1.1 200 ..."
        int status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
        start = length;
        compact();
        return status;
    }

    /**
     * Reads until one whole message is at the start of the buffer and returns its length, or -1 at a clean end of
     * the stream. Bytes after it stay in the buffer for the next message.
     */
    private int next() throws IOException {
        compact();
        int headEnd;
        while ((headEnd = headEnd()) < 0) {
            if (!fill()) {
                if (end == 0) {
                    return -1;
                }
                throw new IOException("the stream ended inside a message head");
            }
        }
        int total = headEnd + contentLength(headEnd);
        while (end < total) {
            if (!fill()) {
                throw new IOException("the stream ended inside a message body");
            }
        }
        return total;
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
    }

    private boolean fill() throws IOException {
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }

    /** The offset just past the blank line ending the head, or -1 when it has not arrived. */
    private int headEnd() {
        for (int i = 3; i < end; i++) {
            if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private int contentLength(int headEnd) throws IOException {
        byte[] name = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int line = 0; line < headEnd; ) {
            if (matches(line, name)) {
                int value = 0;
                for (int i = line + name.length; i < headEnd && buffer[i] != '\r'; i++) {
                    if (buffer[i] >= '0' && buffer[i] <= '9') {
                        value = value * 10 + buffer[i] - '0';
                    }
                }
                return value;
            }
            while (line < headEnd && buffer[line] != '\n') {
                line++;
            }
            line++;
        }
        if (buffer[0] == 'H') { // a response without Content-Length would need chunked or close framing
            throw new IOException("a response without Content-Length: " + new String(buffer, 0, headEnd,
                    java.nio.charset.StandardCharsets.US_ASCII));
        }
        return 0;
    }

    private boolean matches(int at, byte[] lowerCaseName) {
        if (at + lowerCaseName.length > end) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length; i++) {
            if (Character.toLowerCase(buffer[at + i]) != lowerCaseName[i]) {
                return false;
            }
        }
        return true;
    }
}
