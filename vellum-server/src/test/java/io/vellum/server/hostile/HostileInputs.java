package io.vellum.server.hostile;

import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Building blocks of hostile request bodies: nesting, bad UTF-8, Ion binary, JSON quoting. */
final class HostileInputs {
    private HostileInputs() {
    }

    static String repeat(String text, int times) {
        return text.repeat(times);
    }

    /** {@code depth} nested JSON arrays around {@code inner}. */
    static String nestedArrays(int depth, String inner) {
        return "[".repeat(depth) + inner + "]".repeat(depth);
    }

    /** {@code depth} nested JSON objects {"a":{"a":…}}. */
    static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** {@code depth} nested Ion containers of {@code type} (list, sexp, struct) as text. */
    static String nestedIon(int depth, IonType type) {
        return switch (type) {
            case LIST -> "[".repeat(depth) + "]".repeat(depth);
            case SEXP -> "(".repeat(depth) + ")".repeat(depth);
            case STRUCT -> "{a:".repeat(depth) + "1" + "}".repeat(depth);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    /** {@code depth} nested Ion containers of {@code type}, as Ion binary. */
    static byte[] nestedIonBinary(int depth, IonType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            for (int i = 0; i < depth; i++) {
                if (i > 0 && type == IonType.STRUCT) {
                    writer.setFieldName("a");
                }
                writer.stepIn(type);
            }
            for (int i = 0; i < depth; i++) {
                writer.stepOut();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Ion binary of one string whose UTF-8 bytes are {@code utf8} (possibly malformed). */
    static byte[] ionBinaryString(byte[] utf8) {
        if (utf8.length >= 14) {
            throw new IllegalArgumentException("short strings only");
        }
        byte[] bytes = new byte[4 + 1 + utf8.length];
        bytes[0] = (byte) 0xE0;
        bytes[1] = 0x01;
        bytes[2] = 0x00;
        bytes[3] = (byte) 0xEA;
        bytes[4] = (byte) (0x80 | utf8.length);
        System.arraycopy(utf8, 0, bytes, 5, utf8.length);
        return bytes;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A JSON string literal of {@code text} (quotes and backslashes escaped; the rest as is). */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code before} + raw bytes + {@code after}. */
    static byte[] splice(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(raw);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }

    /** Byte sequences that are not well-formed UTF-8, by name. */
    static final Object[][] BAD_UTF8 = {
            {"C3 28 (bad continuation)", new byte[] {(byte) 0xC3, 0x28}},
            {"lone continuation 80", new byte[] {(byte) 0x80}},
            {"overlong NUL C0 80", new byte[] {(byte) 0xC0, (byte) 0x80}},
            {"overlong slash E0 80 AF", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}},
            {"overlong 4-byte F0 80 80 AF", new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}},
            {"encoded surrogate ED A0 80", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}},
            {"truncated E2 82", new byte[] {(byte) 0xE2, (byte) 0x82}},
            {"invalid byte FF", new byte[] {(byte) 0xFF}},
            {"beyond U+10FFFF F4 90 80 80", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}},
    };
}
