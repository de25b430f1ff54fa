package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Random;
import io.vellum.engine.testing.RandomIonValues;
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
        RandomIonValues values = new RandomIonValues(ION, random).withoutTextlessSymbols(); // refused: see below
        int withPayloadNan = 0;
        for (int i = 0; i < 20_000; i++) {
            IonStruct document = values.struct(4);
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
    void refusesSymbolsAnnotationsAndFieldNamesWithoutText() {
        for (String document : new String[] {"{a: $0}", "{a: [b, {c: $0}]}", "{a: $0::1}", "$0::{a: 1}",
            "{a: {$0: 1}}"}) {
            assertThatThrownBy(() -> DocumentWalk.of((IonStruct) ION.singleValue(document), "the document"))
                    .as(document).isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).startsWith("the document has ").contains("without text ($0)",
                                "must have text");
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



}
