package io.vellum.wallet.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response.
 *
 * @param status      the status code
 * @param contentType the body's media type, or null when there is no body
 * @param headers     further headers
 * @param body        the body, empty for 204 and 304
 */
record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    static final String JSON = "application/json";

    static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, JSON, Map.of(), WalletJson.bytes(body));
    }

    static ApiResponse empty(int status) {
        return new ApiResponse(status, null, Map.of(), new byte[0]);
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, more, body);
    }
}
