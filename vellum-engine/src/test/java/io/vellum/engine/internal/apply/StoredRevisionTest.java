package io.vellum.engine.internal.apply;

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
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.hash.IonHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The committed view built from a revision's values (what the committer caches for updated documents) must be the
 * value decoding the revision's stored form gives, which is what every other read returns: equal as Ion, printed
 * the same (field order, annotations, precision of decimals and timestamps), encoded to the same bytes, hashed to
 * the same hash.
 */
class StoredRevisionTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String STRAND = "JdxjkR9bSYB5jMHWcI464T";

    @Test
    void theViewBuiltFromTheRevisionIsTheViewDecodedFromItsStoredForm() throws IOException {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 1_000; i++) {
            IonStruct data = (IonStruct) fill(ION.newEmptyStruct(), random, 4);
            if (random.nextInt(10) == 0) {
                data.addTypeAnnotation("annotated");
            }
            data.makeReadOnly();
            RevisionMetadata metadata = new RevisionMetadata("7ShhWyE5cQk2J1fGkHOzMM", random.nextInt(1000),
                    randomTimestamp(random), "KVKtQ8nAkwBLw1bm8qaR3X");
            Revision revision = Revision.create(new BlockAddress("unassigned", 0),
                    random.nextInt(20) == 0 ? null : data, metadata);
            if (revision.data() != null && random.nextInt(20) == 0) {
                revision = revision.redact();
            }
            assertSameView(revision, random.nextLong() >>> 1, seed);
        }
    }

    @Test
    void edgeValuesSurviveAsTheDecodedViewHasThem() throws IOException {
        IonStruct data = (IonStruct) ION.singleValue("{a:-0., b:-0e0, c:$0, d:'$ion'::x, e:2020T, f:2020-01-01T00:00-00:00,"
                + " g:2020-01-01T00:00:00.000000+05:30, h:{{\"clob\"}}, i:null.timestamp, j:sym, k:1.000, l:nan,"
                + " m:[+inf, -inf], n:(a b 'c d'), o:1d-7, p:name, q:'$ion_symbol_table'::{}, r:{}}");
        data.makeReadOnly();
        Revision revision = Revision.create(new BlockAddress("unassigned", 0), data,
                new RevisionMetadata("7ShhWyE5cQk2J1fGkHOzMM", 3, Timestamp.valueOf("2026-12-06T13:00:00.123456Z"),
                        "KVKtQ8nAkwBLw1bm8qaR3X"));
        assertSameView(revision, 42, 0);
    }

    private static void assertSameView(Revision revision, long sequenceNo, long seed) throws IOException {
        String id = revision.metadata().id();
        IonStruct decoded = StoredRevision.committedView(ION, STRAND,
                StoredRevision.withSequenceNo(sequenceNo, StoredRevision.encodeBody(revision)), id);
        IonStruct built = StoredRevision.committedView(ION, STRAND, sequenceNo, revision);
        assertThat(built.toString()).as("printed (seed %d)", seed).isEqualTo(decoded.toString());
        assertThat(built).as("as Ion (seed %d)", seed).isEqualTo(decoded);
        assertThat(binary(built)).as("encoded (seed %d)", seed).isEqualTo(binary(decoded));
        assertThat(IonHash.of(built)).as("hashed (seed %d)", seed).isEqualTo(IonHash.of(decoded));
        if (revision.data() != null) {
            assertThat(built.get("data")).as("a copy, not the revision's own value").isNotSameAs(revision.data());
        }
    }

    private static byte[] binary(IonValue value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        }
        return out.toByteArray();
    }

    private static Timestamp randomTimestamp(Random random) {
        long millis = random.nextLong() >>> 24;
        return switch (random.nextInt(5)) {
            case 0 -> Timestamp.forMillis(millis, random.nextInt(1000) - 500);
            case 1 -> Timestamp.forMillis(millis, null);
            case 2 -> Timestamp.forDay(2000 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28));
            case 3 -> Timestamp.forSecond(2026, 12, 6, 13, random.nextInt(60),
                    new BigDecimal(BigInteger.valueOf(random.nextInt(1_000_000)), 6).add(BigDecimal.ONE), 0);
            default -> Timestamp.forMinute(2026, 12, 6, 13, random.nextInt(60), 60);
        };
    }

    private static IonValue randomValue(Random random, int depth) {
        IonValue value = switch (random.nextInt(depth > 0 ? 17 : 14)) {
            case 0 -> ION.newNull();
            case 1 -> ION.newBool(random.nextBoolean());
            case 2 -> ION.newInt(new BigInteger(random.nextInt(200), random).negate());
            case 3 -> ION.newDecimal(new BigDecimal(new BigInteger(random.nextInt(100), random), random.nextInt(40) - 20));
            case 4 -> ION.newDecimal(random.nextBoolean() ? Decimal.NEGATIVE_ZERO : Decimal.valueOf("0.000"));
            case 5 -> ION.newFloat(random.nextBoolean() ? random.nextDouble() : -0.0);
            case 6 -> ION.newTimestamp(randomTimestamp(random));
            case 7 -> ION.newString(randomText(random));
            case 8 -> ION.newSymbol(randomText(random));
            case 9 -> ION.newBlob(new byte[random.nextInt(300)]);
            case 10 -> ION.newClob(randomText(random).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case 11 -> ION.singleValue("$0");
            case 12 -> ION.singleValue(random.nextBoolean() ? "null.decimal" : "null.symbol");
            case 13 -> random.nextBoolean() ? ION.newNullStruct() : ION.newNullList();
            case 14 -> fill(ION.newEmptyList(), random, depth);
            case 15 -> fill(ION.newEmptySexp(), random, depth);
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
                struct.add(random.nextInt(10) == 0 ? "name" : randomText(random), child);
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
