package io.vellum.server.front;

import io.vellum.server.http.BodyRefusals;
import io.vellum.server.http.HttpResponse;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads a request body of a declared length with blocking reads, within the same bounds as Jetty's front
 * ({@link io.vellum.server.http.RequestBodyReader}): the buffer grows with what arrives, not with what is promised
 * (a declared 8 MiB that never comes does not cost 8 MiB); nothing arriving for the idle timeout (a read the
 * front's watchdog ends, or the socket's read timeout under TLS: {@link java.net.SocketTimeoutException} either way)
 * is a 408; a body slower than the minimum rate after the grace period is a 408, checked as each part arrives. The
 * declared length was checked against the body limit before. Stateless and thread-safe.
 */
final class BodyReader {
    /** The buffer a body starts with; it doubles as bytes arrive, up to the body's length. */
    private static final int INITIAL_BUFFER_BYTES = 64 << 10;

    /** A body that was refused: the answer to send, after which the connection closes. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient HttpResponse answer;

        Refused(HttpResponse answer) {
            super(null, null, false, false);
            this.answer = answer;
        }

        HttpResponse answer() {
            return answer;
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
}
