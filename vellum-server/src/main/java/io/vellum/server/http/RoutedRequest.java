package io.vellum.server.http;

/**
 * A request whose head was read and routed, waiting for its body: what a front (Jetty's or the thread-per-connection
 * one) holds between reading the headers and reading the body. Produced by {@link RequestRoutes#route}; each is used
 * by one request on one thread at a time.
 */
public interface RoutedRequest {
    /**
     * Serves the request with its whole {@code body}: authenticates, checks the content type, forwards or calls the
     * endpoint. Never throws: an unexpected failure is a 500 naming only a request id.
     */
    HttpResponse handle(byte[] body);

    /**
     * A refusal made before the request reached its API (the body too large, too slow, unreadable), in the error
     * shape of the API the request is for (AWS's, plus the native one for {@code /v1}).
     */
    HttpResponse refuse(int status, String type, String message);
}
