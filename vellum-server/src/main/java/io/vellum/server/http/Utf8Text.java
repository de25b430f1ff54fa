package io.vellum.server.http;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: text in a request is decoded with a decoder that REPORTS malformed input (truncated or invalid
 * sequences, overlong forms, encoded surrogates) instead of substituting a replacement or another character, and
 * decoded strings (JSON escapes such as {@code \ud800} produce them) must not hold unpaired surrogates, which have no
 * UTF-8 form and would be stored as '?'. Every failure is INVALID_REQUEST naming what and where. Stateless.
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    /**
     * Decodes {@code bytes} as UTF-8.
     *
     * @param what how the error names the text, e.g. "the request body"
     * @throws LedgerException INVALID_REQUEST when the bytes are not well-formed UTF-8
     */
    public static String decode(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(input).toString();
        } catch (CharacterCodingException e) {
            throw malformed(what, input.position());
        }
    }

    /**
     * Checks that {@code bytes} are well-formed UTF-8 (the same rule as {@link #decode}: no overlong forms, no encoded
     * surrogates, nothing above U+10FFFF, no truncated sequence) without building the text: a request parsed from
     * its bytes pays one pass and no allocation.
     *
     * @throws LedgerException INVALID_REQUEST naming {@code what} and the offset of the first bad byte
     */
    public static void requireWellFormed(byte[] bytes, String what) {
        int length = bytes.length;
        int i = 0;
        while (i < length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int continuations;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
                low = lead == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                high = lead == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
                low = lead == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                high = lead == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
            } else {
                throw malformed(what, i);
            }
            if (i + continuations >= length) {
                throw malformed(what, i);
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                throw malformed(what, i);
            }
            for (int k = 2; k <= continuations; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    throw malformed(what, i);
                }
            }
            i += continuations + 1;
        }
    }

    private static LedgerException malformed(String what, int offset) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, what + " is not well-formed UTF-8: invalid byte"
                + " sequence at byte offset " + offset + " (malformed, overlong or surrogate encodings are refused,"
                + " never replaced)");
    }

    /**
     * Checks that {@code text} holds no unpaired surrogate.
     *
     * @throws LedgerException INVALID_REQUEST naming {@code what} and the character index
     */
    public static String requireWellFormed(String text, String what) {
        int index = unpairedSurrogate(text);
        if (index >= 0) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, what + " holds an unpaired UTF-16 surrogate"
                    + " (\\u" + Integer.toHexString(text.charAt(index)) + ") at character " + index
                    + "; it is not a Unicode character");
        }
        return text;
    }

    /** The index of the first unpaired surrogate in {@code text}, or -1. */
    public static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code text} with every unpaired surrogate replaced by U+FFFD, for error messages that echo request input: a
     * JSON generator cannot write an unpaired surrogate as UTF-8.
     */
    public static String printable(String text) {
        if (text == null || unpairedSurrogate(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
