package io.vellum.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 3986 percent-encoding as AWS uses it in URIs and signatures: UTF-8 bytes, everything but unreserved
 * characters ({@code A-Z a-z 0-9 - _ . ~}) escaped as upper-case {@code %XX}; '+' is a literal plus, never a space.
 * Stateless.
 */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    /** Percent-encodes {@code text}, keeping '/' unescaped when {@code keepSlash}. */
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
     * Decodes %XX escapes as UTF-8; '+' stays '+'; a broken escape stays literal.
     *
     * @throws IllegalArgumentException when the escapes decode to bytes that are not well-formed UTF-8 (never
     *                                  replaced by another character)
     */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] bytes = decodeToBytes(raw);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-escapes that are not well-formed UTF-8 in '"
                    + (raw.length() <= 64 ? raw : raw.substring(0, 64) + "…") + "'");
        }
    }

    /** The bytes {@code raw} stands for: %XX escapes decoded, other characters as UTF-8; '+' stays '+'. */
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

    /** Decoded query parameters in order of appearance; a name may repeat; "a" alone is "a" = "". */
    public static Map<String, List<String>> decodeQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
        }
        return parameters;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
