package io.vellum.server.front;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one request head strictly (RFC 9112), refusing everything two HTTP implementations could read differently,
 * so that no request can be smuggled past a proxy in front of the server or inside another request:
 * <ul>
 *   <li>lines end with CRLF only (a bare LF or CR: 400); a header line starting with a space or tab (obs-fold):
 *       400; whitespace between a header name and its colon, a name that is not a token, a value with control
 *       characters: 400;</li>
 *   <li>the request line is {@code METHOD SP target SP HTTP/1.x} with single spaces; HTTP/1.1 and HTTP/1.0 are
 *       served, any other version is 505; the target must be origin form ({@link RequestTarget});</li>
 *   <li>framing: a body is sent with one {@code Content-Length} of digits only; a repeated Content-Length (even an
 *       equal one), or Content-Length with Transfer-Encoding: 400; Transfer-Encoding {@code chunked} alone: 411 (the
 *       server's APIs read no chunked request body: their clients send a length) unless the caller accepts chunked
 *       bodies (the wallet's clients may send them), any other transfer coding: 501;</li>
 *   <li>HTTP/1.1 needs exactly one {@code Host}, of host characters only (400);</li>
 *   <li>{@code Expect: 100-continue} is met; any other expectation is 417;</li>
 *   <li>limits as Jetty's were: the whole head at most {@value #MAXIMUM_HEAD_BYTES} bytes (a request line over it:
 *       414; headers over it: 431), at most {@value #MAXIMUM_HEADER_FIELDS} header fields (431), and the head
 *       complete within the idle timeout of its first byte (408: a slow-header client holds a thread no longer).</li>
 * </ul>
 * Up to two empty lines before a request line are skipped (RFC 9112 section 2.2). Stateless and thread-safe.
 */
final class RequestHeadParser {
    /** The bytes a request line and its headers may take together (Jetty's request header size). */
    static final int MAXIMUM_HEAD_BYTES = 8 << 10;
    /** Header fields one request may have. */
    static final int MAXIMUM_HEADER_FIELDS = 100;
    private static final int SKIPPED_EMPTY_LINES = 2;
    /** Lower-case header names the clients send, by length: names that match are not built per request. */
    private static final String[][] KNOWN_NAMES = byLength("host", "accept", "expect", "x-amz-date", "user-agent",
            "connection", "content-type", "x-amz-target", "authorization", "content-length", "amz-sdk-request",
            "accept-encoding", "content-encoding", "transfer-encoding", "x-amz-security-token", "x-amz-content-sha256",
            "amz-sdk-invocation-id", "x-amzn-trace-id", "amz-sdk-retry", "cache-control", "origin", "referer", "cookie",
            "accept-language", "x-forwarded-for", "x-vellum-forwarded-by");

    private RequestHeadParser() {
    }

    private static String[][] byLength(String... names) {
        int longest = 0;
        for (String name : names) {
            longest = Math.max(longest, name.length());
        }
        java.util.List<java.util.List<String>> buckets = new java.util.ArrayList<>();
        for (int length = 0; length <= longest; length++) {
            buckets.add(new java.util.ArrayList<>());
        }
        for (String name : names) {
            buckets.get(name.length()).add(name);
        }
        String[][] byLength = new String[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            byLength[length] = buckets.get(length).toArray(String[]::new);
        }
        return byLength;
    }

    /**
     * @param deadlineNanos when the head must be complete ({@link System#nanoTime()})
     * @throws FrontRefusal the head is refused (see the class comment); the connection must then close
     * @throws java.io.EOFException the peer closed the connection within the head
     */
    static RequestHead parse(ConnectionInput input, long deadlineNanos) throws IOException, FrontRefusal {
        return parse(input, deadlineNanos, false);
    }

    /**
     * As {@link #parse(ConnectionInput, long)}; with {@code acceptChunked}, {@code Transfer-Encoding: chunked} alone
     * is accepted ({@link RequestHead#chunked()}) instead of refused with 411.
     */
    static RequestHead parse(ConnectionInput input, long deadlineNanos, boolean acceptChunked)
            throws IOException, FrontRefusal {
        int budget = MAXIMUM_HEAD_BYTES;
        String requestLine = input.line(budget, 414, deadlineNanos);
        for (int skipped = 0; requestLine.isEmpty() && skipped < SKIPPED_EMPTY_LINES; skipped++) {
            budget -= 2;
            requestLine = input.line(budget, 414, deadlineNanos);
        }
        budget -= requestLine.length() + 2;
        int firstSpace = requestLine.indexOf(' ');
        int lastSpace = requestLine.lastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace == firstSpace) {
            throw new FrontRefusal(400, "a request line without method, target and version");
        }
        String method = requestLine.substring(0, firstSpace);
        String rawTarget = requestLine.substring(firstSpace + 1, lastSpace);
        String version = requestLine.substring(lastSpace + 1);
        if (!isToken(method)) {
            throw new FrontRefusal(400, "a method that is not a token");
        }
        boolean http10 = switch (version) {
            case "HTTP/1.1" -> false;
            case "HTTP/1.0" -> true;
            default -> throw new FrontRefusal(version.matches("HTTP/[0-9]\\.[0-9]") ? 505 : 400,
                    "an unsupported protocol version");
        };
        if (rawTarget.indexOf(' ') >= 0) {
            throw new FrontRefusal(400, "a request line with more than two spaces");
        }
        RequestTarget target = RequestTarget.parse(rawTarget);
        Map<String, String> headers = new HashMap<>(32);
        int fields = 0;
        int hosts = 0;
        String contentLength = null;
        String transferEncoding = null;
        String expect = null;
        boolean close = http10;
        byte[] bytes = input.buffer();
        while (true) {
            int length = input.nextLine(budget, 431, deadlineNanos);
            budget -= length + 2;
            if (length == 0) {
                break;
            }
            if (++fields > MAXIMUM_HEADER_FIELDS) {
                throw new FrontRefusal(431, "more than " + MAXIMUM_HEADER_FIELDS + " header fields");
            }
            // The line's bytes, read as ISO-8859-1 (one char per byte), without building the line.
            int start = input.lineStart();
            int end = start + length;
            byte first = bytes[start];
            if (first == ' ' || first == '\t') {
                throw new FrontRefusal(400, "a folded header line (obs-fold)");
            }
            int colon = indexOf(bytes, start, end, (byte) ':');
            if (colon <= start || !isToken(bytes, start, colon)) {
                throw new FrontRefusal(400, "a header line without a token name and a colon");
            }
            String name = lowerCaseName(bytes, start, colon);
            String value = value(bytes, colon + 1, end);
            switch (name) {
                case "content-length" -> {
                    if (contentLength != null) {
                        throw new FrontRefusal(400, "a repeated Content-Length");
                    }
                    contentLength = value;
                }
                case "transfer-encoding" -> transferEncoding = transferEncoding == null ? value
                        : transferEncoding + "," + value;
                case "host" -> {
                    hosts++;
                    if (!isHost(value)) {
                        throw new FrontRefusal(400, "a Host that is not a host");
                    }
                }
                case "expect" -> expect = value;
                case "connection" -> close |= hasToken(value, "close");
                default -> {
                    // an ordinary header
                }
            }
            headers.merge(name, value, (earlier, later) -> earlier + "," + later);
        }
        if (!http10 && hosts != 1) {
            throw new FrontRefusal(400, hosts == 0 ? "no Host" : "more than one Host");
        }
        if (transferEncoding != null) {
            if (contentLength != null || http10) {
                throw new FrontRefusal(400, "Transfer-Encoding with Content-Length, or in HTTP/1.0");
            }
            boolean chunkedAlone = transferEncoding.strip().equalsIgnoreCase("chunked");
            if (!chunkedAlone || !acceptChunked) {
                throw new FrontRefusal(chunkedAlone ? 411 : 501, "a transfer-coded request body");
            }
        }
        long length = contentLength == null ? 0 : length(contentLength);
        boolean expectContinue = false;
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue") || http10) {
                throw new FrontRefusal(417, "an expectation other than 100-continue");
            }
            expectContinue = true;
        }
        return new RequestHead(method, target, http10, headers, length, close, expectContinue,
                transferEncoding != null);
    }

    /**
     * The value in {@code bytes[start, end)} without leading and trailing spaces and tabs, as ISO-8859-1 text; 400 for
     * a control character.
     */
    private static String value(byte[] bytes, int start, int end) throws FrontRefusal {
        while (start < end && (bytes[start] == ' ' || bytes[start] == '\t')) {
            start++;
        }
        while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            int c = bytes[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new FrontRefusal(400, "a control character in a header value");
            }
        }
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * The header name in {@code bytes[start, end)} (a token: ASCII) in lower case; the names the clients send are
     * the constants of {@link #KNOWN_NAMES}, so that a request's usual headers build no name.
     */
    private static String lowerCaseName(byte[] bytes, int start, int end) {
        int length = end - start;
        if (length < KNOWN_NAMES.length) {
            for (String known : KNOWN_NAMES[length]) {
                if (equalsIgnoringAsciiCase(bytes, start, known)) {
                    return known;
                }
            }
        }
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    /** Whether {@code bytes[start, start + lowerCase.length())} is {@code lowerCase} in any ASCII case. */
    private static boolean equalsIgnoringAsciiCase(byte[] bytes, int start, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            int b = bytes[start + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int start, int end, byte wanted) {
        for (int i = start; i < end; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** 1 to 18 decimal digits, nothing else (no sign, no space, no list). */
    private static long length(String value) throws FrontRefusal {
        if (value.isEmpty() || value.length() > 18) {
            throw new FrontRefusal(400, "a Content-Length that is not a number");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new FrontRefusal(400, "a Content-Length that is not a number");
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    private static boolean isToken(String text) {
        return !text.isEmpty() && isToken(text, 0, text.length());
    }

    /** RFC 9110 {@code token}: visible ASCII but delimiters. */
    private static boolean isToken(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@link #isToken(String, int, int)} of ISO-8859-1 bytes. */
    private static boolean isToken(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            int c = bytes[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code uri-host [":" port]}: registered-name, IPv4 and IP-literal characters only. */
    private static boolean isHost(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:[]%".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated {@code list} has {@code token} (case-insensitive) among its stripped elements. */
    private static boolean hasToken(String list, String token) {
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            int elementStart = start;
            int elementEnd = end;
            while (elementStart < elementEnd && Character.isWhitespace(list.charAt(elementStart))) {
                elementStart++;
            }
            while (elementEnd > elementStart && Character.isWhitespace(list.charAt(elementEnd - 1))) {
                elementEnd--;
            }
            if (elementEnd - elementStart == token.length()
                    && list.regionMatches(true, elementStart, token, 0, token.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
