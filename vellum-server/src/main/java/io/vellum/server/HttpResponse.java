package io.vellum.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response produced by an {@link Endpoint}. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    public static HttpResponse of(int status, String contentType, String body) {
        return new HttpResponse(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }
}
