package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBytes} writes the bytes the mapper's generator writes for the same calls: random objects with random
 * strings (printable ASCII, quotes, backslashes, control characters, DEL, non-ASCII and surrogate pairs) and nulls,
 * numbers, booleans and nested objects, compared byte for byte.
 */
class JsonBytesTest {
    private static final String CHARACTERS = "aZ09 ._-:@/\"\\\u0000\u0001\n\t\r\b\f\u001f\u007f\u00e9\u20ac";

    @Test
    void writesWhatTheGeneratorWrites() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 20_000; n++) {
            long objectSeed = random.nextLong();
            byte[] expected = generator(new Random(objectSeed));
            byte[] actual = bytes(new Random(objectSeed));
            assertThat(new String(actual, StandardCharsets.UTF_8)).as("seed " + seed)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).as("seed " + seed).isEqualTo(expected);
        }
    }

    @Test
    void plainCharactersArePrintableAsciiButQuoteAndBackslash() {
        for (char c = 0; c < 0x100; c++) {
            boolean expected = c >= ' ' && c <= '~' && c != '"' && c != '\\';
            assertThat(JsonBytes.plain(c)).as("U+%04X", (int) c).isEqualTo(expected);
        }
        assertThat(JsonBytes.plain('\u20ac')).isFalse();
    }

    /** The same random calls, made on the mapper's generator. */
    private static byte[] generator(Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = WalletJson.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            int depth = 0;
            for (int member = random.nextInt(12); member > 0; member--) {
                String name = text(random);
                switch (random.nextInt(6)) {
                    case 0 -> json.writeStringField(name, random.nextInt(5) == 0 ? null : text(random));
                    case 1 -> json.writeNumberField(name, random.nextLong() >> random.nextInt(64));
                    case 2 -> json.writeBooleanField(name, random.nextBoolean());
                    case 3 -> {
                        json.writeObjectFieldStart(name);
                        depth++;
                    }
                    case 4 -> {
                        if (depth > 0) {
                            json.writeEndObject();
                            depth--;
                        }
                    }
                    default -> json.writeStringField(name, text(random));
                }
            }
            for (; depth > 0; depth--) {
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] bytes(Random random) {
        JsonBytes json = new JsonBytes().startObject();
        int depth = 0;
        for (int member = random.nextInt(12); member > 0; member--) {
            String name = text(random);
            switch (random.nextInt(6)) {
                case 0 -> json.string(name, random.nextInt(5) == 0 ? null : text(random));
                case 1 -> json.number(name, random.nextLong() >> random.nextInt(64));
                case 2 -> json.bool(name, random.nextBoolean());
                case 3 -> {
                    json.startObject(name);
                    depth++;
                }
                case 4 -> {
                    if (depth > 0) {
                        json.endObject();
                        depth--;
                    }
                }
                default -> json.string(name, text(random));
            }
        }
        for (; depth > 0; depth--) {
            json.endObject();
        }
        return json.endObject().toByteArray();
    }

    /** Mostly plain text (the common case), sometimes with characters the generator escapes or encodes. */
    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        boolean special = random.nextInt(4) == 0;
        for (int i = random.nextInt(random.nextInt(10) == 0 ? 700 : 40); i > 0; i--) {
            if (special && random.nextInt(10) == 0) {
                if (random.nextInt(8) == 0) {
                    text.appendCodePoint(0x1F600); // a surrogate pair
                } else {
                    text.append(CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
                }
            } else {
                text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }
}
