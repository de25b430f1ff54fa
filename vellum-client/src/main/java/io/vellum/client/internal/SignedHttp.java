package io.vellum.client.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sends SigV4-signed requests over an {@link HttpTransport}. Besides the caller's headers it signs {@code host},
 * {@code x-amz-date} and {@code x-amz-content-sha256} (the body's SHA-256, as recent AWS SDKs send it);
 * {@code User-Agent} is sent unsigned. Thread-safe: the transport is, and the signer is.
 */
public final class SignedHttp {
    private static final String USER_AGENT = "vellum-client-java/0.1";

    private final HttpTransport transport;
    private final SigV4Signer signer;
    private final Clock clock;

    public SignedHttp(HttpTransport transport, SigV4Signer signer, Clock clock) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs and sends one request and reads the whole answer.
     *
     * @param headers headers to sign and send (not {@code host}, which the transport derives from the URI)
     */
    public HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("X-Amz-Content-Sha256", SigV4Signer.sha256Hex(body));
        RequestSignature signature = signer.sign(method, uri, signed, body, clock.instant());
        // The signature is computed; the same map now carries what is sent besides the signed headers.
        signed.put("X-Amz-Date", signature.amzDate());
        signed.put("Authorization", signature.authorization());
        signed.put("User-Agent", USER_AGENT);
        return transport.exchange(method, uri, signed, body);
    }
}
