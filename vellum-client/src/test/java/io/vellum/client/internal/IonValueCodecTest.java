package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonException;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.IonBinary;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The codec's direct path ({@link io.vellum.proof.block.DirectIonBinary}) against ion-java alone: every value
 * decoded, and every refusal with its message, and every parameter's bytes must be what ion-java gives.
 */
class IonValueCodecTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String[] SAMPLES = {"\"acct-42\"", "999990.00", "0.", "-0.0", "0d-5", "1d100",
        "{balance: 999990.00}", "{documentId: \"3oLkQ7h1Gy8C2xdX4mT9aZ\"}", "{a: {b: [1, (2 3), {c: null.int}]}}",
        "{a: 1, a: sym, name: 'with space'}", "null", "null.decimal", "null.struct", "true", "-0x8000000000000000",
        "123456789012345678901234567890", "2001-02-03T04:05:06.789-00:00", "a::1", "1.5e0", "{{aGVsbG8=}}",
        "\"é日本\\U0001F600\"", "[]", "{}", "$ion_symbol_table"};

    @Example
    void decodesAndEncodesTheSamplesAsIonJavaDoes() {
        for (String sample : SAMPLES) {
            IonValue value = ION.singleValue(sample);
            byte[] encoded = IonBinary.encode(value);
            assertThat(IonValueCodec.encode(value)).as(sample).isEqualTo(encoded);
            assertThat(outcome(encoded)).as(sample).isEqualTo(ionJavaOutcome(encoded));
        }
    }

    @Property(tries = 100)
    void damagedAnswersDecodeOrFailAsIonJavaDecidesThem(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] valid = IonBinary.encode(ION.singleValue(SAMPLES[random.nextInt(SAMPLES.length)]));
        for (int i = 0; i < 50; i++) {
            byte[] damaged = valid.clone();
            switch (random.nextInt(3)) {
                case 0 -> damaged[4 + random.nextInt(damaged.length - 4)] = (byte) random.nextInt(256);
                case 1 -> damaged = Arrays.copyOf(damaged, 4 + random.nextInt(damaged.length - 4));
                default -> {
                    damaged = Arrays.copyOf(damaged, damaged.length + 1 + random.nextInt(3));
                    damaged[damaged.length - 1] = (byte) random.nextInt(256);
                }
            }
            assertThat(outcome(damaged)).as("%s", Arrays.toString(damaged)).isEqualTo(ionJavaOutcome(damaged));
        }
    }

    private static String outcome(byte[] bytes) {
        try {
            return describe(IonValueCodec.decode(ION, bytes));
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        }
    }

    /** What the codec gave before its direct path: {@code singleValue}, its failure wrapped the same way. */
    private static String ionJavaOutcome(byte[] bytes) {
        try {
            return describe(ION.singleValue(bytes));
        } catch (IonException e) {
            return "refused: not exactly one Ion value: " + e.getMessage();
        }
    }

    private static String describe(IonValue value) {
        String bytes;
        try {
            bytes = Arrays.toString(IonBinary.encode(value));
        } catch (RuntimeException e) {
            bytes = "unwritable";
        }
        return value.getType() + " " + value + " " + bytes;
    }
}
