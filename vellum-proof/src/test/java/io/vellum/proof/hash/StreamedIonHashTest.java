package io.vellum.proof.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.Timestamp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import io.vellum.proof.Seeds;
import io.vellum.proof.Vectors;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;

/**
 * The hashes streamed from model values ({@link RevisionMetadata#ionHash}, {@link TransactionInfo#hash} of a
 * canonical transaction info) against the reference: {@link IonHash#of} of the Ion value the record prints, and
 * for a share of the cases ion-hash-java itself ({@link IonHashReference}). Randomized with a printed seed.
 */
class StreamedIonHashTest {
    private static final int METADATA_CASES = 20_000;
    private static final int TRANSACTION_CASES = 3_000;
    /** Code points that stress the escaping (U+000B/C/E are the marker bytes themselves) and UTF-8 lengths. */
    private static final int[] SPECIAL_CODE_POINTS = {0x0B, 0x0C, 0x0E, 0x00, 0x0A, 0x7F, 0x80, 0xFF, 0x7FF, 0x800,
        0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF, '"', '\\', '$'};
    private static final long[] SPECIAL_LONGS = {0, 1, 11, 12, 14, 127, 128, 255, 256, 0x0B0C0E, 0x7FFFFFFFL,
        0xFFFFFFFFL, 1L << 32, 1L << 55, 0x0B0C0E0B0C0E0B0CL, Long.MAX_VALUE};

    @Test
    void metadataHashEqualsTheHashOfItsIon() {
        Random random = Seeds.random("StreamedIonHashTest.metadata");
        for (int i = 0; i < METADATA_CASES; i++) {
            RevisionMetadata metadata = new RevisionMetadata(text(random), version(random), timestamp(random),
                    text(random));
            IonStruct ion = metadata.toIon(Vectors.ION);
            Hash expected = IonHash.of(ion);
            assertThat(metadata.ionHash()).as("case %d: %s", i, ion).isEqualTo(expected);
            if (i % 20 == 0) {
                assertThat(expected).as("case %d against ion-hash-java: %s", i, ion).isEqualTo(IonHashReference.of(ion));
            }
        }
    }

    @Test
    void transactionInfoHashEqualsTheHashOfItsIon() {
        Random random = Seeds.random("StreamedIonHashTest.transactionInfo");
        for (int i = 0; i < TRANSACTION_CASES; i++) {
            TransactionInfo info = transactionInfo(random);
            IonStruct ion = info.toIon(Vectors.ION);
            Hash expected = IonHash.of(ion);
            assertThat(info.hash()).as("case %d: %s", i, ion).isEqualTo(expected).isEqualTo(IonHash.of(info.ion()));
            // the same content read back from Ion takes the DOM path
            assertThat(TransactionInfo.fromIon(ion).hash()).as("case %d read back", i).isEqualTo(expected);
            if (i % 20 == 0) {
                assertThat(expected).as("case %d against ion-hash-java: %s", i, ion).isEqualTo(IonHashReference.of(ion));
            }
        }
    }

    /**
     * A canonical transaction info writes itself straight from its statements and documents (the journal's bytes)
     * and builds its Ion value only when asked: both must give what writing the built value gives, byte for byte.
     */
    @Test
    void transactionInfoWritesTheBytesItsBuiltValueWrites() throws java.io.IOException {
        Random random = Seeds.random("StreamedIonHashTest.transactionInfoBytes");
        for (int i = 0; i < TRANSACTION_CASES / 3; i++) {
            TransactionInfo info = transactionInfo(random);
            TransactionInfo same = new TransactionInfo(info.statements(), info.documents());
            byte[] streamed = binary(info::writeTo);
            assertThat(binary(writer -> same.ion().writeTo(writer))).as("case %d", i).isEqualTo(streamed);
            assertThat(binary(info::writeTo)).as("case %d, after the value was built", i).isEqualTo(streamed);
            assertThat(info).isEqualTo(same).hasSameHashCodeAs(same);
            assertThat(info.toIon(Vectors.ION)).isEqualTo(same.ion());
        }
    }

    private interface Written {
        void writeTo(com.amazon.ion.IonWriter writer) throws java.io.IOException;
    }

