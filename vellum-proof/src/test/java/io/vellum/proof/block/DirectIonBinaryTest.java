package io.vellum.proof.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonException;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.proof.RandomIon;
import io.vellum.proof.Vectors;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The direct path against ion-java: whatever {@link DirectIonBinary} reads must be the value ion-java loads from the
 * same bytes (and encode back to them), whatever it writes must be the bytes ion-java's writer writes, and whatever
 * it does not know it must leave to ion-java (null), including malformed and truncated streams.
 */
class DirectIonBinaryTest {
    private static final IonSystem ION = Vectors.ION;
    /** Values of every kind the server and the clients exchange, and the edge cases of each Ion type. */
    private static final String[] EDGE_CASES = {
        "\"acct-42\"", "\"\"", "\"é日本\\U0001F600\"", "1000000.00", "999990.00", "10.00", "0.", "0d0", "-0.0",
        "0d-5", "-0d3", "1d100", "1d-100", "-1.5", "123456789012345678901234567890.123456789", "{balance: 999990.00}",
        "{documentId: \"3oLkQ7h1Gy8C2xdX4mT9aZ\"}", "{}", "[]", "()", "{a: {b: {c: [1, (2 3), {d: null.int}]}}}",
        "{a: 1, a: 1, b: a}", "{name: 1}", "{'$ion': 1}", "sym", "'with space'", "$ion_symbol_table", "null",
        "null.null", "null.bool", "null.int", "null.float", "null.decimal", "null.timestamp", "null.symbol",
        "null.string", "null.clob", "null.blob", "null.list", "null.sexp", "null.struct", "true", "false", "0", "-1",
        "127", "128", "-128", "0x7fffffffffffffff", "-0x7fffffffffffffff", "-0x8000000000000000", "0x8000000000000000",
        "0xffffffffffffffffff", "-123456789012345678901234567890", "0e0", "-0e0", "1.5e0", "nan", "+inf", "-inf",
        "2001T", "2001-02-03", "2001-02-03T04:05:06.789-00:00", "2001-02-03T04:05:06.789+01:30", "a::1",
        "{a: b::{}}", "{{}}", "{{\"clob\"}}", "{{aGVsbG8=}}", "[a, b, a, 'c d']", "{'': \"\"}",
        "\"long string that needs a length byte of its own: 0123456789\"",
    };
    /** The shapes on every transfer's path: these must take the direct path both ways. */
    private static final String[] DIRECT = {"\"acct-42\"", "1000000.00", "999990.00", "10.00", "{balance: 999990.00}",
        "{documentId: \"3oLkQ7h1Gy8C2xdX4mT9aZ\"}", "{a: {b: {c: [1, (2 3), {d: null.int}]}}}", "null", "true", "-1",
        "-0x8000000000000000", "[a, b, a, 'c d']", "0.", "0d-5"};

    @Example
    void edgeCasesReadAndWriteAsIonJavaDoes() {
        for (String text : EDGE_CASES) {
            checkBothWays(ION.singleValue(text));
        }
    }

    @Example
    void theTransfersValuesTakeTheDirectPath() {
        for (String text : DIRECT) {
            IonValue value = ION.singleValue(text);
            byte[] encoded = IonBinary.encode(value);
            assertThat(DirectIonBinary.write(value)).as("write %s", text).isEqualTo(encoded);
            assertThat(DirectIonBinary.read(ION, encoded)).as("read %s", text).isEqualTo(value);
        }
    }

    @Property(tries = 200)
    void randomValuesReadAndWriteAsIonJavaDoes(@ForAll long seed) {
        RandomIon generator = new RandomIon(ION, new Random(seed));
        for (int i = 0; i < 10; i++) {
            checkBothWays(generator.value(4));
        }
    }

