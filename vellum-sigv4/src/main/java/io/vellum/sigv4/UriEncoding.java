package io.vellum.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding as AWS uses it in URIs and signatures: UTF-8 bytes, everything but the unreserved
 * characters ({@code A-Z a-z 0-9 - _ . ~}) escaped as upper-case {@code %XX}; '+' is a literal plus, never a space.
 * Stateless.
 */
public final class UriEncoding {
    private UriEncoding() {
    }

    /** Percent-encodes the UTF-8 bytes of {@code text}, keeping '/' unescaped when {@code keepSlash}. */
    public static String encode(String text, boolean keepSlash) {
        return encode(text.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    /** Percent-encodes {@code bytes} (which need not be UTF-8), keeping '/' unescaped when {@code keepSlash}. */
    public static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder encoded = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '_' || b == '.' || b == '~' || (keepSlash && b == '/');
            if (unreserved) {
                if (encoded != null) {
                    encoded.append((char) b);
                }
            } else {
                if (encoded == null) {
                    encoded = new StringBuilder(bytes.length + 16)
                            .append(new String(bytes, 0, i, StandardCharsets.US_ASCII));
                }
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded == null ? new String(bytes, StandardCharsets.US_ASCII) : encoded.toString();
    }

    /**
     * The bytes {@code raw} stands for: {@code %XX} escapes decoded, other characters as UTF-8; '+' stays '+'; a
     * broken escape ({@code %} not followed by two hex digits) stays literal. Bytes rather than text, so that escapes
     * which are not UTF-8 survive a decode and re-encode unchanged.
     */
    public static byte[] decodeToBytes(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 3;
            } else {
                int codePoint = raw.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
