package io.vellum.server.front;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one connection, read with blocking reads into one buffer: request heads line by line (each line
 * strictly ended by CRLF), bodies by count. A read blocks at most the idle timeout (the front's watchdog ends it;
 * under TLS the socket's read timeout does), which surfaces as {@link java.net.SocketTimeoutException}. Bytes after
 * a request stay buffered for the next one (pipelining). Not thread-safe: owned by the connection's thread.
 */
final class ConnectionInput {
    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    /** Where the last line of {@link #nextLine} starts in {@link #buffer}. */
    private int lineStart;

    /** @param bufferBytes larger than the longest head accepted, so a head line always fits */
    ConnectionInput(InputStream in, int bufferBytes) {
        this.in = in;
        this.buffer = new byte[bufferBytes];
    }

    /** Waits for the first byte of the next request; false when the peer closed the connection first. */
    boolean awaitRequest() throws IOException {
        return position < limit || fill() > 0;
    }

    /**
     * The next line of a request head, without its CRLF, as ISO-8859-1 text (one char per byte).
     *
     * @param budget        bytes the line (with its CRLF) may take at most
     * @param tooLong       the status refusing a longer line (414 for the request line, 431 for a header)
     * @param deadlineNanos when the head must be complete ({@link System#nanoTime()}); 408 after it
     * @throws FrontRefusal a bare LF or CR (a line break that is not CRLF: the ambiguity request smuggling uses),
     *                      a line over budget, or the deadline passed
     * @throws EOFException the peer closed the connection within the head
     */
    String line(int budget, int tooLong, long deadlineNanos) throws IOException, FrontRefusal {
        int length = nextLine(budget, tooLong, deadlineNanos);
        return new String(buffer, lineStart, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@link #line} without building the line: consumes the next line and returns its length without the CRLF; its
     * bytes are {@link #buffer()}{@code [}{@link #lineStart()}{@code , lineStart() + length)} until the next call
     * (which may move them). The same checks and refusals as {@link #line}.
     */
    int nextLine(int budget, int tooLong, long deadlineNanos) throws IOException, FrontRefusal {
        int scanned = position;
        while (true) {
            for (; scanned < limit; scanned++) {
                byte b = buffer[scanned];
                if (b == '\n') {
                    if (scanned == position || buffer[scanned - 1] != '\r') {
                        throw new FrontRefusal(400, "a line ended by a bare LF");
                    }
                    if (scanned + 1 - position > budget) {
                        throw new FrontRefusal(tooLong, "a head line over its budget of " + budget + " bytes");
                    }
                    lineStart = position;
                    position = scanned + 1;
                    return scanned - 1 - lineStart;
                }
                if (scanned > position && buffer[scanned - 1] == '\r') {
                    throw new FrontRefusal(400, "a bare CR in a head line");
                }
            }
            if (scanned - position > budget) {
                throw new FrontRefusal(tooLong, "a head line over its budget of " + budget + " bytes");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new FrontRefusal(408, "the head did not arrive in time");
            }
            int shift = position;
            if (fill() < 0) {
                throw new EOFException("the connection closed within a request head");
            }
            scanned -= shift - position;
        }
    }

    /** The buffer {@link #nextLine} leaves its line in. */
    byte[] buffer() {
        return buffer;
    }

    /** Where the line {@link #nextLine} returned starts in {@link #buffer()}. */
    int lineStart() {
        return lineStart;
    }

    /** Bytes already buffered beyond what was consumed. */
    int buffered() {
        return limit - position;
    }

    /** Reads up to {@code length} body bytes: buffered ones first, else one blocking read; -1 at end of stream. */
    int read(byte[] target, int offset, int length) throws IOException {
        int available = limit - position;
        if (available > 0) {
            int count = Math.min(available, length);
            System.arraycopy(buffer, position, target, offset, count);
            position += count;
            return count;
        }
        return in.read(target, offset, length);
    }

    /** Drops up to {@code length} bytes (an unread body); returns how many were dropped before end of stream. */
    long skip(long length) throws IOException {
        long skipped = 0;
        byte[] sink = buffer;
        while (skipped < length) {
            if (position < limit) {
                int count = (int) Math.min(limit - position, length - skipped);
                position += count;
                skipped += count;
                continue;
            }
            position = 0;
            limit = 0;
            int read = in.read(sink, 0, (int) Math.min(sink.length, length - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /** One blocking read into the buffer, moving unconsumed bytes to its start first; -1 at end of stream. */
    private int fill() throws IOException {
        if (position == limit) {
            position = 0;
            limit = 0;
        } else if (limit == buffer.length) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read > 0) {
            limit += read;
        }
        return read;
    }
}
