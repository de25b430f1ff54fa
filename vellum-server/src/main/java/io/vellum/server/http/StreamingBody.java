package io.vellum.server.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body that is written while the request stays open, for responses without an end known in advance
 * (Server-Sent Events). The router sends the status and headers first (no {@code Content-Length}: the body is
 * chunked), then calls {@link #writeTo} once on the request's own thread, and ends the response when it returns.
 *
 * <p>Implementations flush whenever the client should see what was written, return when they are done or told to
 * stop, and let the {@link IOException} of a client that went away propagate (the router then drops the
 * connection). The router always calls {@code writeTo} exactly once for a response that carries one, so an
 * implementation may release resources it reserved for the response in a {@code finally} there.
 */
@FunctionalInterface
public interface StreamingBody {
    /** Writes the body to {@code out}; does not need to close it. */
    void writeTo(OutputStream out) throws IOException;
}
