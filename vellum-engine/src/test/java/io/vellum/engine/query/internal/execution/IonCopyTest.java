package io.vellum.engine.query.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import io.vellum.engine.testing.RandomIonValues;
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
        RandomIonValues values = new RandomIonValues(CALLER, random);
        for (int i = 0; i < 1_000; i++) {
            IonValue value = values.value(3);
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



}
