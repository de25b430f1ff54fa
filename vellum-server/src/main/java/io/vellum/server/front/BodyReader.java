package io.vellum.server.front;

import io.vellum.server.http.BodyRefusals;
import io.vellum.server.http.HttpResponse;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads a request body of a declared length (or, for a dispatch that accepts them, a chunked one) with blocking
 * reads, within the same bounds as Jetty's front ({@link io.vellum.server.http.RequestBodyReader}): the buffer
 * grows with what arrives, not with what is promised (a declared 8 MiB that never comes does not cost 8 MiB);
 * nothing arriving for the idle timeout (a read the front's watchdog ends, or the socket's read timeout under TLS:
 * {@link java.net.SocketTimeoutException} either way) is a 408; a body slower than the minimum rate after the grace
 * period is a 408, checked as each part arrives. A declared length was checked against the body limit before.
 * Stateless and thread-safe.
 */
final class BodyReader {
    /** The buffer a body starts with; it doubles as bytes arrive, up to the body's length. */
    private static final int INITIAL_BUFFER_BYTES = 64 << 10;

    /** The bytes a chunk-size line (with its extensions) or a trailer line may take. */
    private static final int CHUNK_LINE_BYTES = 1 << 10;
    /** The bytes the trailer section may take in all. */
    private static final int TRAILER_BYTES = 8 << 10;
    /** The largest chunk-size read (Jetty's bound): larger is malformed (400); smaller but past the limit, 413. */
    private static final long LARGEST_CHUNK = Integer.MAX_VALUE - 16;
    /** Chunk-size and trailer lines have no deadline of their own: the body's minimum rate bounds them. */
    private static final long NO_LINE_DEADLINE_NANOS = 1_000_000_000L * 86_400;

    /** A body that was refused: the answer to send, after which the connection closes. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient HttpResponse answer;
        private final boolean moreToCome;

        Refused(HttpResponse answer) {
            this(answer, false);
        }

        /** @param moreToCome whether the client may still be sending (a body over the limit): drain before closing */
        Refused(HttpResponse answer, boolean moreToCome) {
            super(null, null, false, false);
            this.answer = answer;
            this.moreToCome = moreToCome;
        }

        HttpResponse answer() {
            return answer;
        }

        boolean moreToCome() {
            return moreToCome;
        }
    }

    private BodyReader() {
    }

    /**
     * @param length     the declared length, at most the body limit
     * @param startNanos when the request's head was complete (the minimum rate is measured from there)
     * @throws Refused      the body came too slowly or not at all
     * @throws EOFException the peer closed the connection within the body
     */
    static byte[] read(ConnectionInput input, int length, BodyRefusals refusals, long startNanos)
            throws IOException, Refused {
        if (length == 0) {
            return new byte[0];
        }
        byte[] body = new byte[Math.min(length, INITIAL_BUFFER_BYTES)];
        int size = 0;
        while (size < length) {
            if (size == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            }
            int read;
            try {
                read = input.read(body, size, body.length - size);
            } catch (SocketTimeoutException idle) {
                throw new Refused(refusals.idle());
            }
            if (read < 0) {
                throw new EOFException("the connection closed within a request body");
            }
            size += read;
            if (size < length) {
                HttpResponse slow = refusals.tooSlow(size, System.nanoTime() - startNanos);
                if (slow != null) {
                    throw new Refused(slow);
                }
            }
        }
        return body;
    }

    /**
     * Reads a body in chunked transfer coding (RFC 9112 section 7.1), strictly: each chunk-size is hex digits,
     * optionally followed by extensions (ignored), its line and the chunk's data each ended by CRLF, the last chunk
     * {@code 0}, then trailer fields (read and dropped, at most {@value #TRAILER_BYTES} bytes) and an empty line.
     * Anything else is refused as unreadable (400); data beyond {@code maximumBytes} is refused (413) as soon as a
     * chunk-size announces it, before its data is read; the minimum rate and the idle timeout apply as for a body
     * of declared length.
     *
     * @throws Refused      the body is malformed, too large ({@link Refused#moreToCome()}) or too slow
     * @throws EOFException the peer closed the connection within the body
     */
    static byte[] readChunked(ConnectionInput input, int maximumBytes, BodyRefusals refusals, long startNanos)
            throws IOException, Refused {
        byte[] body = new byte[0];
        int size = 0;
        try {
            while (true) {
                long chunk = chunkSize(line(input, CHUNK_LINE_BYTES, refusals), refusals);
                if (chunk == 0) {
                    break;
                }
                if (chunk > maximumBytes - size) {
                    throw new Refused(refusals.tooLarge("more than " + maximumBytes + " bytes"), true);
                }
                int end = size + (int) chunk;
                if (end > body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(maximumBytes, Math.max(end, 2L * body.length)));
                }
                while (size < end) {
                    int read = input.read(body, size, end - size);
                    if (read < 0) {
                        throw new EOFException("the connection closed within a request body");
                    }
                    size += read;
                    HttpResponse slow = refusals.tooSlow(size, System.nanoTime() - startNanos);
                    if (slow != null) {
                        throw new Refused(slow);
                    }
                }
                if (!line(input, 2, refusals).isEmpty()) {
                    throw new Refused(refusals.unreadable());
                }
            }
            for (int trailer = TRAILER_BYTES; ; ) {
                String field = line(input, trailer, refusals);
                if (field.isEmpty()) {
                    break;
                }
                trailer -= field.length() + 2;
            }
        } catch (SocketTimeoutException idle) {
            throw new Refused(refusals.idle());
        }
        return size == body.length ? body : Arrays.copyOf(body, size);
    }

    /** One CRLF-ended line of chunked framing; 400 for a bare CR or LF or a line over {@code budget}. */
    private static String line(ConnectionInput input, int budget, BodyRefusals refusals) throws IOException, Refused {
        try {
            return input.line(budget, 400, System.nanoTime() + NO_LINE_DEADLINE_NANOS);
        } catch (FrontRefusal refusal) {
            throw new Refused(refusals.unreadable());
        }
    }

    /**
     * The size a chunk-size line announces: hex digits, then nothing or {@code [BWS] ;} extensions; 400 otherwise,
     * and for a size past {@link #LARGEST_CHUNK} (as Jetty refuses it: nobody sends such a chunk).
     */
    private static long chunkSize(String line, BodyRefusals refusals) throws Refused {
        int digits = 0;
        long size = 0;
        for (int value; digits < line.length() && (value = hexDigit(line.charAt(digits))) >= 0; digits++) {
            if (size > LARGEST_CHUNK / 16) {
                throw new Refused(refusals.unreadable());
            }
            size = size * 16 + value;
        }
        int rest = digits;
        while (rest < line.length() && (line.charAt(rest) == ' ' || line.charAt(rest) == '\t')) {
            rest++;
        }
        if (digits == 0 || (rest < line.length() && line.charAt(rest) != ';')
                || (rest == line.length() && rest != digits)) {
            throw new Refused(refusals.unreadable());
        }
        return size;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
