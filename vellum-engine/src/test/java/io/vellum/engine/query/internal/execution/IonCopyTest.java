package io.vellum.engine.query.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.Decimal;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's copy of a value from another Ion system (a caller's parameter) must be what {@link IonSystem#clone}
 * gives: equal, printed and encoded the same, in the engine's system, writable and in no container; and for a value
 * of the engine's own system, {@code clone} itself.
 */
class IonCopyTest {
    private static final IonSystem ENGINE = IonSystemBuilder.standard().build();
    private static final IonSystem CALLER = IonSystemBuilder.standard().build();

    @Test
    void aCopyFromAnotherSystemIsWhatCloneGives() throws IOException {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 1_000; i++) {
            IonValue value = randomValue(random, 3);
            if (random.nextBoolean()) {
                IonStruct holder = CALLER.newEmptyStruct();
                holder.add("held", value); // a value inside a container copies alone, without its field name
            }
            if (random.nextInt(4) == 0) {
                value.makeReadOnly();
            }
            assertSameCopy(value, seed);
        }
    }

    @Test
    void edgeValuesAndSymbolsWithoutTextCopyAsCloneCopiesThem() throws IOException {
        for (String text : new String[] {"-0.", "-0e0", "0d-3", "$0", "'$0'", "$0::a", "{$0: 1}", "a::$0", "[1, $0]",
            "2020T", "2020-01-01T00:00-00:00", "2020-01-01T00:00:00.000000+05:30", "{{\"clob\"}}", "{{}}",
            "null.timestamp", "null.sexp", "null", "nan", "+inf", "-inf", "name",
            "a::b::{c: d::[e, (f g)], h: null.struct}", "1d-7", "123456789012345678901234567890"}) {
            assertSameCopy(CALLER.singleValue(text), 0);
        }
    }

    @Test
    void aValueOfTheEnginesSystemIsCloned() {
        IonStruct value = (IonStruct) ENGINE.singleValue("{a: 1, b: [x]}");
        IonStruct copy = IonCopy.of(ENGINE, value);
        assertThat(copy).isEqualTo(value).isNotSameAs(value);
    }

    private static void assertSameCopy(IonValue value, long seed) throws IOException {
        IonValue cloned = ENGINE.clone(value);
        IonValue copied = IonCopy.of(ENGINE, value);
        assertThat(copied.toString()).as("printed (seed %d)", seed).isEqualTo(cloned.toString());
        assertThat(copied).as("as Ion (seed %d)", seed).isEqualTo(cloned);
        assertThat(binary(copied)).as("encoded (seed %d): %s", seed, value).isEqualTo(binary(cloned));
        assertThat(copied.getSystem()).isSameAs(ENGINE);
        assertThat(copied.isReadOnly()).isFalse();
        assertThat(copied.getContainer()).isNull();
        assertThat(copied.getFieldNameSymbol()).isEqualTo(cloned.getFieldNameSymbol());
    }

    private static byte[] binary(IonValue value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        }
        return out.toByteArray();
    }

    private static IonValue randomValue(Random random, int depth) {
        IonValue value = switch (random.nextInt(depth > 0 ? 18 : 15)) {
            case 0 -> CALLER.newNull();
            case 1 -> CALLER.newBool(random.nextBoolean());
            case 2 -> CALLER.newInt(new BigInteger(random.nextInt(200), random).negate());
            case 3 -> CALLER.newInt(random.nextLong());
            case 4 -> CALLER.newDecimal(new BigDecimal(new BigInteger(random.nextInt(100), random),
                    random.nextInt(40) - 20));
            case 5 -> CALLER.newDecimal(random.nextBoolean() ? Decimal.NEGATIVE_ZERO : Decimal.valueOf("0.000"));
            case 6 -> CALLER.newFloat(random.nextBoolean() ? random.nextDouble() : -0.0);
            case 7 -> CALLER.newTimestamp(random.nextBoolean()
                    ? Timestamp.forMillis(random.nextLong() >>> 24, random.nextInt(1000) - 500)
                    : Timestamp.forDay(2000 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28)));
            case 8 -> CALLER.newString(randomText(random));
            case 9 -> CALLER.newSymbol(randomText(random));
            case 10 -> CALLER.newBlob(new byte[random.nextInt(30)]);
            case 11 -> CALLER.newClob(randomText(random).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case 12 -> CALLER.singleValue(random.nextBoolean() ? "$0" : "null.symbol");
            case 13 -> CALLER.singleValue(random.nextBoolean() ? "null.decimal" : "null.blob");
            case 14 -> random.nextBoolean() ? CALLER.newNullStruct() : CALLER.newNullSexp();
            case 15 -> fill(CALLER.newEmptyList(), random, depth);
            case 16 -> fill(CALLER.newEmptySexp(), random, depth);
            default -> fill(CALLER.newEmptyStruct(), random, depth);
        };
        if (random.nextInt(8) == 0) {
            value.addTypeAnnotation("a" + randomText(random));
        }
        return value;
    }

    private static IonValue fill(IonContainer container, Random random, int depth) {
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            IonValue child = randomValue(random, depth - 1);
            if (container instanceof IonStruct struct) {
                struct.add(random.nextInt(10) == 0 ? "name" : randomText(random), child);
            } else {
                ((IonSequence) container).add(child);
            }
        }
        return container;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) (0x80 + random.nextInt(0x7000)) : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
