package io.vellum.client.internal;

import io.vellum.proof.Sha256;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) for one service and region, as the AWS SDKs sign QLDB requests
 * (service name {@code qldb} for both the Session API and the control plane, SPEC §1.1 and §3).
 *
 * <p>What is signed: every header passed to {@link #sign} plus {@code host} (derived from the URI when absent, as
 * {@code java.net.http} sends it: {@code host[:port]}, the port omitted when it is the scheme's default) and
 * {@code x-amz-date}. The caller chooses the headers; the Vellum client passes {@code content-type},
 * {@code x-amz-content-sha256} and, for the Session API, {@code x-amz-target}.
 *
 * <p>Canonical forms follow the SigV4 specification for services other than S3: each path segment and each query
 * key and value is percent-encoded (RFC 3986 unreserved characters kept, upper-case hex), query parameters are
 * sorted by key then value, header names are lower-cased and sorted, header values trimmed with inner runs of
 * spaces collapsed.
 *
 * <p>Thread-safe. The derived signing key ({@code kSigning}, four HMACs from the secret) depends only on the day,
 * region and service, so it is cached per day in one volatile field holding an immutable pair.
 */
public final class SigV4Signer {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final Credentials credentials;
    private final String region;
    private final String service;
    private volatile DaySigningKey cachedKey;

    /** The signing key of one day: {@code date} is {@code yyyyMMdd}. */
    private record DaySigningKey(String date, byte[] key) {
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
        String amzDate = AMZ_DATE.format(time);
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

        StringBuilder canonical = new StringBuilder(256)
                .append(method.toUpperCase(Locale.ROOT)).append('\n')
                .append(canonicalPath(uri)).append('\n')
                .append(canonicalQuery(uri.getRawQuery())).append('\n');
        canonicalHeaders.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        // A signed x-amz-content-sha256 is the payload hash by definition (the server checks it against the body).
        String payloadHash = canonicalHeaders.get("x-amz-content-sha256");
        canonical.append('\n').append(signedHeaders).append('\n')
                .append(payloadHash != null ? payloadHash : sha256Hex(body));
        String canonicalRequest = canonical.toString();

        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        String signature = HEX.formatHex(hmac(signingKey(date), stringToSign));
        String authorization = ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
        return new RequestSignature(amzDate, canonicalRequest, stringToSign, authorization);
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
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        cachedKey = new DaySigningKey(date, key);
        return key;
    }

    /** The value trimmed, each run of whitespace inside made one space (SigV4's canonical header value). */
    static String canonicalHeaderValue(String value) {
        String stripped = Objects.requireNonNull(value, "header value").strip();
        StringBuilder collapsed = null;
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            boolean space = Character.isWhitespace(c);
            if (collapsed == null && space && (c != ' ' || Character.isWhitespace(stripped.charAt(i + 1)))) {
                collapsed = new StringBuilder(stripped.length()).append(stripped, 0, i);
            }
            if (collapsed != null && !(space && Character.isWhitespace(stripped.charAt(i - 1)))) {
                collapsed.append(space ? ' ' : c);
            }
        }
        return collapsed == null ? stripped : collapsed.toString();
    }

    private static String canonicalPath(URI uri) {
        String path = uri.normalize().getPath();
        if (path == null || path.isEmpty()) {
            return "/";
        }
        StringBuilder encoded = new StringBuilder(path.length() + 16);
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            encoded.append(percentEncode(path.substring(start, end)));
            if (slash < 0) {
                break;
            }
            encoded.append('/');
            start = slash + 1;
        }
        return encoded.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(new String[] {percentEncode(percentDecode(key)), percentEncode(percentDecode(value))});
        }
        parameters.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder query = new StringBuilder();
        for (String[] parameter : parameters) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(parameter[0]).append('=').append(parameter[1]);
        }
        return query.toString();
    }

    /** RFC 3986 encoding of UTF-8 bytes: {@code A-Z a-z 0-9 - _ . ~} kept, everything else {@code %XX}. */
    static String percentEncode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX.toHexDigits(b).toUpperCase(Locale.ROOT));
            }
        }
        return encoded.toString();
    }

    /** Decodes {@code %XX} escapes as UTF-8 (a '+' stays a '+': these query strings are not form-encoded). */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int runStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1))
                    && isHex(text.charAt(i + 2))) {
                // Plain text between escapes is copied as a whole, so surrogate pairs stay together.
                bytes.writeBytes(text.substring(runStart, i).getBytes(StandardCharsets.UTF_8));
                bytes.write(Integer.parseInt(text, i + 1, i + 3, 16));
                i += 2;
                runStart = i + 1;
            }
        }
        bytes.writeBytes(text.substring(runStart).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String sha256Hex(byte[] data) {
        return HEX.formatHex(Sha256.digest(data));
    }

    private static byte[] hmac(byte[] key, String data) {
        return Sha256.hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + credentials.accessKeyId() + ", " + region + ", " + service + "]";
    }
}
