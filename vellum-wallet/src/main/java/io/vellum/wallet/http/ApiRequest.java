package io.vellum.wallet.http;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.URIUtil;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP request, read completely.
 *
 * @param method         upper-case method
 * @param path           the path as sent (percent-encoded)
 * @param pathParameters values of the route's {@code {name}} segments
 * @param query          decoded query parameters (first value of each)
 * @param repeatedQueryParameters names of the query parameters given more than once (refused where they are read:
 *                       which value would count?)
 * @param headers        header values by lower-case name
 * @param body           the body, empty when none
 */
record ApiRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
                  Set<String> repeatedQueryParameters, Map<String, String> headers, byte[] body) {

    String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** A query parameter, or null. */
    String queryParameter(String name) {
        return query.get(name);
    }

    /** A header by case-insensitive name, or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    ApiRequest withPathParameters(Map<String, String> parameters) {
        return new ApiRequest(method, path, Map.copyOf(parameters), query, repeatedQueryParameters, headers, body);
    }

    /** The path's non-empty segments, each decoded on its own (so an encoded '/' cannot split a segment). */
    List<String> segments() {
        List<String> segments = new ArrayList<>(4);
        for (int start = 0, end; start < path.length(); start = end + 1) {
            end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                segments.add(URIUtil.decodePath(path.substring(start, end)));
            }
        }
        return segments;
    }
}
