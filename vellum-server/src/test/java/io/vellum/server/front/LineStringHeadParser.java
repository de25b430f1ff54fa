package io.vellum.server.front;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link RequestHeadParser} as it was before session 11 (each header line built as a string, then split): the oracle
 * {@link RequestHeadParserEquivalenceTest} holds the byte-reading parser to. Not used by the server.
 */
final class LineStringHeadParser {
    /** The bytes a request line and its headers may take together (Jetty's request header size). */
    static final int MAXIMUM_HEAD_BYTES = 8 << 10;
    /** Header fields one request may have. */
    static final int MAXIMUM_HEADER_FIELDS = 100;
    private static final int SKIPPED_EMPTY_LINES = 2;

    private LineStringHeadParser() {
    }

    /**
     * @param deadlineNanos when the head must be complete ({@link System#nanoTime()})
     * @throws FrontRefusal the head is refused (see the class comment); the connection must then close
     * @throws java.io.EOFException the peer closed the connection within the head
     */
    static RequestHead parse(ConnectionInput input, long deadlineNanos) throws IOException, FrontRefusal {
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
            throw new FrontRefusal(transferEncoding.strip().equalsIgnoreCase("chunked") ? 411 : 501,
                    "a transfer-coded request body");
        }
        long length = contentLength == null ? 0 : length(contentLength);
        boolean expectContinue = false;
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue") || http10) {
                throw new FrontRefusal(417, "an expectation other than 100-continue");
            }
            expectContinue = true;
        }
        // never chunked: this parser refuses every transfer-coded body above
        return new RequestHead(method, target, http10, headers, length, close, expectContinue, false);
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
