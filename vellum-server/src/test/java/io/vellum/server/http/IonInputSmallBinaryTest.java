package io.vellum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.LedgerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Short Ion binary (a driver's parameters) is loaded without the separate structure walk; every outcome, value or
 * refusal message, must be the one the walk-first order gives.
 */
class IonInputSmallBinaryTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String[] SAMPLES = {"\"ACCT-000042\"", "12.50", "-3d-2", "{id: \"a\", balance: 100.00}",
        "[1, 2e0, \"three\", four, {five: 5}]", "2026-12-06T10:00:00Z", "name::'sym bol'", "null.struct",
        "{a:{b:{c:[[[\"deep\"]]]}}}", "\"a\u00e8b\u20ac\"", "{{aGVsbG8=}}", "true"};

    @Test
    void everyOutcomeMatchesTheWalkFirstOrder() throws IOException {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("IonInputSmallBinaryTest seed=" + seed);
        Random random = new Random(seed);
        int refused = 0;
        for (String sample : SAMPLES) {
            byte[] valid = binary(sample);
            assertThat(valid.length).as(sample).isLessThanOrEqualTo(4 + InputLimits.MAXIMUM_NESTING_DEPTH);
            assertSameOutcome(valid, seed);
            for (int i = 0; i < 2_000; i++) {
                byte[] mutated = mutate(valid, random);
                refused += assertSameOutcome(mutated, seed) ? 0 : 1;
            }
        }
        assertThat(refused).as("mutations that are refused").isPositive();
    }

    @Test
    void invalidUtf8AndSymbolsAnnotationsAndFieldNamesWithoutTextAreRefusedByBothOrders() {
        byte[] ivm = {(byte) 0xE0, 0x01, 0x00, (byte) 0xEA};
        byte[] badUtf8 = concat(ivm, new byte[] {(byte) 0x83, 'a', (byte) 0xC3, 0x28});
        byte[] unknownSymbol = concat(ivm, new byte[] {0x71, 0x63});
        // $0::5 (annotation without text) and {$0: 5} (field name without text): the CI-found mutation was the first
        byte[] unknownAnnotation = concat(ivm, new byte[] {(byte) 0xE4, (byte) 0x81, (byte) 0x80, 0x21, 0x05});
        byte[] unknownFieldName = concat(ivm, new byte[] {(byte) 0xD3, (byte) 0x80, 0x21, 0x05});
        for (byte[] bytes : new byte[][] {badUtf8, unknownSymbol, unknownAnnotation, unknownFieldName}) {
            String expected = outcome(() -> IonInput.singleBinaryWalkFirst(ION, bytes, "p"));
            assertThat(expected).startsWith("refused: p is not valid Ion");
            assertThat(outcome(() -> IonInput.singleBinary(ION, bytes, "p"))).isEqualTo(expected);
        }
    }

    /** Whether the outcome was a value (the same from both). */
    private static boolean assertSameOutcome(byte[] bytes, long seed) {
        String expected = outcome(() -> IonInput.singleBinaryWalkFirst(ION, bytes, "p"));
        String actual = outcome(() -> IonInput.singleBinary(ION, bytes, "p"));
        assertThat(actual).as("%s (seed %d)", Arrays.toString(bytes), seed).isEqualTo(expected);
        return !expected.startsWith("refused: ");
    }

    private static String outcome(java.util.function.Supplier<IonValue> read) {
        try {
            IonValue value = read.get();
            return "value: " + printed(value) + " " + Arrays.toString(value.getTypeAnnotations());
        } catch (LedgerException e) {
            return "refused: " + e.getMessage();
        }
    }

    /** The value's Ion binary, or its type when ion-java cannot write it (a mutated timestamp's offset). */
    private static String printed(IonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        } catch (IOException | RuntimeException e) {
            return "unwritable " + value.getType();
        }
        return Arrays.toString(out.toByteArray());
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] copy = valid.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                int at = 4 + random.nextInt(copy.length - 4);
                copy[at] = (byte) random.nextInt(256);
            }
            case 1 -> copy = Arrays.copyOf(copy, 4 + random.nextInt(copy.length - 4));
            default -> {
                copy = Arrays.copyOf(copy, copy.length + 1 + random.nextInt(4));
                for (int i = valid.length; i < copy.length; i++) {
                    copy[i] = (byte) random.nextInt(256);
                }
            }
        }
        return copy;
    }

    private static byte[] binary(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            ION.singleValue(text).writeTo(writer);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
