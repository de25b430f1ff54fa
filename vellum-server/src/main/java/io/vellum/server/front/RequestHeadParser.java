package io.vellum.server.front;

import java.io.IOException;
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

    private RequestHeadParser() {
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
        while (true) {
            String line = input.line(budget, 431, deadlineNanos);
            budget -= line.length() + 2;
            if (line.isEmpty()) {
                break;
            }
            if (++fields > MAXIMUM_HEADER_FIELDS) {
                throw new FrontRefusal(431, "more than " + MAXIMUM_HEADER_FIELDS + " header fields");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new FrontRefusal(400, "a folded header line (obs-fold)");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, 0, colon)) {
                throw new FrontRefusal(400, "a header line without a token name and a colon");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = value(line, colon + 1);
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

    /** The value after the colon, without leading and trailing spaces and tabs; 400 for a control character. */
    private static String value(String line, int start) throws FrontRefusal {
        int end = line.length();
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new FrontRefusal(400, "a control character in a header value");
            }
        }
        return line.substring(start, end);
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

    private static boolean hasToken(String list, String token) {
        for (String element : list.split(",")) {
            if (element.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
