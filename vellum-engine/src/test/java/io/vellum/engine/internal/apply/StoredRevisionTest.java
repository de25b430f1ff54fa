package io.vellum.engine.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Random;
import io.vellum.engine.testing.RandomIonValues;
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
        RandomIonValues values = new RandomIonValues(ION, random);
        for (int i = 0; i < 1_000; i++) {
            IonStruct data = values.struct(4);
            if (random.nextInt(10) == 0) {
                data.addTypeAnnotation("annotated");
            }
            data.makeReadOnly();
            RevisionMetadata metadata = new RevisionMetadata("7ShhWyE5cQk2J1fGkHOzMM", random.nextInt(1000),
                    values.timestamp(), "KVKtQ8nAkwBLw1bm8qaR3X");
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




}
