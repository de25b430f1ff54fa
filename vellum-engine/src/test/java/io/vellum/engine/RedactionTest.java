package io.vellum.engine;

import io.vellum.proof.verify.RevisionProof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.journal.JournalFaults;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.proof.verify.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code EXEC redact_revision}: QLDB's rules, the answer, hashes and proofs kept, and the bytes really gone. */
class RedactionTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String MARKER = "ERASE-ME-7f3c9a1e";

    @TempDir
    Path directory;

    /** A document with a unique marker in version 0, updated once (so version 0 may be redacted). */
    private record Fixture(String tableId, String documentId, IonStruct address, IonStruct data) {
    }

    private static Fixture fixture(Ledger ledger) {
        String tableId = text(ledger.execute(tx -> tx.execute("CREATE TABLE People")).get(0), "tableId");
        IonStruct data = (IonStruct) ION.singleValue("{name:\"" + MARKER + "\",n:1}");
        String documentId = text(ledger.execute(tx -> tx.execute("INSERT INTO People ?", data)).get(0),
                "documentId");
        ledger.execute(tx -> tx.execute("UPDATE People AS p SET p.name = 'someone', p.n = 2"));
        IonStruct first = history(ledger, documentId).get(0);
        // On disk (a blob file), as after any while of running: the purge must reach files, not just memtables.
        ledger.core().store().flush();
        return new Fixture(tableId, documentId, (IonStruct) first.get("blockAddress").clone(), data);
    }

    private static List<IonStruct> history(Ledger ledger, String documentId) {
        List<IonStruct> rows = new ArrayList<>();
        for (IonValue row : ledger.execute(tx -> tx.execute("SELECT * FROM history(People) AS h WHERE h.metadata.id = ?",
                ION.newString(documentId)))) {
            rows.add((IonStruct) row);
        }
        return rows;
    }

    private static List<IonValue> redact(Ledger ledger, IonValue address, String tableId, String documentId) {
        return ledger.execute(tx -> tx.execute("EXEC redact_revision ?, ?, ?", address, ION.newString(tableId),
                ION.newString(documentId)));
    }

    private static String text(IonValue struct, String field) {
        return ((IonString) ((IonStruct) struct).get(field)).stringValue();
    }

    private static BlockAddress addressOf(IonStruct address) {
        return new BlockAddress(((IonString) address.get("strandId")).stringValue(),
                ((IonInt) address.get("sequenceNo")).longValue());
    }

    @Test
    void redactsAnEarlierRevisionKeepingItsHashAndAnsweringAsQldb() {
        try (Ledger ledger = Ledger.open(directory)) {
            Fixture f = fixture(ledger);
            Hash hashBefore = Hash.of(((com.amazon.ion.IonBlob) history(ledger, f.documentId()).get(0).get("hash"))
                    .getBytes());
            LedgerDigest digestBefore = ledger.digest();

            List<IonValue> answer = redact(ledger, f.address(), f.tableId(), f.documentId());

            assertThat(answer).hasSize(1);
            assertThat(answer.get(0)).isEqualTo(ION.singleValue("{blockAddress:" + f.address() + ",tableId:\""
                    + f.tableId() + "\",documentId:\"" + f.documentId() + "\",version:0}"));
            IonStruct redacted = history(ledger, f.documentId()).get(0);
            assertThat(redacted.containsKey("data")).isFalse();
            assertThat(Hash.of(((com.amazon.ion.IonBlob) redacted.get("dataHash")).getBytes()))
                    .isEqualTo(IonHash.of(f.data()));
            Revision revision = Revision.fromIon(redacted);
            revision.verifyHash();
            assertThat(revision.hash()).isEqualTo(hashBefore);
            // The user view still shows the latest revision.
            List<IonValue> names = ledger.execute(tx -> tx.execute("SELECT VALUE p.name FROM People AS p"));
            assertThat(names).containsExactly(ION.newString("someone"));

            // The journal block of the redacted revision: same block hash, revision with dataHash, proof verifies.
            BlockAddress address = addressOf(f.address());
            JournalBlock block = ledger.readBlock(address);
            block.verify();
            LedgerDigest digest = ledger.digest();
            assertThat(digest.tipAddress().sequenceNo()).isGreaterThan(digestBefore.tipAddress().sequenceNo());
            RevisionProof proof = ledger.revision(address, f.documentId(), digest.tipAddress());
            assertThat(proof.revision().isRedacted()).isTrue();
            assertThat(proof.revision().dataHash()).isEqualTo(IonHash.of(f.data()));
            proof.verify(digest);
            // Old digests stay valid: the ledger at the old tip still has the old root.
            assertThat(ledger.digest(digestBefore.tipAddress())).isEqualTo(digestBefore);
            ledger.verifyJournal();
        }
        assertMarkerGone();
        try (Ledger reopened = Ledger.open(directory)) {
            assertThat(history(reopened, documentIdOf(reopened)).get(0).containsKey("dataHash")).isTrue();
            reopened.verifyJournal();
        }
    }

    private static String documentIdOf(Ledger ledger) {
        return text(ledger.execute(tx -> tx.execute("SELECT id FROM People AS p BY id")).get(0), "id");
    }

    @Test
    void theRedactionBlockCarriesRedactionInfo() {
        try (Ledger ledger = Ledger.open(directory)) {
            Fixture f = fixture(ledger);
            redact(ledger, f.address(), f.tableId(), f.documentId());
            JournalBlock redaction = ledger.readBlock(ledger.digest().tipAddress());
            redaction.verify();
            assertThat(redaction.redactionInfo()).isEqualTo(ION.singleValue("{revisions:[{blockAddress:"
                    + f.address() + ",tableId:\"" + f.tableId() + "\",documentId:\"" + f.documentId()
                    + "\",version:0}]}"));
            assertThat(redaction.transactionInfo().statements().get(0).statement())
                    .isEqualTo("EXEC redact_revision ?, ?, ?");
        }
    }

    @Test
    void refusesWhatQldbRefuses() {
        try (Ledger ledger = Ledger.open(directory)) {
            Fixture f = fixture(ledger);
            IonStruct latest = (IonStruct) history(ledger, f.documentId()).get(1).get("blockAddress").clone();
            assertFails(ErrorCode.INVALID_REQUEST, "is the document's latest revision",
                    () -> redact(ledger, latest, f.tableId(), f.documentId()));
            assertFails(ErrorCode.NOT_FOUND, "no table has the id \"nosuchtable00000000000\"",
                    () -> redact(ledger, f.address(), "nosuchtable00000000000", f.documentId()));
            assertFails(ErrorCode.NOT_FOUND, "has no document with the id \"nosuchdocument00000000\"",
                    () -> redact(ledger, f.address(), f.tableId(), "nosuchdocument00000000"));
            assertFails(ErrorCode.NOT_FOUND, "has no revision in block",
                    () -> redact(ledger, ION.singleValue("{strandId:\"" + ledger.strandId() + "\",sequenceNo:0}"),
                            f.tableId(), f.documentId()));
            assertFails(ErrorCode.INVALID_REQUEST, "is not this ledger's strand",
                    () -> redact(ledger, ION.singleValue("{strandId:\"otherStrand00000000000\",sequenceNo:2}"),
                            f.tableId(), f.documentId()));
            assertFails(ErrorCode.INVALID_REQUEST, "is not a committed block",
                    () -> redact(ledger, ION.singleValue("{strandId:\"" + ledger.strandId() + "\",sequenceNo:999}"),
                            f.tableId(), f.documentId()));
            assertFails(ErrorCode.INVALID_REQUEST, "must be an Ion struct {strandId: <string>, sequenceNo: <int>}",
                    () -> redact(ledger, ION.newString("block 2"), f.tableId(), f.documentId()));
            assertFails(ErrorCode.INVALID_REQUEST, "the table id (argument 2) must be a string",
                    () -> ledger.execute(tx -> tx.execute("EXEC redact_revision ?, ?, ?", f.address(), ION.newInt(1),
                            ION.newString(f.documentId()))));
            assertFails(ErrorCode.INVALID_REQUEST, "takes 3 arguments",
                    () -> ledger.execute(tx -> tx.execute("EXEC redact_revision 'x', 'y'")));

            // At most one redaction per transaction (QLDB's limit): a second one in the same transaction fails.
            String second = text(ledger.execute(tx -> tx.execute("INSERT INTO People {'name': 'b'}")).get(0),
                    "documentId");
            ledger.execute(tx -> tx.execute("UPDATE People AS p BY id SET p.n = 3 WHERE id = ?", ION.newString(second)));
            IonStruct secondAddress = (IonStruct) history(ledger, second).get(0).get("blockAddress").clone();
            assertFails(ErrorCode.INVALID_REQUEST, "a transaction can redact at most one revision",
                    () -> ledger.execute(tx -> {
                        tx.execute("EXEC redact_revision ?, ?, ?", f.address(), ION.newString(f.tableId()),
                                ION.newString(f.documentId()));
                        return tx.execute("EXEC redact_revision ?, ?, ?", secondAddress, ION.newString(f.tableId()),
                                ION.newString(second));
                    }));

            redact(ledger, f.address(), f.tableId(), f.documentId());
            assertFails(ErrorCode.INVALID_REQUEST, "is redacted already",
                    () -> redact(ledger, f.address(), f.tableId(), f.documentId()));

            // A delete has no data: the revision before it may be redacted, the delete itself not (it is latest).
            ledger.execute(tx -> tx.execute("DELETE FROM People AS p BY id WHERE id = ?", ION.newString(second)));
            redact(ledger, (IonStruct) history(ledger, second).get(1).get("blockAddress").clone(), f.tableId(),
                    second);
            assertThat(history(ledger, second).get(1).containsKey("dataHash")).isTrue();
            ledger.verifyJournal();
        }
    }

    private static void assertFails(ErrorCode code, String messagePart,
                                    org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(LedgerException.class)
                .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }

    @Test
    void aReadOnlyLedgerRefusesItAsAnyWrite() {
        Fixture f;
        try (Ledger ledger = Ledger.open(directory)) {
            f = fixture(ledger);
        }
        try (Ledger readOnly = Ledger.openReadOnly(directory)) {
            assertFails(ErrorCode.INVALID_REQUEST, "read-only",
                    () -> redact(readOnly, f.address(), f.tableId(), f.documentId()));
            assertThat(history(readOnly, f.documentId()).get(0).containsKey("data")).isTrue();
        }
    }

    /**
     * Cluster mode's engine half: a writer committing through another log than its own journal redacts, a follower
     * applying the redaction block erases the data from its own journal record and store, and a node rebuilding
     * later (which reads the old block in its redacted form, as a compacted topic holds it) ends with the same
     * journal; the marker is in no file of any of the three.
     */
    @Test
    void aReplicatedWriterAndItsFollowersEraseTheDataAlike() {
        try (Ledger writer = Ledger.open(directory.resolve("writer"))) {
            Fixture f = fixture(writer);
            io.vellum.engine.internal.commit.LedgerReplica replica = writer.replica();
            io.vellum.engine.internal.commit.BlockLog local = replica.localLog();
            // The seam cluster mode's writer commits through (vellum-cluster puts Kafka behind it).
            replica.becomeWriter(local::append);
            long before = writer.digest().tipAddress().sequenceNo();
            try (Ledger follower = follower(writer, "follower")) {
                follower.replica().apply(payloads(writer, 1, before));
                assertThat(history(follower, f.documentId()).get(0).get("data")).isEqualTo(f.data());

                redact(writer, f.address(), f.tableId(), f.documentId());
                long tip = writer.digest().tipAddress().sequenceNo();
                assertThat(follower.replica().apply(payloads(writer, before + 1, tip))).isEqualTo(tip);

                try (Ledger rebuilt = follower(writer, "rebuilt")) {
                    // Block 1.. as the writer holds them now: the redacted revision's block without its data.
                    rebuilt.replica().apply(payloads(writer, 1, tip));
                    for (Ledger node : List.of(follower, rebuilt)) {
                        assertThat(node.digest()).isEqualTo(writer.digest());
                        IonStruct redacted = history(node, f.documentId()).get(0);
                        assertThat(redacted.containsKey("data")).isFalse();
                        assertThat(Hash.of(((com.amazon.ion.IonBlob) redacted.get("dataHash")).getBytes()))
                                .isEqualTo(IonHash.of(f.data()));
                        List<IonValue> names = node.execute(tx -> tx.execute("SELECT VALUE p.name FROM People AS p"));
                        assertThat(names).containsExactly(ION.newString("someone"));
                        for (long sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
                            assertThat(node.replica().blockPayload(sequenceNo)).as("block %d", sequenceNo)
                                    .isEqualTo(writer.replica().blockPayload(sequenceNo));
                        }
                        LedgerDigest nodeDigest = node.digest();
                        RevisionProof proof = node.revision(addressOf(f.address()), f.documentId(),
                                nodeDigest.tipAddress());
                        proof.verify(nodeDigest);
                        assertThat(node.verifyJournal()).isEqualTo(writer.digest());
                    }
                }
            }
        }
        assertMarkerGone();
    }

    private Ledger follower(Ledger writer, String name) {
        Path followerDirectory = directory.resolve(name);
        assertThat(io.vellum.engine.internal.commit.LedgerReplica.seedGenesis(followerDirectory,
                writer.replica().blockPayload(0), LedgerOptions.defaults())).isTrue();
        Ledger follower = Ledger.open(followerDirectory);
        follower.replica().becomeFollower("ledger test is replicated from writer node 1; this node is a follower");
        return follower;
    }

    private static List<byte[]> payloads(Ledger ledger, long from, long to) {
        List<byte[]> payloads = new ArrayList<>();
        for (long sequenceNo = from; sequenceNo <= to; sequenceNo++) {
            payloads.add(ledger.replica().blockPayload(sequenceNo));
        }
        return payloads;
    }

    @Test
    void aSmallDocumentIsRedactedInPlaceToo() {
        // Its data is shorter than the 32-byte dataHash that replaces it: the record must still fit in place.
        try (Ledger ledger = Ledger.open(directory)) {
            String tableId = text(ledger.execute(tx -> tx.execute("CREATE TABLE People")).get(0), "tableId");
            String documentId = text(ledger.execute(tx -> tx.execute("INSERT INTO People {}")).get(0), "documentId");
            ledger.execute(tx -> tx.execute("UPDATE People AS p SET p.n = 1"));
            IonStruct address = (IonStruct) history(ledger, documentId).get(0).get("blockAddress").clone();
            redact(ledger, address, tableId, documentId);
            LedgerDigest digest = ledger.digest();
            RevisionProof proof = ledger.revision(addressOf(address), documentId, digest.tipAddress());
            assertThat(proof.revision().dataHash()).isEqualTo(IonHash.of(ION.newEmptyStruct()));
            proof.verify(digest);
            ledger.verifyJournal();
        }
    }

    /** A crash at each step of the journal rewrite: reopening finishes it, the journal verifies, the data is gone. */
    @ParameterizedTest
    @ValueSource(strings = {"REDO_WRITTEN", "HALF_WRITTEN", "RECORD_WRITTEN"})
    void aCrashDuringTheJournalRewriteIsFinishedOnOpen(String step) {
        Fixture f;
        LedgerDigest digest;
        try (Ledger ledger = Ledger.open(directory)) {
            f = fixture(ledger);
            JournalFaults.stopRewritesAt(ledger.core().journal(), step);
            redact(ledger, f.address(), f.tableId(), f.documentId()); // committed; the rewrite stopped
            digest = ledger.digest();
        }
        try (Ledger reopened = Ledger.open(directory)) {
            assertThat(reopened.verifyJournal()).isEqualTo(digest);
            RevisionProof proof = reopened.revision(addressOf(f.address()), f.documentId(), digest.tipAddress());
            assertThat(proof.revision().isRedacted()).isTrue();
            Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
            assertThat(history(reopened, f.documentId()).get(0).containsKey("data")).isFalse();
        }
        assertMarkerGone();
    }

    @Test
    void exportsAfterARedactionCarryDataHashAndImportBackTheSame() throws IOException {
        Path ledgerDirectory = directory.resolve("ledger");
        Path exportDirectory = directory.resolve("export");
        Fixture f;
        LedgerDigest digest;
        try (Ledger ledger = Ledger.open(ledgerDirectory)) {
            f = fixture(ledger);
            redact(ledger, f.address(), f.tableId(), f.documentId());
            digest = ledger.digest();
            io.vellum.engine.export.JournalExporter.export(ledger, exportDirectory,
                    new io.vellum.engine.export.ExportRequest("source", "Export0000000000000001",
                            java.time.Instant.parse("2000-01-01T00:00:00Z"),
                            java.time.Instant.parse("2200-01-01T00:00:00Z"), "journal/", "local",
                            io.vellum.engine.export.ExportFormat.ION_TEXT));
        }
        StringBuilder exported = new StringBuilder();
        try (Stream<Path> files = Files.walk(exportDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                exported.append(Files.readString(file));
            }
        }
        assertThat(exported.toString()).doesNotContain(MARKER).contains("dataHash:");
        io.vellum.engine.export.ExportReader reader = io.vellum.engine.export.ExportReader.open(exportDirectory, null);
        try (Ledger imported = io.vellum.engine.export.JournalImporter.importExport(reader, digest,
                directory.resolve("imported"), LedgerOptions.defaults())) {
            assertThat(imported.digest()).isEqualTo(digest);
            List<IonStruct> rows = history(imported, f.documentId());
            assertThat(rows.get(0).containsKey("data")).isFalse();
            assertThat(Hash.of(((com.amazon.ion.IonBlob) rows.get(0).get("dataHash")).getBytes()))
                    .isEqualTo(IonHash.of(f.data()));
            List<IonValue> names = imported.execute(tx -> tx.execute("SELECT VALUE p.name FROM People AS p"));
            assertThat(names).containsExactly(ION.newString("someone"));
            RevisionProof proof = imported.revision(addressOf(f.address()), f.documentId(), digest.tipAddress());
            Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
            // The imported redaction block is applied like a committed one: nothing left to redact, no error.
            imported.verifyJournal();
        }
    }

    private void assertMarkerGone() {
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), marker) >= 0) {
                    holding.add(directory.relativize(file));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(holding).as("files still holding the redacted marker").isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
