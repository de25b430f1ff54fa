package io.vellum.server.auth;

import io.vellum.server.PercentEncoding;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical request of AWS Signature Version 4, built from the request as it arrived:
 *
 * <pre>
 * method \n canonicalUri \n canonicalQuery \n canonicalHeaders \n signedHeaders \n payloadHash
 * </pre>
 *
 * The canonical URI is the raw path, normalised (". " and ".." segments removed) and percent-encoded <em>again</em>,
 * keeping '/': every AWS service except S3 signs the already-encoded path encoded a second time (the AWS SDKs'
 * {@code doubleUrlEncode}, botocore's {@code quote(path)}). Query parameters are decoded, re-encoded with RFC 3986
 * unreserved characters only, and sorted by name, then value. Header values are trimmed with inner runs of spaces
 * collapsed. Stateless.
 */
final class CanonicalRequest {
    private CanonicalRequest() {
    }

    static String build(String method, String rawPath, String rawQuery, String canonicalHeaders, String signedHeaders,
                        String payloadHash) {
        return method + '\n' + canonicalUri(rawPath) + '\n' + canonicalQuery(rawQuery) + '\n' + canonicalHeaders
                + '\n' + signedHeaders + '\n' + payloadHash;
    }

    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String path = rawPath;
        try {
            // Parsed behind a dummy authority so that a path starting with "//" stays a path.
            String normalized = URI.create("http://host" + rawPath).normalize().getRawPath();
            if (normalized != null && !normalized.isEmpty()) {
                path = normalized;
            }
        } catch (IllegalArgumentException e) {
            // Not a valid URI path (the HTTP layer would normally have refused it); sign it as sent.
        }
        return encode(path, true);
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            // Bytes, not text: escapes that are not UTF-8 are canonicalised as the client signed them (the router
            // then refuses them with a 400 naming the problem).
            parameters.add(new String[] {PercentEncoding.encode(PercentEncoding.decodeToBytes(name), false),
                    PercentEncoding.encode(PercentEncoding.decodeToBytes(value), false)});
        }
        parameters.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder query = new StringBuilder(rawQuery.length() + 16);
        for (String[] parameter : parameters) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(parameter[0]).append('=').append(parameter[1]);
        }
        return query.toString();
    }

    /**
     * {@code name:value\n} for each signed header in the order given; null when a signed header is absent (the
     * name is then returned through {@code missing[0]}).
     */
    static String canonicalHeaders(Map<String, String> headers, List<String> signedHeaders, String[] missing) {
        StringBuilder canonical = new StringBuilder(256);
        for (String name : signedHeaders) {
            String value = headers.get(name);
            if (value == null) {
                missing[0] = name;
                return null;
            }
            canonical.append(name).append(':').append(trimAll(value)).append('\n');
        }
        return canonical.toString();
    }

    /** Trims and collapses every run of spaces and tabs to one space, as SigV4 canonical header values require. */
    static String trimAll(String value) {
        String trimmed = value.strip();
        StringBuilder collapsed = null;
        boolean previousSpace = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            boolean space = c == ' ' || c == '\t';
            if (space && previousSpace && collapsed == null) {
                collapsed = new StringBuilder(trimmed.length()).append(trimmed, 0, i);
            }
            if (collapsed != null && !(space && previousSpace)) {
                collapsed.append(space ? ' ' : c);
            }
            previousSpace = space;
        }
        return collapsed == null ? trimmed.replace('\t', ' ') : collapsed.toString();
    }

    static String encode(String text, boolean keepSlash) {
        return PercentEncoding.encode(text, keepSlash);
    }

    static String decode(String raw) {
        return PercentEncoding.decode(raw);
    }
}
