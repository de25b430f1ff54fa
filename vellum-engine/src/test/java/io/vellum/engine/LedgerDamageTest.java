package io.vellum.engine;

import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.verify.BlockProof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalEntry;
import io.vellum.engine.journal.JournalOptions;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.TransactionInfo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn and damaged journals at the ledger level: torn tails vanish cleanly, damage is never silent. */
class LedgerDamageTest {
    @TempDir
    Path directory;

    private LedgerDigest populate() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            for (int i = 0; i < 5; i++) {
                int n = i;
                ledger.execute(tx -> tx.execute("INSERT INTO T VALUE {'n': ?}",
                        IonSystemBuilder.standard().build().newInt(n)));
            }
            return ledger.digest();
        }
    }

    /** Appends a well-formed block that was never acknowledged (as if the process died before the force returned). */
    private long appendUnacknowledgedBlock(LedgerDigest digest) throws IOException {
        Path journalDirectory = directory.resolve("journal");
        try (Journal journal = Journal.open(journalDirectory, JournalOptions.defaults(), -1)) {
            long sequenceNo = journal.nextSequenceNo();
            JournalBlock previous;
            byte[] last = null;
            for (var it = journal.readFrom(sequenceNo - 1); it.hasNext(); ) {
                last = it.next().payload();
            }
            previous = JournalBlock.fromIonBinary(last);
            JournalBlock block = JournalBlock.seal(new BlockAddress(digest.tipAddress().strandId(), sequenceNo),
                    "UnacknowledgedTxn00001", previous.blockTimestamp(), previous.blockHash(),
                    new TransactionInfo(List.of(), Map.of()), List.of());
            journal.append(List.of(block.toIonBinary()));
            return sequenceNo;
        }
    }

    private Path lastSegment() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("journal"))) {
            return files.filter(f -> f.toString().endsWith(".seg")).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    @Test
    void tornUnacknowledgedBlockIsDroppedAtEveryCutOffset() throws IOException {
        LedgerDigest digest = populate();
        Path segment = lastSegment();
        long sizeBefore = Files.size(segment);
        long unacknowledged = appendUnacknowledgedBlock(digest);
        long sizeAfter = Files.size(segment);
        byte[] full = Files.readAllBytes(segment);
        for (long cut = sizeBefore; cut < sizeAfter; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(full, (int) cut));
            try (Ledger ledger = Ledger.open(directory)) {
                assertThat(ledger.digest()).as("cut at %d", cut).isEqualTo(digest);
            }
            // Opening repaired the tail; put the state store back to where it was for the next offset.
            assertThat(Files.size(segment)).isEqualTo(sizeBefore);
        }
        Files.write(segment, full);
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(ledger.digest().tipAddress().sequenceNo()).isEqualTo(unacknowledged);
            ledger.verifyJournal();
        }
    }

    /** Where each block's record lives, read through the journal itself (header + CRC checked). */
    private List<JournalEntry> records() {
        List<JournalEntry> records = new ArrayList<>();
        try (Journal journal = Journal.open(directory.resolve("journal"), JournalOptions.defaults(), -1)) {
            journal.readFrom(0).forEachRemaining(records::add);
        }
        return records;
    }

    /** The segment file holding {@code record}. */
    private Path segmentOf(JournalEntry record) {
        return directory.resolve("journal").resolve(String.format("%020d.seg",
                record.position().segmentFirstSequenceNo()));
    }

    /** Flips one bit in the middle of {@code record}'s payload (the block's Ion bytes, after the 16-byte header). */
    private void flipPayloadByte(JournalEntry record) throws IOException {
        long offset = record.position().offset() + RECORD_HEADER + record.position().length() / 2;
        try (RandomAccessFile file = new RandomAccessFile(segmentOf(record).toFile(), "rw")) {
            file.seek(offset);
            int original = file.read();
            file.seek(offset);
            file.write(original ^ 0x40);
        }
    }

    /** The journal record header: length, CRC32C, sequenceNo (journal.RecordFormat). */
    private static final int RECORD_HEADER = 16;

    private static void assertCorruptionNaming(long sequenceNo, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CORRUPTION);
            assertThat(e.getMessage()).as("names block %d", sequenceNo)
                    .matches("(?s).*sequenceNo " + sequenceNo + "\\b.*");
        });
    }

    /**
     * The last record of a cleanly closed ledger is an acknowledged block: a flipped byte in it is damage, not a torn
     * write. The open refuses, naming the block, and cuts nothing (before, it was truncated and the next commit wrote
     * a different block with the same sequenceNo: a fork for anyone holding the old digest).
     */
    @Test
    void flippedByteInTheLastBlockFailsOpenNamingItAndCutsNothing() throws IOException {
        LedgerDigest digest = populate();
        List<JournalEntry> records = records();
        JournalEntry last = records.get(records.size() - 1);
        Path segment = lastSegment();
        byte[] pristine = Files.readAllBytes(segment);
        flipPayloadByte(last);
        byte[] damaged = Files.readAllBytes(segment);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertCorruptionNaming(last.sequenceNo(), () -> Ledger.open(directory).close());
            assertCorruptionNaming(last.sequenceNo(), () -> Ledger.openReadOnly(directory).close());
            assertThat(Files.readAllBytes(segment)).as("a failed open repairs nothing").isEqualTo(damaged);
        }
        Files.write(segment, pristine);
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(ledger.verifyJournal()).isEqualTo(digest);
            assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.HEALTHY);
        }
    }

    /**
     * Damage to an earlier block (already applied to the state store) takes only that block down: the ledger opens
     * CORRUPTED, serves current state, history, other blocks and their proofs, refuses every write with CORRUPTION
     * naming the damaged block, and answers a read of that block with CORRUPTION naming it.
     */
    @Test
    void flippedByteInAnEarlierBlockLeavesEverythingElseReadableAndRefusesWrites() throws IOException {
        LedgerDigest digest = populate();
        List<JournalEntry> records = records();
        assertThat(records).hasSize((int) digest.tipAddress().sequenceNo() + 1);
        Path segment = lastSegment();
        byte[] pristine = Files.readAllBytes(segment);
        String strand = digest.tipAddress().strandId();
        for (JournalEntry record : records.subList(0, records.size() - 1)) {
            long damagedBlock = record.sequenceNo();
            flipPayloadByte(record);
            try (Ledger ledger = Ledger.open(directory)) {
                LedgerHealth health = ledger.health();
                assertThat(health.state()).isEqualTo(LedgerHealth.State.CORRUPTED);
                assertThat(health.reason().orElseThrow()).matches("(?s).*block " + damagedBlock + "\\b.*");
                assertThat(health.damagedBlocks()).singleElement()
                        .satisfies(d -> assertThat(d.sequenceNo()).isEqualTo(damagedBlock));
                assertThat(ledger.digest()).isEqualTo(digest);
                assertThat(ledger.executeStatement("SELECT VALUE n FROM T")).hasSize(5);
                for (JournalEntry other : records) {
                    BlockAddress address = new BlockAddress(strand, other.sequenceNo());
                    if (other.sequenceNo() == damagedBlock) {
                        assertCorruptionNaming(damagedBlock, () -> ledger.readBlock(address));
                        assertCorruptionNaming(damagedBlock, () -> ledger.block(address, digest.tipAddress()));
                    } else {
                        BlockProof proof = ledger.block(address, digest.tipAddress());
                        io.vellum.proof.verify.Verifier.verifyBlock(proof.block(), proof.proof(), digest);
                    }
                }
                assertThat(ledger.executeStatement("SELECT * FROM history(T)")).hasSize(5);
                List<com.amazon.ion.IonValue> committed = ledger.executeStatement(
                        "SELECT r.metadata.id AS id, r.blockAddress.sequenceNo AS s FROM _ql_committed_T AS r");
                assertThat(committed).hasSize(5);
                for (com.amazon.ion.IonValue row : committed) {
                    com.amazon.ion.IonStruct fields = (com.amazon.ion.IonStruct) row;
                    String documentId = ((com.amazon.ion.IonText) fields.get("id")).stringValue();
                    long block = ((com.amazon.ion.IonInt) fields.get("s")).longValue();
                    BlockAddress address = new BlockAddress(strand, block);
                    if (block == damagedBlock) {
                        assertCorruptionNaming(damagedBlock,
                                () -> ledger.revision(address, documentId, digest.tipAddress()));
                    } else {
                        RevisionProof proof = ledger.revision(address, documentId, digest.tipAddress());
                        io.vellum.proof.verify.Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
                    }
                }
                assertCorruptionNaming(damagedBlock, () -> ledger.executeStatement("INSERT INTO T VALUE {'n': 99}"));
                assertCorruptionNaming(damagedBlock, () -> ledger.executeStatement("CREATE TABLE U"));
                assertCorruptionNaming(damagedBlock, ledger::verifyJournal);
            }
            assertThat(Files.readAllBytes(segment)).as("nothing cut").hasSameSizeAs(pristine);
            Files.write(segment, pristine);
        }
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(ledger.verifyJournal()).isEqualTo(digest);
        }
    }

    /**
     * The reviewed defect: with the server killed (its state store behind the journal), a flipped byte in the last,
     * acknowledged record was cut as a torn tail, and the next commit wrote a different block with its sequenceNo.
     * Now the open refuses, naming the block, segment and offset, and the bytes stay.
     */
    @Test
    void flippedByteInALastBlockTheStateStoreHasNotAppliedFailsOpenInsteadOfForking() throws IOException {
        LedgerDigest digest = populate();
        long written = appendUnacknowledgedBlock(digest); // complete and forced: as if acknowledged, then killed
        List<JournalEntry> records = records();
        JournalEntry last = records.get(records.size() - 1);
        assertThat(last.sequenceNo()).isEqualTo(written);
        Path segment = lastSegment();
        byte[] pristine = Files.readAllBytes(segment);
        flipPayloadByte(last);
        byte[] damaged = Files.readAllBytes(segment);
        assertThatThrownBy(() -> Ledger.open(directory).close()).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
            assertThat(e.getMessage()).contains("sequenceNo " + written).contains("byte offset "
                    + last.position().offset()).contains(segment.getFileName().toString())
                    .doesNotContain(directory.toString());
        });
        assertThat(Files.readAllBytes(segment)).as("nothing cut").isEqualTo(damaged);
        Files.write(segment, pristine);
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(ledger.digest().tipAddress().sequenceNo()).isEqualTo(written);
        }
    }

    /** A record whose CRC holds but whose bytes are no block is damage too: CORRUPTION naming the block, not a parse error. */
    @Test
    void anUndecodableBlockWithAValidChecksumFailsOpenNamingIt() throws IOException {
        LedgerDigest digest = populate();
        long sequenceNo = digest.tipAddress().sequenceNo() + 1;
        try (Journal journal = Journal.open(directory.resolve("journal"), JournalOptions.defaults(), -1)) {
            journal.append(List.of(new byte[] {(byte) 0xE0, 1, 0, (byte) 0xEA, 0x7F}));
        }
        assertCorruptionNaming(sequenceNo, () -> Ledger.open(directory).close());
        assertCorruptionNaming(sequenceNo, () -> Ledger.openReadOnly(directory).close());
    }

    /** A read-only open never changes the journal, not even a torn tail; the read-write open then quarantines it. */
    @Test
    void readOnlyOpenLeavesATornTailThatTheNextWritableOpenQuarantines() throws IOException {
        LedgerDigest digest = populate();
        Path segment = lastSegment();
        long sizeBefore = Files.size(segment);
        appendUnacknowledgedBlock(digest);
        byte[] full = Files.readAllBytes(segment);
        byte[] torn = java.util.Arrays.copyOf(full, (int) sizeBefore + 9);
        Files.write(segment, torn);
        try (Ledger ledger = Ledger.openReadOnly(directory)) {
            assertThat(ledger.digest()).isEqualTo(digest);
            assertThat(ledger.health().tailCut().orElseThrow().cut()).isFalse();
            assertThat(ledger.executeStatement("SELECT VALUE n FROM T")).hasSize(5);
            assertThatThrownBy(() -> ledger.executeStatement("INSERT INTO T VALUE {'n': 99}"))
                    .isInstanceOfSatisfying(LedgerException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
            ledger.verifyJournal();
        }
        assertThat(Files.readAllBytes(segment)).isEqualTo(torn);
        try (Ledger ledger = Ledger.open(directory)) {
            LedgerHealth.TailCut cut = ledger.health().tailCut().orElseThrow();
            assertThat(cut.cut()).isTrue();
            assertThat(cut.firstSequenceNo()).isEqualTo(digest.tipAddress().sequenceNo() + 1);
            assertThat(Files.readAllBytes(cut.quarantineFile()))
                    .isEqualTo(java.util.Arrays.copyOfRange(torn, (int) sizeBefore, torn.length));
            assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.HEALTHY);
        }
        assertThat(Files.size(segment)).isEqualTo(sizeBefore);
        assertThatThrownBy(() -> Ledger.openReadOnly(directory.resolve("nothing-here")))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(directory.resolve("nothing-here")).doesNotExist();
    }

    /**
     * Open scans only the last journal segment (reopen time must not grow with the journal), so damage in an earlier
     * segment is found by the scrub that open starts in the background (the ledger then refuses transactions), by
     * the full verify, and by any read of the damaged block, each naming it; never silently.
     */
    @Test
    void flippedByteInAnEarlierSegmentStopsTheLedgerAndFailsTheFullVerifyAndReadsNamingTheBlock()
            throws IOException, InterruptedException {
        LedgerDigest digest;
        LedgerOptions smallSegments = LedgerOptions.defaults().withJournalSegmentSize(36); // the minimum: one block per segment
        try (Ledger ledger = Ledger.open(directory, smallSegments)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            for (int i = 0; i < 5; i++) {
                int n = i;
                ledger.execute(tx -> tx.execute("INSERT INTO T VALUE {'n': ?}",
                        IonSystemBuilder.standard().build().newInt(n)));
            }
            digest = ledger.digest();
        }
        List<JournalEntry> records = records();
        assertThat(records.stream().map(r -> r.position().segmentFirstSequenceNo()).distinct())
                .as("one block per segment").hasSize(records.size());
        JournalEntry damaged = records.get(3);
        flipPayloadByte(damaged);
        try (Ledger ledger = Ledger.open(directory, smallSegments)) {
            awaitScrubFailure(ledger, 3);
            assertCorruptionNaming(3, ledger::verifyJournal);
            assertCorruptionNaming(3, () -> ledger.readBlock(new BlockAddress(digest.tipAddress().strandId(), 3)));
            assertCorruptionNaming(3, () -> ledger.block(new BlockAddress(digest.tipAddress().strandId(), 3),
                    digest.tipAddress()));
            // Blocks elsewhere still serve, and the digest (from stored Merkle nodes) is unchanged.
            assertThat(ledger.digest()).isEqualTo(digest);
            ledger.readBlock(new BlockAddress(digest.tipAddress().strandId(), 4));
        }
    }

    /** The background scrub is done within the bound (it reads a few hundred bytes here); then writes fail. */
    private static void awaitScrubFailure(Ledger ledger, long sequenceNo) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (ledger.health().state() == LedgerHealth.State.CORRUPTED) {
                assertCorruptionNaming(sequenceNo, () -> ledger.executeStatement("INSERT INTO T VALUE {'n': 7}"));
                assertThat(ledger.executeStatement("SELECT VALUE n FROM T")).as("reads still work").hasSize(5);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the scrub did not stop the ledger within 60 s");
    }
}
