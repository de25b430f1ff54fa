package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one walk must find exactly what the three walks it replaces find, and refuse what they refuse. */
class DocumentWalkTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final long PAYLOAD_NAN = 0x7ff4fcccc12f24e5L;

    @Test
    void findsWhatTheDepthCheckTheSizeBoundAndCanonicalNanFind() {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("DocumentWalkTest seed=" + seed);
        Random random = new Random(seed);
        int withPayloadNan = 0;
        for (int i = 0; i < 20_000; i++) {
            IonStruct document = (IonStruct) fill(ION.newEmptyStruct(), random, 4);
            if (random.nextInt(10) == 0) {
                document.addTypeAnnotation("annotated");
            }
            StatementLimits.checkValueDepth(document, "the document");
            DocumentWalk.Result walk = DocumentWalk.of(document, "the document");
            assertThat(walk.sizeBound()).as("size bound of %s (seed %d)", document, seed)
                    .isEqualTo(IonSizeBound.of(document));
            boolean copies = CanonicalNan.canonical(document) != document;
            assertThat(walk.hasPayloadNan()).as("payload NaN in %s (seed %d)", document, seed).isEqualTo(copies);
            withPayloadNan += copies ? 1 : 0;
        }
        assertThat(withPayloadNan).as("the generator makes documents with payload NaNs").isPositive();
    }

    @Test
    void refusesTooDeepNestingWithTheDepthChecksMessage() {
        for (int depth : new int[] {StatementLimits.MAX_VALUE_DEPTH + 1, 10_000}) {
            IonStruct document = ION.newEmptyStruct();
            IonContainer innermost = document;
            for (int level = 1; level < depth; level++) {
                IonContainer child = level % 2 == 0 ? ION.newEmptyStruct() : ION.newEmptyList();
                if (innermost instanceof IonStruct struct) {
                    struct.add("f", child);
                } else {
                    ((IonSequence) innermost).add(child);
                }
                innermost = child;
            }
            LedgerException expected = null;
            try {
                StatementLimits.checkValueDepth(document, "the document");
            } catch (LedgerException e) {
                expected = e;
            }
            assertThat(expected).as("depth %d is refused by the depth check", depth).isNotNull();
            String message = expected.getMessage();
            assertThatThrownBy(() -> DocumentWalk.of(document, "the document"))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                        assertThat(e.getMessage()).isEqualTo(message);
                    });
        }
    }

    @Test
    void acceptsNestingAtTheLimit() {
        IonStruct document = ION.newEmptyStruct();
        IonStruct innermost = document;
        for (int level = 1; level < StatementLimits.MAX_VALUE_DEPTH; level++) {
            IonStruct child = ION.newEmptyStruct();
            innermost.add("f", child);
            innermost = child;
        }
        innermost.add("nan", ION.newFloat(Double.longBitsToDouble(PAYLOAD_NAN)));
        DocumentWalk.Result walk = DocumentWalk.of(document, "the document");
        assertThat(walk.hasPayloadNan()).isTrue();
        assertThat(walk.sizeBound()).isEqualTo(IonSizeBound.of(document));
    }

    private static IonValue randomValue(Random random, int depth) {
        IonValue value = switch (random.nextInt(depth > 0 ? 14 : 11)) {
            case 0 -> ION.newNull();
            case 1 -> ION.newBool(random.nextBoolean());
            case 2 -> ION.newInt(new BigInteger(random.nextInt(200), random));
            case 3 -> ION.newDecimal(new BigDecimal(new BigInteger(random.nextInt(100), random), random.nextInt(40) - 20));
            case 4 -> ION.newFloat(random.nextDouble());
            case 5 -> ION.newFloat(Double.longBitsToDouble(random.nextInt(4) == 0 ? PAYLOAD_NAN
                    : 0x7ff8000000000000L));
            case 6 -> ION.newTimestamp(Timestamp.forMillis(random.nextLong() >>> 24, random.nextInt(1000) - 500));
            case 7 -> ION.newString(randomText(random));
            case 8 -> ION.newSymbol(randomText(random));
            case 9 -> ION.newBlob(new byte[random.nextInt(300)]);
            case 10 -> random.nextBoolean() ? ION.newNullStruct() : ION.newNullList();
            case 11 -> fill(ION.newEmptyList(), random, depth);
            case 12 -> fill(ION.newEmptySexp(), random, depth);
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
                ((IonSequence) container).add(child);
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