    private static byte[] binary(Written value) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (com.amazon.ion.IonWriter writer = com.amazon.ion.system.IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        }
        return out.toByteArray();
    }

    /**
     * A field added by its precomputed hash ({@link IonHash#stringFieldHash}, as {@code transactionInfo} statements
     * add their text, kept per text) hashes as naming the field and writing the string does; and a statement hash
     * with its text's hash kept is the one computed from scratch. Texts repeat, so kept hashes are used.
     */
    @Test
    void aFieldAddedByItsHashHashesAsTheFieldWritten() {
        Random random = Seeds.random("StreamedIonHashTest.fieldHash");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String text = texts.isEmpty() || random.nextInt(3) > 0 ? text(random) : texts.get(random.nextInt(texts.size()));
            texts.add(text);
            String name = random.nextInt(4) == 0 ? text(random) : "statement";
            Hash fieldWritten = IonHash.ofStreamed(e -> {
                e.stepInStruct();
                e.fieldName(name);
                e.writeString(text);
                e.fieldName("n");
                e.writeInt(1);
                e.stepOut();
            });
            Hash fieldAdded = IonHash.ofStreamed(e -> {
                e.stepInStruct();
                e.fieldName("n");
                e.writeInt(1);
                e.field(IonHash.stringFieldHash(name, text));
                e.stepOut();
            });
            assertThat(fieldAdded).as("case %d", i).isEqualTo(fieldWritten);
            IonStruct struct = Vectors.ION.newEmptyStruct();
            struct.add(name, Vectors.ION.newString(text));
            struct.add("n", Vectors.ION.newInt(1));
            assertThat(fieldWritten).as("case %d", i).isEqualTo(IonHash.of(struct));
            List<com.amazon.ion.IonValue> parameters = List.of(Vectors.ION.newString(text));
            Hash expected = Dot.dot(IonHash.ofString(text), IonHash.of(parameters.get(0)));
            assertThat(io.vellum.proof.block.CommitDigest.statementHash(text, parameters)).as("case %d", i)
                    .isEqualTo(expected);
        }
        assertThatThrownBy(() -> IonHash.ofStreamed(e -> e.field(Hash.of(new byte[32]))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> io.vellum.proof.block.CommitDigest.statementHash("bad \uD800", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
    }

    @Test
    void emptyTransactionInfo() {
        TransactionInfo empty = new TransactionInfo(List.of(), Map.of());
        assertThat(empty.hash()).isEqualTo(IonHash.of(empty.toIon(Vectors.ION)))
                .isEqualTo(IonHashReference.of(empty.toIon(Vectors.ION)));
    }

    @Test
    void aChangedCloneOfACanonicalIonIsHashedAsItIs() {
        Random random = Seeds.random("StreamedIonHashTest.clone");
        TransactionInfo info = transactionInfo(random);
        IonStruct changed = info.ion().clone();
        changed.put("extra", changed.getSystem().newInt(1));
        TransactionInfo imported = TransactionInfo.fromIon(changed);
        assertThat(imported.hash()).isEqualTo(IonHash.of(changed)).isNotEqualTo(info.hash());
        changed.makeReadOnly();
        assertThat(new TransactionInfo(info.statements(), info.documents(), changed).hash())
                .isEqualTo(IonHash.of(changed));
        assertThat(new TransactionInfo(info.statements(), info.documents(), info.ion()).hash()).isEqualTo(info.hash());
    }

    @Test
    void anUnhashableValueLeavesTheEncoderClean() {
        RevisionMetadata bad = new RevisionMetadata("id\uD800", 1, Timestamp.valueOf("2024-01-01T00:00:00Z"), "tx");
        assertThatThrownBy(bad::ionHash).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        RevisionMetadata good = new RevisionMetadata("id", 1, Timestamp.valueOf("2024-01-01T00:00:00Z"), "tx");
        assertThat(good.ionHash()).isEqualTo(IonHash.of(good.toIon(Vectors.ION)));
    }

    @Test
    void misuseOfTheStreamingEncoderIsRejected() {
        assertThat(IonHash.ofStreamed(e -> e.writeInt(-1))).isEqualTo(IonHash.of(Vectors.ION.newInt(-1)));
        assertThatThrownBy(() -> IonHash.ofStreamed(e -> {
            e.writeInt(1);
            e.writeInt(2);
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> IonHash.ofStreamed(e -> {
            e.stepInStruct();
            e.writeInt(2);
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> IonHash.ofStreamed(IonHashEncoder::stepInList)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> IonHash.ofStreamed(e -> { })).isInstanceOf(IllegalStateException.class);
        assertThat(IonHash.ofStreamed(e -> e.writeString("x"))).isEqualTo(IonHash.ofString("x"));
    }

    private static TransactionInfo transactionInfo(Random random) {
        int statementCount = random.nextInt(8) == 0 ? 0 : random.nextInt(12);
        List<StatementInfo> statements = new ArrayList<>();
        for (int i = 0; i < statementCount; i++) {
            statements.add(new StatementInfo(text(random), timestamp(random), hash(random)));
        }
        int documentCount = random.nextInt(6) == 0 ? 0 : random.nextInt(41);
        Map<String, DocumentInfo> documents = new LinkedHashMap<>();
        for (int i = 0; i < documentCount; i++) {
            int indexCount = random.nextInt(5) == 0 ? 0 : random.nextInt(statementCount + 3);
            List<Integer> indexes = new ArrayList<>();
            for (int j = 0; j < indexCount; j++) {
                indexes.add(switch (random.nextInt(4)) {
                    case 0 -> random.nextInt();
                    case 1 -> (int) SPECIAL_LONGS[random.nextInt(7)] * (random.nextBoolean() ? 1 : -1);
                    default -> random.nextInt(Math.max(1, statementCount));
                });
            }
            documents.put(text(random), new DocumentInfo(text(random), text(random), indexes));
        }
        return new TransactionInfo(statements, documents);
    }

    private static String text(Random random) {
        int length = random.nextInt(10) == 0 ? 0 : random.nextInt(30);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int codePoint = switch (random.nextInt(5)) {
                case 0 -> SPECIAL_CODE_POINTS[random.nextInt(SPECIAL_CODE_POINTS.length)];
                case 1 -> 0x10000 + random.nextInt(0x100000); // a surrogate pair in Java
                case 2 -> {
                    int c = random.nextInt(0x10000);
                    yield Character.isSurrogate((char) c) ? 'x' : c;
                }
                default -> 0x20 + random.nextInt(0x5F);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static long version(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> SPECIAL_LONGS[random.nextInt(SPECIAL_LONGS.length)];
            case 1 -> random.nextLong() & Long.MAX_VALUE;
            case 2 -> random.nextInt(1 << random.nextInt(31));
            default -> random.nextInt(20);
        };
    }

    private static Timestamp timestamp(Random random) {
        Integer offset = switch (random.nextInt(5)) {
            case 0 -> null; // -00:00
            case 1 -> 0;
            default -> random.nextInt(2 * 1439 + 1) - 1439;
        };
        int year = switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(9999);
            case 1 -> new int[] {1, 11, 12, 14, 127, 128, 1970, 2000, 9999}[random.nextInt(9)];
            default -> 1990 + random.nextInt(60);
        };
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(28);
        int hour = random.nextInt(24);
        int minute = random.nextInt(60);
        // local time as given; the UTC fields (what is hashed) must stay within years 1..9999
        if ((year == 1 && offset != null && offset > 0) || (year == 9999 && offset != null && offset < 0)) {
            offset = 0;
        }
        if (random.nextInt(10) == 0) {
            // other precisions and fraction lengths, though the engine writes milliseconds
            BigDecimal second = BigDecimal.valueOf(random.nextInt(60_000_000), random.nextInt(7))
                    .min(new BigDecimal("59.999999")).max(BigDecimal.ZERO);
            return switch (random.nextInt(3)) {
                case 0 -> Timestamp.forSecond(year, month, day, hour, minute, second, offset);
                case 1 -> Timestamp.forMinute(year, month, day, hour, minute, offset);
                default -> Timestamp.forDay(year, month, day);
            };
        }
        BigDecimal second = BigDecimal.valueOf(random.nextInt(60_000), 3);
        return Timestamp.forSecond(year, month, day, hour, minute, second, offset);
    }

    private static Hash hash(Random random) {
        if (random.nextInt(50) == 0) {
            return Hash.EMPTY;
        }
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) {
            if (random.nextInt(4) == 0) {
                bytes[i] = new byte[] {0x0B, 0x0C, 0x0E}[random.nextInt(3)];
            }
        }
        return Hash.of(bytes);
    }
}
