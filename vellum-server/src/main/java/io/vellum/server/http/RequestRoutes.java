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
}
