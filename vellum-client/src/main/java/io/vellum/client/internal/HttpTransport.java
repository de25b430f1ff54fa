package io.vellum.client.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Sends one HTTP request and reads the whole answer. Implementations are thread-safe; {@link #close()} releases
 * their connections, after which {@link #exchange} fails.
 */
public interface HttpTransport extends AutoCloseable {
    /**
     * @param headers headers to send besides {@code Host} and {@code Content-Length}, which the transport derives
     *                from {@code uri} and {@code body}
     */
    HttpAnswer exchange(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException;

    @Override
    void close();
}
