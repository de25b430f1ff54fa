package io.vellum.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.LedgerException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8TextTest {
    /** The reference: Java's own UTF-8 decoder, reporting malformed input. */
    private static boolean javaAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean validatorAccepts(byte[] bytes) {
        try {
            Utf8Text.requireWellFormed(bytes, "x");
            return true;
        } catch (LedgerException e) {
            return false;
        }
    }

    @Test
    void theValidatorAgreesWithJavasDecoderOnRandomBytes() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // Bytes drawn mostly from the interesting ranges (lead and continuation bytes), in short strings.
        int[] pool = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
                0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF};
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : pool[random.nextInt(pool.length)]);
            }
            assertThat(validatorAccepts(bytes)).as("seed %d, bytes %s", seed, java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(javaAccepts(bytes));
        }
    }

    @Test
    void namesTheOffsetOfTheFirstBadByte() {
        byte[] bytes = {'a', 'b', (byte) 0xC3, 0x28};
        assertThatThrownBy(() -> Utf8Text.requireWellFormed(bytes, "the body"))
                .hasMessageStartingWith("the body is not well-formed UTF-8: invalid byte sequence at byte offset 2");
        Utf8Text.requireWellFormed("Zoë 😀 €".getBytes(StandardCharsets.UTF_8), "text");
    }
}
