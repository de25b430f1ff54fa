package io.vellum.wallet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON object written straight into a byte array, for the answer every balance change gets (the receipt): the
 * bytes are exactly those {@link WalletJson#MAPPER}'s generator writes for the same calls, without a generator's
 * context and buffers per answer. A string of printable ASCII other than {@code "} and {@code \} (every id, amount and
 * currency code the wallet accepts) is copied as is, as the generator copies it; any other string is written by the
 * mapper itself, so that its escaping stays the generator's. Not thread-safe; one per answer.
 */
final class JsonBytes {
    private byte[] bytes = new byte[512];
    private int length;
    /** Whether the next member is the first of its object (no comma before it). */
    private boolean first = true;

    /** Opens the top-level object. */
    JsonBytes startObject() {
        append('{');
        first = true;
        return this;
    }

    /** Opens an object as the value of member {@code name}. */
    JsonBytes startObject(String name) {
        name(name);
        return startObject();
    }

    /** Closes the innermost open object. */
    JsonBytes endObject() {
        append('}');
        first = false;
        return this;
    }

    /** A string member; {@code value} null is written as JSON null. */
    JsonBytes string(String name, String value) {
        name(name);
        if (value == null) {
            ascii("null");
        } else {
            quoted(value);
        }
        first = false;
        return this;
    }

    JsonBytes number(String name, long value) {
        name(name);
        ascii(Long.toString(value));
        first = false;
        return this;
    }

    JsonBytes bool(String name, boolean value) {
        name(name);
        ascii(value ? "true" : "false");
        first = false;
        return this;
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void name(String name) {
        if (!first) {
            append(',');
        }
        quoted(name);
        append(':');
    }

    /** {@code text} in quotes, copied as is in one pass while it is plain, else as the mapper writes it. */
    private void quoted(String text) {
        int start = length;
        ensure(text.length() + 2);
        bytes[length++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!plain(c)) {
                length = start;
                escaped(text);
                return;
            }
            bytes[length++] = (byte) c;
        }
        bytes[length++] = '"';
    }

    private void escaped(String text) {
        try {
            byte[] escaped = WalletJson.MAPPER.writeValueAsBytes(text);
            ensure(escaped.length);
            System.arraycopy(escaped, 0, bytes, length, escaped.length);
            length += escaped.length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
    }

    /** Whether the generator writes {@code c} between its quotes unchanged: printable ASCII but quote and backslash. */
    static boolean plain(char c) {
        return c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
    }

    /** Text known to be ASCII. */
    private void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    private void append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
