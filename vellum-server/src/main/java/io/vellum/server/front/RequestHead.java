package io.vellum.server.front;

import java.util.Map;

/**
 * A request's line and headers as the front accepted them ({@link RequestHeadParser}). Immutable (the header map is
 * not copied: owned by the connection's thread, handed to the dispatch).
 *
 * @param method         the method, as sent
 * @param target         the request target, checked and decoded
 * @param http10         whether the request is HTTP/1.0 (answered, then the connection closed)
 * @param headers        values by lower-case name, repeated headers joined with {@code ,}
 * @param contentLength  the body's length; 0 when the request declared none
 * @param close          whether the client asked to close the connection after this request
 * @param expectContinue whether the client waits for {@code 100 Continue} before sending its body
 * @param chunked        whether the body comes in chunked transfer coding (then {@code contentLength} is 0; only
 *                       when the dispatch {@linkplain io.vellum.server.http.RequestRoutes#acceptsChunkedBodies
 *                       accepts} it)
 */
record RequestHead(String method, RequestTarget target, boolean http10, Map<String, String> headers,
                   long contentLength, boolean close, boolean expectContinue, boolean chunked) {

    /** Whether the request is for the Session API (AWS JSON 1.0 error answers). */
    boolean sessionApi() {
        return headers.containsKey("x-amz-target");
    }
}
