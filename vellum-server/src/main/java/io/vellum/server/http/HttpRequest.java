package io.vellum.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request, fully read and (unless auth is off) already authenticated, as every {@link Endpoint} sees it.
 *
 * @param method  upper-case HTTP method
 * @param path    the decoded path, without the query string
 * @param query   decoded query parameters (a name may repeat)
 * @param headers header values by lower-case name (repeated headers joined with ",")
 * @param body    the whole body (empty when none)
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                          byte[] body) {

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The first value of a query parameter, or null. */
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
