package io.vellum.server.http;

import io.vellum.sigv4.UriEncoding;
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
 * Encoding is vellum-sigv4's {@link UriEncoding}, so that routing and signatures escape alike; this class adds the
 * strict UTF-8 decoding and query parsing the router needs. Stateless.
 */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    /** Percent-encodes {@code text}, keeping '/' unescaped when {@code keepSlash}. */
    public static String encode(String text, boolean keepSlash) {
        return UriEncoding.encode(text, keepSlash);
    }

    /** Percent-encodes {@code bytes} (which need not be UTF-8), keeping '/' unescaped when {@code keepSlash}. */
    public static String encode(byte[] bytes, boolean keepSlash) {
        return UriEncoding.encode(bytes, keepSlash);
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
        return UriEncoding.decodeToBytes(raw);
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
}
