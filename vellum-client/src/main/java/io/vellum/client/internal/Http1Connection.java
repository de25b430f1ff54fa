package io.vellum.client.internal;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One blocking HTTP/1.1 connection: writes a request, reads the whole response (Content-Length, chunked, or up to
 * the end of the stream), and says whether it can carry another request. Used by one thread at a time.
 */
final class Http1Connection implements AutoCloseable {
    /** Refuses a response whose status line and headers exceed this: a server that sends more is not ours. */
    static final int MAXIMUM_HEAD_BYTES = 64 * 1024;

    /** The connection closed before the first byte of the response: the server never took the request. */
    static final class ClosedBeforeResponseException extends IOException {
        ClosedBeforeResponseException() {
            super("the server closed the connection before answering");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Bytes read from the socket and not yet consumed: {@code buffer[position, limit)}. */
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private boolean reusable = true;
    long idleSinceNanos;

    Http1Connection(Socket socket) throws IOException {
        this.socket = socket;
        // Unbuffered: this class buffers itself, without BufferedInputStream's lock per byte of the head.
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /** Whether the last exchange left the connection open for another request. */
    boolean isReusable() {
        return reusable && !socket.isClosed();
    }

    HttpAnswer exchange(String method, URI uri, String host, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(512).append(method).append(' ')
                .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nContent-Length: ").append(body.length)
                .append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
        return readResponse(method.equals("HEAD"));
    }

    private HttpAnswer readResponse(boolean headRequest) throws IOException {
        int[] headBytes = {0};
        String statusLine = readLine(headBytes, true);
        Map<String, String> headers = new HashMap<>();
        int status = status(statusLine);
        while (status >= 100 && status < 200) { // interim answers (100 Continue) precede the real one
            skipHeaders(headBytes);
            statusLine = readLine(headBytes, false);
            status = status(statusLine);
        }
        for (String line = readLine(headBytes, false); !line.isEmpty(); line = readLine(headBytes, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header line '" + line + "'");
            }
            headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        if ("close".equalsIgnoreCase(headers.get("connection")) || statusLine.startsWith("HTTP/1.0")) {
            reusable = false;
        }
        byte[] body;
        String length = headers.get("content-length");
        if (headRequest || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(headBytes);
        } else if (length != null) {
            body = readExactly(Integer.parseInt(length.strip()));
        } else {
            reusable = false; // the body ends where the stream does
            body = readToEnd();
        }
        return new HttpAnswer(status, headers, body);
    }

    private static int status(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
            throw new IOException("malformed HTTP status line '" + statusLine + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status line '" + statusLine + "'", e);
        }
    }

    private void skipHeaders(int[] headBytes) throws IOException {
        while (!readLine(headBytes, false).isEmpty()) {
            // interim answers' headers carry nothing we use
        }
    }

    private byte[] readChunked(int[] headBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(headBytes, false);
            int extension = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size line '" + sizeLine + "'", e);
            }
            if (size == 0) {
                skipHeaders(headBytes); // trailers
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine(headBytes, false).isEmpty()) {
                throw new IOException("a chunk of " + size + " bytes is not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        int buffered = Math.min(length, limit - position);
        System.arraycopy(buffer, position, bytes, 0, buffered);
        position += buffered;
        int read = buffered;
        while (read < length) {
            int n = in.read(bytes, read, length - read);
            if (n < 0) {
                throw new EOFException("the response body ended after " + read + " of " + length + " bytes");
            }
            read += n;
        }
        return bytes;
    }

    /** The rest of the stream: what is buffered, then everything up to its end. */
    private byte[] readToEnd() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(buffer, position, limit - position);
        position = limit;
        in.transferTo(body);
        return body.toByteArray();
    }

    /** Reads more into the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /**
     * One CRLF- (or LF-) terminated line without its terminator, counted against {@link #MAXIMUM_HEAD_BYTES}; each
     * byte is one character (ISO-8859-1, as HTTP/1.1 heads are read).
     */
    private String readLine(int[] headBytes, boolean first) throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit && !fill()) {
                if (first && line == null) {
                    throw new ClosedBeforeResponseException();
                }
                throw new EOFException("the response ended inside its head");
            }
            int start = position;
            int newline = -1;
            for (int i = start; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline >= 0 ? newline + 1 : limit;
            headBytes[0] += end - start;
            if (headBytes[0] > MAXIMUM_HEAD_BYTES) {
                throw new IOException("the response head exceeds " + MAXIMUM_HEAD_BYTES + " bytes");
            }
            position = end;
            if (newline < 0) {
                // The line goes on in the next read.
                line = (line == null ? new StringBuilder(128) : line)
                        .append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
                continue;
            }
            String piece = new String(buffer, start, newline - start, StandardCharsets.ISO_8859_1);
            String whole = line == null ? piece : line.append(piece).toString();
            return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
        }
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort; the socket is unusable either way
        }
    }
}
