package io.vellum.server.auth;

import java.util.Map;

/**
 * A request as it arrived, before any decoding, which is what a SigV4 signature covers.
 *
 * @param method   upper-case HTTP method
 * @param rawPath  the path exactly as sent (still percent-encoded), without the query
 * @param rawQuery the query string exactly as sent, without '?', or null
 * @param headers  header values by lower-case name; repeated headers joined with ","
 * @param body     the whole body
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
