package io.vellum.server.http;

/**
 * One API of the server (Session API, control plane, native API, metrics). The server reads the whole request,
 * authenticates it, and routes it here; an endpoint never sees an unauthenticated request unless auth is off.
 * Implementations are thread-safe: requests arrive concurrently.
 */
@FunctionalInterface
public interface Endpoint {
    /** Handles a request; errors are returned as responses in the API's own error shape, never thrown. */
    HttpResponse handle(HttpRequest request);
}
