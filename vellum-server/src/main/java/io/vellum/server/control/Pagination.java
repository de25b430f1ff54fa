package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.server.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Pages of QLDB's List operations for exports and streams ({@code ?max_results=1..100&next_token=…}). The list is
 * in a stable order and every item has a key that never changes (its export or stream id); {@code NextToken} is
 * the Base64 of the last key returned, and the next page starts after that item, so items added meanwhile do not
 * shift a page.
 */
final class Pagination {
    /** The model's bound for {@code MaxResults}, also the page size when none is given. */
    static final int MAXIMUM_RESULTS = 100;

    private Pagination() {
    }

    /**
     * Writes one page of {@code ordered} to {@code body[member]} (each item shaped by {@code shape}) and, when more
     * items follow, {@code NextToken}.
     *
     * @throws ControlPlaneException InvalidParameterException for a bad {@code max_results} or a token that names no
     *                               item of the list
     */
    static <T> void page(HttpRequest request, List<T> ordered, Function<T, String> key, ObjectNode body,
                         String member, Function<T, ObjectNode> shape) {
        int maxResults = maxResults(request.queryParameter("max_results"));
        int first = 0;
        String token = request.queryParameter("next_token");
        if (token != null) {
            String after = decode(token);
            first = -1;
            for (int i = 0; i < ordered.size(); i++) {
                if (key.apply(ordered.get(i)).equals(after)) {
                    first = i + 1;
                    break;
                }
            }
            if (first < 0) {
                throw ControlPlaneException.invalidParameter("NextToken", "next_token is not a token this list "
                        + "returned: " + token);
            }
        }
        ArrayNode page = body.putArray(member);
        int end = Math.min(ordered.size(), first + maxResults);
        for (int i = first; i < end; i++) {
            page.add(shape.apply(ordered.get(i)));
        }
        if (end < ordered.size()) {
            body.put("NextToken", Base64.getEncoder().encodeToString(
                    key.apply(ordered.get(end - 1)).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ControlPlaneException.invalidParameter("NextToken", "next_token is not a token this list "
                    + "returned: " + token);
        }
    }

    private static int maxResults(String text) {
        if (text == null) {
            return MAXIMUM_RESULTS;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAXIMUM_RESULTS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ControlPlaneException.invalidParameter("MaxResults",
                "max_results must be an integer from 1 to " + MAXIMUM_RESULTS + ", got " + text);
    }
}
