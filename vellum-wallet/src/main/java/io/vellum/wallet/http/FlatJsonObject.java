package io.vellum.wallet.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The request body every balance change sends, read without the mapper: one JSON object whose members are all
 * strings of printable ASCII with no escapes ({@code {"fromAccountId":"a","toAccountId":"b","amount":"1.00"}}), with
 * JSON whitespace between tokens. Such a body is valid JSON, and its tree is the one the mapper would read: the same
 * members, in order, with the same text. Anything else (another kind of value, an escape, a byte outside printable
 * ASCII, a member named twice, anything after the object) is not read here at all ({@link #read} answers null), so
 * that the mapper reads it, accepts or refuses it, and words the refusal as always. Thread-safe (stateless).
 */
final class FlatJsonObject {
    /**
     * Longer bodies go to the mapper: far below every length limit of its reader (a name, a string, the document), so
     * that whatever it would refuse for length is never accepted here.
     */
    static final int MAX_BYTES = 4096;

    private FlatJsonObject() {
    }

    /** The body's tree when it is such an object, else null: the caller then reads it with the mapper. */
    static ObjectNode read(byte[] body) {
        if (body.length > MAX_BYTES) {
            return null;
        }
        int at = skipWhitespace(body, 0);
        if (at >= body.length || body[at] != '{') {
            return null;
        }
        ObjectNode object = WalletJson.object();
        at = skipWhitespace(body, at + 1);
        if (at < body.length && body[at] == '}') {
            return skipWhitespace(body, at + 1) == body.length ? object : null;
        }
        while (true) {
            int nameEnd = stringEnd(body, at);
            if (nameEnd < 0) {
                return null;
            }
            String name = ascii(body, at + 1, nameEnd);
            at = skipWhitespace(body, nameEnd + 1);
            if (at >= body.length || body[at] != ':') {
                return null;
            }
            at = skipWhitespace(body, at + 1);
            int valueEnd = stringEnd(body, at);
            if (valueEnd < 0 || object.has(name)) {
                return null;
            }
            object.put(name, ascii(body, at + 1, valueEnd));
            at = skipWhitespace(body, valueEnd + 1);
            if (at >= body.length) {
                return null;
            }
            if (body[at] == '}') {
                return skipWhitespace(body, at + 1) == body.length ? object : null;
            }
            if (body[at] != ',') {
                return null;
            }
            at = skipWhitespace(body, at + 1);
        }
    }

    /**
     * The position of the closing quote of a string starting at {@code at}, or -1 when there is no string there or it
     * holds anything but printable ASCII without escapes.
     */
    private static int stringEnd(byte[] body, int at) {
        if (at >= body.length || body[at] != '"') {
            return -1;
        }
        for (int i = at + 1; i < body.length; i++) {
            byte b = body[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b > 0x7E || b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** The first position at or after {@code at} that is not JSON whitespace (RFC 8259: space, tab, LF, CR). */
    private static int skipWhitespace(byte[] body, int at) {
        while (at < body.length && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
            at++;
        }
        return at;
    }

    /** Bytes known to be ASCII, as text. */
    private static String ascii(byte[] body, int from, int to) {
        return new String(body, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
