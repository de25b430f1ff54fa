package io.vellum.server.front;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request target in origin form ({@code /path?query}), checked and its path percent-decoded as Jetty's
 * {@code UriCompliance} with Vellum's two allowances did it: {@code %2F} (an ARN in TagResource's path) and
 * {@code %25} are decoded into the path, which the APIs split themselves. Refused (400):
 * <ul>
 *   <li>any other form ({@code *}, {@code http://host/…}) and a fragment;</li>
 *   <li>a path character outside RFC 3986's {@code pchar} (no spaces, controls, {@code \}, non-ASCII), and
 *       {@code ;} (path parameters: no API uses them, and servers disagree on what they mean);</li>
 *   <li>a broken escape ({@code %zz}, {@code %u0041}), escapes that do not decode to UTF-8, and decoded control
 *       characters or {@code \};</li>
 *   <li>{@code .} and {@code ..} segments, raw or escaped, and empty segments inside the path ({@code a//b}): they
 *       make one resource reachable under several paths, or outside its prefix.</li>
 * </ul>
 * The query is kept as sent (the dispatch decodes it and the signature covers it as sent); it may hold any visible
 * ASCII character but {@code #}. Immutable.
 *
 * @param rawPath     the path as sent (what the SigV4 signature covers)
 * @param decodedPath the path percent-decoded
 * @param rawQuery    the query as sent without {@code ?}, or null when the target has none
 */
record RequestTarget(String rawPath, String decodedPath, String rawQuery) {

    /** @throws FrontRefusal 400 for a target refused above */
    static RequestTarget parse(String target) throws FrontRefusal {
        if (target.isEmpty() || target.charAt(0) != '/') {
            throw new FrontRefusal(400, "a request target not in origin form");
        }
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? null : target.substring(question + 1);
        boolean escaped = false;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                escaped = true;
            } else if (!isPathCharacter(c)) {
                throw new FrontRefusal(400, "a character the path may not hold: " + (int) c);
            }
        }
        if (rawQuery != null) {
            for (int i = 0; i < rawQuery.length(); i++) {
                char c = rawQuery.charAt(i);
                if (c <= 0x20 || c >= 0x7F || c == '#') {
                    throw new FrontRefusal(400, "a character the query may not hold: " + (int) c);
                }
            }
        }
        String decodedPath = escaped ? decode(rawPath) : rawPath;
        checkSegments(decodedPath);
        return new RequestTarget(rawPath, decodedPath, rawQuery);
    }

    /** RFC 3986 {@code pchar} and {@code /}, less {@code ;} and {@code %} (escapes are checked when decoding). */
    private static boolean isPathCharacter(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return switch (c) {
            case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', '=', ':', '@', '/' -> true;
            default -> false;
        };
    }

    private static String decode(String rawPath) throws FrontRefusal {
        byte[] bytes = new byte[rawPath.length()];
        int length = 0;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    throw new FrontRefusal(400, "a truncated percent-escape in the path");
                }
                int high = Character.digit(rawPath.charAt(i + 1), 16);
                int low = Character.digit(rawPath.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new FrontRefusal(400, "a percent-escape that is not two hex digits in the path");
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            } else {
                bytes[length++] = (byte) c;
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new FrontRefusal(400, "percent-escapes in the path that are not UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\') {
                throw new FrontRefusal(400, "an escaped control character or backslash in the path");
            }
        }
        return decoded;
    }

    /** No {@code .} or {@code ..} segment and no empty segment but a trailing one. */
    private static void checkSegments(String path) throws FrontRefusal {
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if (length == 0 && end < path.length()) {
                throw new FrontRefusal(400, "an empty path segment");
            }
            if ((length == 1 && path.charAt(start) == '.')
                    || (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                throw new FrontRefusal(400, "a dot segment in the path");
            }
            start = end + 1;
        }
    }
}
