package io.vellum.client.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Sends SigV4-signed requests with {@link java.net.http.HttpClient}. Besides the caller's headers it signs
 * {@code host}, {@code x-amz-date} and {@code x-amz-content-sha256} (the body's SHA-256, as recent AWS SDKs send it);
 * {@code User-Agent} is sent unsigned. Thread-safe: {@code HttpClient} is, and the signer is.
 */
public final class SignedHttp {
    private static final String USER_AGENT = "vellum-client-java/0.1";

    private final HttpClient httpClient;
    private final SigV4Signer signer;
    private final Clock clock;
    private final Duration requestTimeout;

    public SignedHttp(HttpClient httpClient, SigV4Signer signer, Clock clock, Duration requestTimeout) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * Signs and sends one request and reads the whole answer.
     *
     * @param headers headers to sign and send (not {@code host}, which {@code HttpClient} derives from the URI)
     */
    public HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("X-Amz-Content-Sha256", SigV4Signer.sha256Hex(body));
        RequestSignature signature = signer.sign(method, uri, signed, body, clock.instant());

        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-Amz-Date", signature.amzDate())
                .header("Authorization", signature.authorization())
                .header("User-Agent", USER_AGENT);
        signed.forEach(request::header);
        HttpResponse<byte[]> response = httpClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new HttpAnswer(response.statusCode(), firstValues(response.headers().map()), response.body());
    }

    private static Map<String, String> firstValues(Map<String, List<String>> headers) {
        Map<String, String> first = new HashMap<>();
        headers.forEach((name, values) -> {
            if (!values.isEmpty()) {
                first.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return first;
    }
}
