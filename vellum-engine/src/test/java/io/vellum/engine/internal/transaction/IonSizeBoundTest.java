package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import java.util.Random;
import io.vellum.engine.testing.RandomIonValues;
import org.junit.jupiter.api.Test;

/** The size bound must never be below the exact Ion binary size (it would let oversized documents through). */
class IonSizeBoundTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Test
    void boundIsNeverBelowTheEncodedSize() {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("IonSizeBoundTest seed=" + seed);
        Random random = new Random(seed);
        RandomIonValues values = new RandomIonValues(ION, random);
        for (int i = 0; i < 20_000; i++) {
            IonValue value = values.value(3);
            assertThat(IonSizeBound.of(value)).as("value %s (seed %d)", value, seed)
                    .isGreaterThanOrEqualTo(IonBytes.encode(value).length);
        }
    }



}
