package io.vellum.client.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson {@link ObjectMapper} of the client. A configured mapper is thread-safe, and building one is costly,
 * so every request and response shares it.
 */
final class SharedJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private SharedJson() {
    }
}
