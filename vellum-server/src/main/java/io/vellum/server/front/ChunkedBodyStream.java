package io.vellum.server.front;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming response body in HTTP/1.1 chunked coding: every write is one chunk, every {@link #flush()} sends what
 * was written to the client (the native API's event stream relies on it), {@link #close()} ends the body with the
 * last chunk without closing the connection. Not thread-safe: one writer.
 */
final class ChunkedBodyStream extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final OutputStream connection;
    private boolean closed;

    ChunkedBodyStream(OutputStream connection) {
        this.connection = connection;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the streaming body has ended");
        }
        if (length == 0) {
            return; // an empty chunk would end the body
        }
        connection.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
        connection.write(CRLF);
        connection.write(bytes, offset, length);
        connection.write(CRLF);
    }

    @Override
    public void flush() throws IOException {
        connection.flush();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            connection.write(LAST_CHUNK);
            connection.flush();
        }
    }
}
