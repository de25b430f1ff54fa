package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The size bound must never be below the exact Ion binary size (it would let oversized documents through). */
class IonSizeBoundTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Test
    void boundIsNeverBelowTheEncodedSize() {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("IonSizeBoundTest seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            IonValue value = randomValue(random, 3);
            assertThat(IonSizeBound.of(value)).as("value %s (seed %d)", value, seed)
                    .isGreaterThanOrEqualTo(IonBytes.encode(value).length);
        }
    }

    private static IonValue randomValue(Random random, int depth) {
        IonValue value = switch (random.nextInt(depth > 0 ? 12 : 9)) {
            case 0 -> ION.newNull();
            case 1 -> ION.newBool(random.nextBoolean());
            case 2 -> ION.newInt(new BigInteger(random.nextInt(200), random));
            case 3 -> ION.newDecimal(new BigDecimal(new BigInteger(random.nextInt(100), random), random.nextInt(40) - 20));
            case 4 -> ION.newFloat(random.nextDouble());
            case 5 -> ION.newTimestamp(Timestamp.forMillis(random.nextLong() >>> 24, random.nextInt(1000) - 500));
            case 6 -> ION.newString(randomText(random));
            case 7 -> ION.newSymbol(randomText(random));
            case 8 -> ION.newBlob(new byte[random.nextInt(300)]);
            case 9 -> fill(ION.newEmptyList(), random, depth);
            case 10 -> fill(ION.newEmptySexp(), random, depth);
            default -> fill(ION.newEmptyStruct(), random, depth);
        };
        if (random.nextInt(8) == 0) {
            value.addTypeAnnotation("a" + randomText(random));
        }
        return value;
    }

    private static IonValue fill(IonContainer container, Random random, int depth) {
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            IonValue child = randomValue(random, depth - 1);
            if (container instanceof IonStruct struct) {
                struct.add(randomText(random), child);
            } else {
                ((com.amazon.ion.IonSequence) container).add(child);
            }
        }
        return container;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) (0x80 + random.nextInt(0x7000)) : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
