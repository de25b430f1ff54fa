package io.vellum.server.session;

import java.util.Arrays;

/**
 * A JSON text written straight to bytes, for answers whose strings are plain: printable ASCII without {@code "} and
 * {@code \} ({@link #isPlain}), which JSON writes as they are. Whoever uses it checks its strings first and takes
 * Jackson's generator for anything else, so the bytes are always the ones Jackson would write (no spaces, base64
 * with padding and no line breaks, longs in decimal). Not thread-safe: one per answer.
 */
final class PlainJson {
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] bytes;
    private int length;

    PlainJson(int sizeHint) {
        bytes = new byte[Math.max(16, sizeHint)];
    }

    /** Whether JSON writes {@code text} as it is between quotes: printable ASCII but {@code "} and {@code \}. */
    static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Appends JSON syntax or a plain string's characters (the caller checked them). */
    PlainJson raw(String text) {
        int count = text.length();
        ensure(count);
        for (int i = 0; i < count; i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Appends a long in decimal. */
    PlainJson number(long value) {
        return raw(Long.toString(value));
    }

    /** Appends {@code value} in base64 (RFC 4648's alphabet, padded, no line breaks), without quotes. */
    PlainJson base64(byte[] value) {
        ensure((value.length + 2) / 3 * 4);
        int i = 0;
        for (; i + 2 < value.length; i += 3) {
            int bits = (value[i] & 0xFF) << 16 | (value[i + 1] & 0xFF) << 8 | (value[i + 2] & 0xFF);
            bytes[length++] = BASE64[bits >>> 18];
            bytes[length++] = BASE64[(bits >>> 12) & 0x3F];
            bytes[length++] = BASE64[(bits >>> 6) & 0x3F];
            bytes[length++] = BASE64[bits & 0x3F];
        }
        int left = value.length - i;
        if (left > 0) {
            int bits = (value[i] & 0xFF) << 16 | (left == 2 ? (value[i + 1] & 0xFF) << 8 : 0);
            bytes[length++] = BASE64[bits >>> 18];
            bytes[length++] = BASE64[(bits >>> 12) & 0x3F];
            bytes[length++] = left == 2 ? BASE64[(bits >>> 6) & 0x3F] : (byte) '=';
            bytes[length++] = '=';
        }
        return this;
    }

    /** The JSON text written. */
    byte[] toBytes() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
        }
    }
}