    @Property(tries = 500)
    void damagedStreamsAreLeftToIonJavaOrReadAsItReadsThem(@ForAll long seed) {
        Random random = new Random(seed);
        RandomIon generator = new RandomIon(ION, random);
        IonValue value = random.nextBoolean() ? generator.struct(2) : generator.value(2);
        byte[] encoded = IonBinary.encode(value);
        byte[] damaged = switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(encoded, random.nextInt(encoded.length + 1)); // truncated
            case 1 -> Arrays.copyOf(encoded, encoded.length + 1 + random.nextInt(3)); // trailing zero bytes
            default -> {
                byte[] flipped = encoded.clone();
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield flipped;
            }
        };
        IonValue direct = DirectIonBinary.read(ION, damaged);
        if (direct == null) {
            return;
        }
        IonValue loaded;
        try {
            loaded = ION.singleValue(damaged);
        } catch (IonException | IllegalArgumentException | IllegalStateException e) {
            throw new AssertionError("read " + direct + " from bytes ion-java refuses: " + e.getMessage(), e);
        }
        assertThat(direct).isEqualTo(loaded);
        assertThat(IonBinary.encode(direct)).isEqualTo(IonBinary.encode(loaded));
    }

    @Example
    void invalidUtf8IsLeftToIonJava() {
        byte[] encoded = IonBinary.encode(ION.newString("ab"));
        encoded[encoded.length - 1] = (byte) 0xC0; // an overlong lead byte
        assertThat(DirectIonBinary.read(ION, encoded)).isNull();
    }

    @Property(tries = 1000)
    void textIsReadExactlyWhenItIsWellFormedUtf8(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] text = new byte[random.nextInt(12)];
        byte[] likely = {0x41, (byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0, (byte) 0xBF,
            (byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4,
            (byte) 0xF5, (byte) 0xFF};
        for (int i = 0; i < text.length; i++) {
            text[i] = random.nextBoolean() ? likely[random.nextInt(likely.length)] : (byte) random.nextInt(256);
        }
        byte[] stream = Arrays.copyOf(new byte[] {(byte) 0xE0, 0x01, 0x00, (byte) 0xEA, (byte) (0x80 | text.length)},
                5 + text.length);
        System.arraycopy(text, 0, stream, 5, text.length);
        IonValue direct = DirectIonBinary.read(ION, stream);
        String strict;
        try {
            strict = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(text))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            strict = null;
        }
        if (strict == null) {
            assertThat(direct).as("%s", Arrays.toString(text)).isNull();
        } else {
            assertThat(direct).as("%s", Arrays.toString(text)).isEqualTo(ION.newString(strict));
            assertThat(direct).isEqualTo(ION.singleValue(stream));
        }
    }

    @Example
    void deepValuesAreLeftToIonJava() {
        String deep = "[".repeat(DirectIonBinary.MAXIMUM_DEPTH + 1) + "]".repeat(DirectIonBinary.MAXIMUM_DEPTH + 1);
        IonValue value = ION.singleValue(deep);
        assertThat(DirectIonBinary.write(value)).isNull();
        assertThat(DirectIonBinary.read(ION, IonBinary.encode(value))).isNull();
        String allowed = "[".repeat(DirectIonBinary.MAXIMUM_DEPTH) + "]".repeat(DirectIonBinary.MAXIMUM_DEPTH);
        assertThat(DirectIonBinary.read(ION, IonBinary.encode(ION.singleValue(allowed))))
                .isEqualTo(ION.singleValue(allowed));
    }

    /** Written bytes are ion-java's; a value read from ion-java's bytes is ion-java's value. */
    private static void checkBothWays(IonValue value) {
        byte[] encoded = IonBinary.encode(value);
        byte[] written = DirectIonBinary.write(value);
        if (written != null) {
            assertThat(written).as("bytes written for %s", value).isEqualTo(encoded);
        }
        IonValue read = DirectIonBinary.read(ION, encoded);
        if (read != null) {
            IonValue loaded = ION.singleValue(encoded);
            assertThat(read).as("value read for %s", value).isEqualTo(loaded);
            assertThat(read.getType()).isEqualTo(loaded.getType());
            assertThat(read.isNullValue()).isEqualTo(loaded.isNullValue());
            assertThat(IonBinary.encode(read)).as("bytes of the value read for %s", value).isEqualTo(encoded);
        }
    }
}
