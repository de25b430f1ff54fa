package io.vellum.client.internal;

import io.vellum.sigv4.CanonicalRequest;
import io.vellum.sigv4.SignatureV4;
import io.vellum.sigv4.UriEncoding;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) for one service and region, as the AWS SDKs sign QLDB requests
 * (service name {@code qldb} for both the Session API and the control plane, COMPATIBILITY.md §8.1 and §9).
 *
 * <p>What is signed: every header passed to {@link #sign} plus {@code host} (derived from the URI when absent, as
 * {@code java.net.http} sends it: {@code host[:port]}, the port omitted when it is the scheme's default) and
 * {@code x-amz-date}. The caller chooses the headers; the Vellum client passes {@code content-type},
 * {@code x-amz-content-sha256} and, for the Session API, {@code x-amz-target}.
 *
 * <p>The canonical request is vellum-sigv4's {@link CanonicalRequest}, the code the server verifies with: the raw
 * path normalised and percent-encoded again (as the AWS SDKs sign every service but S3, so an escaped {@code %3A} in
 * an ARN is signed as {@code %253A}), query keys and values decoded, re-encoded and sorted, header names lower-cased
 * and sorted, header values trimmed with inner runs of whitespace collapsed.
 *
 * <p>Thread-safe. The derived signing key ({@code kSigning}, four HMACs from the secret) depends only on the day,
 * region and service, so it is cached per day in one volatile field holding an immutable pair; the formatted
 * {@code X-Amz-Date} likewise per second.
 */
public final class SigV4Signer {
    static final String ALGORITHM = SignatureV4.ALGORITHM;
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Credentials credentials;
    private final String region;
    private final String service;
    private volatile DaySigningKey cachedKey;
    private volatile SecondAmzDate cachedDate;

    /** The signing key of one day: {@code date} is {@code yyyyMMdd}. */
    private record DaySigningKey(String date, byte[] key) {
    }

    /** {@code X-Amz-Date} of one second since the epoch: a client signs many requests in the same second. */
    private record SecondAmzDate(long epochSecond, String amzDate) {
    }

    public SigV4Signer(Credentials credentials, String region, String service) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = requireToken(region, "region");
        this.service = requireToken(service, "service");
    }

    private static String requireToken(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException(name + " must be non-empty and contain no '/': '" + value + "'");
        }
        return value;
    }

    /**
     * Signs a request made at {@code time}.
     *
     * @param method  the HTTP method, e.g. {@code POST}
     * @param uri     the absolute request URI (path and query are signed as given)
     * @param headers the headers to sign, by any case of name; must not contain {@code x-amz-date} or
     *                {@code authorization}
     * @param body    the exact body bytes sent (empty for none)
     */
    public RequestSignature sign(String method, URI uri, Map<String, String> headers, byte[] body, Instant time) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
        String amzDate = amzDate(time);
        String date = amzDate.substring(0, 8);

        TreeMap<String, String> canonicalHeaders = new TreeMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("x-amz-date") || name.equals("authorization")) {
                throw new IllegalArgumentException("the signer sets " + name + " itself");
            }
            if (canonicalHeaders.put(name, canonicalHeaderValue(header.getValue())) != null) {
                throw new IllegalArgumentException("header " + name + " given twice (names are case-insensitive)");
            }
        }
        canonicalHeaders.putIfAbsent("host", hostHeader(uri));
        canonicalHeaders.put("x-amz-date", amzDate);
        String signedHeaders = String.join(";", canonicalHeaders.keySet());

        StringBuilder headerLines = new StringBuilder(256);
        canonicalHeaders.forEach((name, value) -> headerLines.append(name).append(':').append(value).append('\n'));
        // A signed x-amz-content-sha256 is the payload hash by definition (the server checks it against the body).
        String payloadHash = canonicalHeaders.get("x-amz-content-sha256");
        String canonicalRequest = CanonicalRequest.of(method.toUpperCase(Locale.ROOT), uri.getRawPath(),
                uri.getRawQuery(), headerLines.toString(), signedHeaders,
                payloadHash != null ? payloadHash : sha256Hex(body));

        String scope = SignatureV4.credentialScope(date, region, service);
        String stringToSign = SignatureV4.stringToSign(amzDate, scope, canonicalRequest);
        String signature = SignatureV4.signature(signingKey(date), stringToSign);
        String authorization = ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
        return new RequestSignature(amzDate, canonicalRequest, stringToSign, authorization);
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} of {@code time}; formatted once per second. */
    private String amzDate(Instant time) {
        SecondAmzDate cached = cachedDate;
        if (cached != null && cached.epochSecond() == time.getEpochSecond()) {
            return cached.amzDate();
        }
        String formatted = AMZ_DATE.format(time);
        cachedDate = new SecondAmzDate(time.getEpochSecond(), formatted);
        return formatted;
    }

    /** The {@code Host} header {@code java.net.http} sends for {@code uri}: the port only when not the default. */
    public static String hostHeader(URI uri) {
        String host = Objects.requireNonNull(uri.getHost(), () -> "URI has no host: " + uri);
        int port = uri.getPort();
        boolean defaultPort = port == -1
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** {@code kSigning} for {@code date} ({@code yyyyMMdd}); cached for the most recent day asked. */
    byte[] signingKey(String date) {
        DaySigningKey cached = cachedKey;
        if (cached != null && cached.date().equals(date)) {
            return cached.key();
        }
        byte[] key = SignatureV4.signingKey(credentials.secretAccessKey(), date, region, service);
        cachedKey = new DaySigningKey(date, key);
        return key;
    }

    /** The value trimmed, each run of whitespace inside made one space (SigV4's canonical header value). */
    static String canonicalHeaderValue(String value) {
        return CanonicalRequest.headerValue(Objects.requireNonNull(value, "header value"));
    }

    /** RFC 3986 encoding of UTF-8 bytes: {@code A-Z a-z 0-9 - _ . ~} kept, everything else {@code %XX}. */
    static String percentEncode(String text) {
        return UriEncoding.encode(text, false);
    }

    static String sha256Hex(byte[] data) {
        return SignatureV4.sha256Hex(data);
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + credentials.accessKeyId() + ", " + region + ", " + service + "]";
    }
}
