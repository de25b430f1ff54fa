package io.vellum.client.internal;

import java.io.IOException;

/**
 * Carries one QLDB Session API request body ({@code SendCommand}, AWS JSON 1.0) to the server and returns its answer,
 * whatever the status. The seam between the protocol logic and HTTP. Implementations are thread-safe.
 */
@FunctionalInterface
public interface SessionTransport {
    /**
     * @throws IOException          when no answer arrived (connection refused or broken, timeout)
     * @throws InterruptedException when the calling thread was interrupted while waiting
     */
    HttpAnswer send(byte[] requestBody) throws IOException, InterruptedException;
}
