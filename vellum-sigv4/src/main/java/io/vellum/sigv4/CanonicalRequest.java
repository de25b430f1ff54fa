package io.vellum.sigv4;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Task 1 of AWS Signature Version 4, the canonical request:
 *
 * <pre>
 * method \n canonicalUri \n canonicalQuery \n canonicalHeaders \n signedHeaders \n payloadHash
 * </pre>
 *
 * built from the request as it goes on the wire (raw, still percent-encoded path and query), so that the signer
 * and the verifier compute it from the same text. Stateless.
 */
public final class CanonicalRequest {
    private CanonicalRequest() {
    }

    /**
     * The canonical request.
     *
     * @param method           the HTTP method as sent (upper case)
     * @param rawPath          the request path as sent, percent-encoded ({@link #uri})
     * @param rawQuery         the query string as sent, without '?'; null or empty for none ({@link #query})
     * @param canonicalHeaders {@code name:value\n} per signed header, names lower case and sorted, values through
     *                         {@link #headerValue}
     * @param signedHeaders    the signed header names joined with ';'
     * @param payloadHash      the SHA-256 of the body in lower-case hex (or the signed x-amz-content-sha256)
     */
    public static String of(String method, String rawPath, String rawQuery, String canonicalHeaders,
                            String signedHeaders, String payloadHash) {
        return method + '\n' + uri(rawPath) + '\n' + query(rawQuery) + '\n' + canonicalHeaders + '\n' + signedHeaders
                + '\n' + payloadHash;
    }

    /**
     * The canonical URI of a raw (percent-encoded) path, as the AWS SDK for Java v2 signs every service but S3
     * ({@code normalizePath} and {@code doubleUrlEncode} on; botocore's {@code quote(path)} does the same):
     * <ol>
     *   <li>an empty path or "/" is "/";</li>
     *   <li>"." and ".." segments are removed ({@link URI#normalize}) from the raw path, whose escapes stay as sent;
     *       a path that is not a valid URI path is taken as it is;</li>
     *   <li>the result is percent-encoded <em>again</em>, '/' kept: an escaped {@code %3A} becomes {@code %253A},
     *       an escaped {@code %2F} becomes {@code %252F} (it is not a segment separator);</li>
     *   <li>a trailing '/' that normalisation created (from {@code /a/b/..} or {@code /a/.}) is dropped, one the
     *       request's decoded path ends with is kept.</li>
     * </ol>
     * A path given unencoded (AWS's test suite writes {@code /example space/} and {@code /ሴ}) is encoded once.
     */
    public static String uri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        if (isCanonical(rawPath)) {
            // Every request of the clients looks like this ("/", "/v1/ledgers/x/batches"): no URI to parse.
            return rawPath;
        }
        return normalisedAndEncoded(rawPath);
    }

    /** {@link #uri} of a path other than "" and "/", the long way: parsed, normalised, encoded again. */
    static String normalisedAndEncoded(String rawPath) {
        URI uri = null;
        String path = rawPath;
        try {
            // Parsed behind a dummy authority so that a path starting with "//" stays a path.
            uri = URI.create("http://host" + rawPath);
            String normalizedPath = uri.normalize().getRawPath();
            if (normalizedPath != null && !normalizedPath.isEmpty()) {
                path = normalizedPath;
            } else {
                uri = null;
            }
        } catch (IllegalArgumentException e) {
            // Not a valid URI path (unencoded spaces, say); signed as it is, as AWS's test suite does.
        }
        String encoded = UriEncoding.encode(path, true);
        if (uri != null && encoded.length() > 1 && encoded.endsWith("/") && !uri.getPath().endsWith("/")) {
            return encoded.substring(0, encoded.length() - 1);
        }
        return encoded;
    }

    /**
     * Whether {@link #uri} returns {@code rawPath} itself: it starts with '/' and has only unreserved characters and
     * '/', no empty segment ("//", which normalisation would collapse) and no "." or ".." segment. Normalising such a
     * path changes nothing and encoding it again changes nothing, and a trailing '/' is the request's own.
     */
    static boolean isCanonical(String rawPath) {
        if (rawPath.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= rawPath.length(); i++) {
            char c = i < rawPath.length() ? rawPath.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                boolean lastSegmentOfTrailingSlash = i == rawPath.length() && length == 0;
                if ((length == 0 && !lastSegmentOfTrailingSlash)
                        || (length == 1 && rawPath.charAt(segmentStart) == '.')
                        || (length == 2 && rawPath.charAt(segmentStart) == '.'
                        && rawPath.charAt(segmentStart + 1) == '.')) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.' || c == '~')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical query string of a raw query (without '?'): each {@code name=value} pair (a pair without '='
     * has the empty value) decoded to bytes and percent-encoded again with unreserved characters only ('+' is a
     * literal plus: these are not form-encoded), sorted by encoded name, then encoded value, joined with '&amp;'.
     * Empty for a null or empty query.
     */
    public static String query(String rawQuery) {
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
            // Bytes, not text: escapes that are not UTF-8 are canonicalised as the client signed them (the server's
            // router then refuses them with a 400 naming the problem).
            parameters.add(new String[] {UriEncoding.encode(UriEncoding.decodeToBytes(name), false),
                    UriEncoding.encode(UriEncoding.decodeToBytes(value), false)});
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
     * The canonical form of a header value: leading and trailing whitespace removed, every inner run of whitespace
     * one space. Whitespace is what the AWS SDK for Java v2 counts as such: space, tab, LF, vertical tab, form feed,
     * CR (the regular expression {@code \s}).
     */
    public static String headerValue(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        StringBuilder collapsed = null;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            boolean space = isWhitespace(c);
            boolean afterSpace = i > start && isWhitespace(value.charAt(i - 1));
            if (collapsed == null && space && (c != ' ' || isWhitespace(value.charAt(i + 1)))) {
                // The first place where the value differs from its canonical form; copy up to here.
                collapsed = new StringBuilder(end - start).append(value, start, i);
            }
            if (collapsed != null && !(space && afterSpace)) {
                collapsed.append(space ? ' ' : c);
            }
        }
        return collapsed == null ? value.substring(start, end) : collapsed.toString();
    }

    /**
     * Appends {@link #headerValue}{@code (value)} to {@code into} without building it as a string of its own: the
     * verifier of a request's signature writes its canonical headers straight into one buffer.
     */
    public static void appendHeaderValue(String value, StringBuilder into) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (isWhitespace(c) && (c != ' ' || isWhitespace(value.charAt(i + 1)))) {
                // Not canonical from here on: each run of whitespace becomes one space.
                into.append(value, start, i);
                boolean afterSpace = false;
                for (int k = i; k < end; k++) {
                    char next = value.charAt(k);
                    boolean space = isWhitespace(next);
                    if (!(space && afterSpace)) {
                        into.append(space ? ' ' : next);
                    }
                    afterSpace = space;
                }
                return;
            }
        }
        into.append(value, start, end);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
