package io.vellum.server.http;

import java.util.Map;

/**
 * The one dispatch both HTTP fronts call: given a request's head, where it goes and how it must prove itself
 * ({@link RoutedRequest}). A front parses and frames HTTP; everything from routing on (authentication, content
 * types, forwarding, the endpoints, the console, internal failures) is the dispatch's. Thread-safe.
 */
public interface RequestRoutes {
    /**
     * Routes one request; never throws (a failure to route is a {@link RoutedRequest} that answers 500).
     *
     * @param method      the request method, as sent (methods are case-sensitive)
     * @param rawPath     the path as sent, percent-escapes intact (what the SigV4 signature covers)
     * @param decodedPath the path percent-decoded, {@code /} when empty
     * @param rawQuery    the query as sent, without {@code ?}; null when the target has none
     * @param headers     header values by lower-case name, repeated headers joined with {@code ,}
     */
    RoutedRequest route(String method, String rawPath, String decodedPath, String rawQuery,
                        Map<String, String> headers);

    /**
     * The largest request body this dispatch takes; Vellum's own front refuses a larger declared length before
     * reading any of it, and stops a chunked body at this size ({@link RoutedRequest#refuse} 413). The server's
     * APIs take {@link InputLimits#MAXIMUM_BODY_BYTES}; another application on the front (the wallet) may take less.
     */
    default int maximumBodyBytes() {
        return InputLimits.MAXIMUM_BODY_BYTES;
    }

    /**
     * Whether Vellum's own front reads a chunked request body (up to {@link #maximumBodyBytes()}) for this dispatch;
     * when not, it answers 411 (the server's clients all send a length).
     */
    default boolean acceptsChunkedBodies() {
        return false;
    }

    /**
     * The answer Vellum's own front gives to a request it refused before routing it (its request line, target,
     * headers or framing: 400, 408, 411, 414, 417, 431, 501, 505): by default every server API's shape at once
     * ({@link MalformedRequestAnswers}); an application on the front answers in its own. Must not throw.
     *
     * @param sessionApi whether the request is known to carry an {@code X-Amz-Target} header
     */
    default HttpResponse refuseUnrouted(int status, boolean sessionApi) {
        return MalformedRequestAnswers.answer(status, sessionApi);
    }
}
