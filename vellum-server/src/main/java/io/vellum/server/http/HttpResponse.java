package io.vellum.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP response produced by an {@link Endpoint}: either a whole {@code body}, or (for event streams) a
 * {@code streamingBody} that the router runs after sending status and headers, in which case {@code body} is empty.
 *
 * @param streamingBody null for an ordinary response
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body, StreamingBody streamingBody) {

    /** An ordinary response with its whole body. */
    public HttpResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    public static HttpResponse of(int status, String contentType, String body) {
        return new HttpResponse(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A 200 response whose body {@code streamingBody} writes while the request stays open. */
    public static HttpResponse streaming(Map<String, String> headers, StreamingBody streamingBody) {
        return new HttpResponse(200, headers, new byte[0], java.util.Objects.requireNonNull(streamingBody));
    }

    public boolean isStreaming() {
        return streamingBody != null;
    }
}
