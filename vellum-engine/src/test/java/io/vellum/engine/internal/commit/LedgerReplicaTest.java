package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.engine.internal.commit.LedgerReplica.Role;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.TransactionInfo;
import io.vellum.proof.hash.VerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's replication seam: the block log the committer appends to, the follower path, and roles. */
class LedgerReplicaTest {
    private static final LedgerOptions OPTIONS = LedgerOptions.defaults();

    @TempDir
    Path directory;

    /** A writer with a table, an index and three documents: blocks 0..5. */
    private Ledger writerWithBlocks() {
        Ledger writer = Ledger.open(directory.resolve("writer"), OPTIONS);
        writer.executeStatement("CREATE TABLE Accounts");
        writer.executeStatement("CREATE INDEX ON Accounts (owner)");
        for (String owner : List.of("alice", "bob", "carol")) {
            writer.executeStatement("INSERT INTO Accounts VALUE {'owner': '" + owner + "', 'balance': 10}");
        }
        return writer;
    }

    private static List<byte[]> payloads(Ledger ledger, long from, long to) {
        List<byte[]> payloads = new ArrayList<>();
        for (long sequenceNo = from; sequenceNo <= to; sequenceNo++) {
            payloads.add(ledger.replica().blockPayload(sequenceNo));
        }
        return payloads;
    }

    /** A follower holding the writer's block 0 only. */
    private Ledger follower(Ledger writer) {
        Path followerDirectory = directory.resolve("follower");
        assertThat(LedgerReplica.isEmpty(followerDirectory)).isTrue();
        assertThat(LedgerReplica.seedGenesis(followerDirectory, writer.replica().blockPayload(0), OPTIONS)).isTrue();
        Ledger follower = Ledger.open(followerDirectory, OPTIONS);
        follower.replica().becomeFollower("ledger test is replicated from writer node 1; this node is a follower");
        return follower;
    }

    /** {@code payload} with the last occurrence of {@code from} (in revisions, after the statements) replaced. */
    private static byte[] replaceOnce(byte[] payload, byte[] from, byte[] to) {
        for (int i = payload.length - from.length; i >= 0; i--) {
            if (Arrays.equals(payload, i, i + from.length, from, 0, from.length)) {
                byte[] altered = payload.clone();
                System.arraycopy(to, 0, altered, i, to.length);
                return altered;
            }
        }
        throw new AssertionError("pattern not in payload");
    }

    @Test
    void aLedgerIsAWriterOnItsLocalJournalByDefault() {
        try (Ledger ledger = writerWithBlocks()) {
            assertThat(ledger.replica().role()).isEqualTo(Role.WRITER);
            assertThat(ledger.replica().tipSequenceNo()).isEqualTo(5);
            assertThat(ledger.replica().tipBlockHash()).isEqualTo(
                    ledger.readBlock(new BlockAddress(ledger.strandId(), 5)).blockHash());
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
        }
    }

    @Test
    void theFollowerPathAppliesVerifiedBlocksByteForByteAndTheyAreReadable() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            assertThat(follower.strandId()).isEqualTo(writer.strandId());
            assertThat(follower.replica().apply(payloads(writer, 1, 3))).isEqualTo(3);
            assertThat(follower.replica().apply(payloads(writer, 4, 5))).isEqualTo(5);

            assertThat(follower.digest()).isEqualTo(writer.digest());
            for (long sequenceNo = 0; sequenceNo <= 5; sequenceNo++) {
                assertThat(follower.replica().blockPayload(sequenceNo))
                        .isEqualTo(writer.replica().blockPayload(sequenceNo));
            }
            List<IonValue> rows = follower.executeStatement("SELECT VALUE a.balance FROM Accounts AS a "
                    + "WHERE a.owner = 'bob'");
            assertThat(rows).hasSize(1);
            assertThat(follower.verifyJournal()).isEqualTo(writer.digest());
        }
    }

    @Test
    void aFollowerRefusesWritesWithARetryableErrorAndServesReads() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            follower.replica().apply(payloads(writer, 1, 5));
            assertThat(follower.replica().role()).isEqualTo(Role.FOLLOWER);
            assertThatThrownBy(() -> follower.executeStatement(
                    "INSERT INTO Accounts VALUE {'owner': 'dave', 'balance': 1}"))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("this node is a follower")
                    .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .satisfies(e -> assertThat(((LedgerException) e).retryable()).isTrue());
            assertThat(follower.executeStatement("SELECT * FROM Accounts")).hasSize(3);
            assertThat(follower.replica().tipSequenceNo()).isEqualTo(5);
        }
    }

    @Test
    void aBlockOutOfSequenceIsRefusedAndNothingIsApplied() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            assertThatThrownBy(() -> follower.replica().apply(payloads(writer, 2, 2)))
                    .isInstanceOf(VerificationException.class)
                    .hasMessageContaining("replicated block 2")
                    .hasMessageContaining("expected 1 but computed 2");
            assertThat(follower.replica().tipSequenceNo()).isZero();
            assertThat(follower.digest().tipAddress().sequenceNo()).isZero();
        }
    }

    @Test
    void aBlockNotChainedToTheLocalTipIsRefused() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            Hash wrongPrevious = writer.readBlock(new BlockAddress(writer.strandId(), 3)).blockHash();
            JournalBlock forged = JournalBlock.seal(new BlockAddress(writer.strandId(), 1), "forgedTransaction1234",
                    Timestamp.forMillis(1_000, 0), wrongPrevious,
                    new TransactionInfo(List.of(), Map.of()), List.of());
            assertThatThrownBy(() -> follower.replica().apply(List.of(forged.toIonBinary())))
                    .isInstanceOf(VerificationException.class)
                    .hasMessageContaining("replicated block 1")
                    .hasMessageContaining("previousBlockHash must be the hash of the local tip block 0")
                    .hasMessageContaining("computed " + wrongPrevious);
            assertThat(follower.replica().tipSequenceNo()).isZero();
        }
    }

    @Test
    void alteredRevisionDataIsRefusedAfterTheValidPrefixIsApplied() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            List<byte[]> payloads = payloads(writer, 1, 5);
            byte[] bob = "bob".getBytes(StandardCharsets.UTF_8);
            payloads.set(3, replaceOnce(payloads.get(3), bob, "bib".getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> follower.replica().apply(payloads))
                    .isInstanceOf(VerificationException.class)
                    .hasMessageContaining("block {strandId:\"" + writer.strandId() + "\",sequenceNo:4} rule 3")
                    .hasMessageContaining("expected ");
            assertThat(follower.replica().tipSequenceNo()).isEqualTo(3);
            assertThat(follower.executeStatement("SELECT * FROM Accounts")).hasSize(1);
            // The good block still applies once it arrives.
            assertThat(follower.replica().apply(payloads(writer, 4, 5))).isEqualTo(5);
            assertThat(follower.digest()).isEqualTo(writer.digest());
        }
    }

    @Test
    void aCorrectlyHashedBlockWhoseRevisionHasNoTableIsRefusedBeforeItIsJournaled() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            BlockAddress address = new BlockAddress(writer.strandId(), 1);
            IonSystem ion = IonSystemBuilder.standard().build();
            IonStruct data = ion.newEmptyStruct();
            data.add("owner", ion.newString("mallory"));
            Revision orphan = Revision.create(address, data, new RevisionMetadata("orphanDocument12345678", 0,
                    Timestamp.forMillis(1_000, 0), "forgedTransaction1234"));
            JournalBlock forged = JournalBlock.seal(address, "forgedTransaction1234", Timestamp.forMillis(1_000, 0),
                    writer.readBlock(new BlockAddress(writer.strandId(), 0)).blockHash(),
                    new TransactionInfo(List.of(), Map.of()), List.of(orphan));
            forged.verify(); // every hash is right: only the missing table gives it away
            assertThatThrownBy(() -> follower.replica().apply(List.of(forged.toIonBinary())))
                    .isInstanceOf(VerificationException.class)
                    .hasMessageContaining("revision of document orphanDocument12345678 must be listed in "
                            + "transactionInfo.documents");
            assertThat(follower.replica().tipSequenceNo()).isZero();
            assertThat(follower.replica().failure()).isNull();
            assertThat(follower.replica().apply(payloads(writer, 1, 5))).isEqualTo(5);
        }
    }

    /**
     * Every check of the follower's verification, at once: each single-bit change anywhere in a replicated block is
     * refused, unless the block decodes to the same block but for its timestamp, the one part no hash covers. A
     * verification that skipped a hash (transactionInfo's, a revision's, the entries', the block's) or parsed one
     * value and hashed another would accept a change elsewhere.
     */
    @Test
    void everySingleBitChangeOfAReplicatedBlockIsRefusedUnlessOnlyItsUnhashedTimestampChanged() {
        try (Ledger writer = writerWithBlocks()) {
            for (long sequenceNo = 3; sequenceNo <= 5; sequenceNo++) {
                refusesEverySingleBitChangeButOfTheTimestamp(writer, sequenceNo);
            }
        }
    }

    private static void refusesEverySingleBitChangeButOfTheTimestamp(Ledger writer, long sequenceNo) {
        Hash previousHash = writer.readBlock(new BlockAddress(writer.strandId(), sequenceNo - 1)).blockHash();
        byte[] payload = writer.replica().blockPayload(sequenceNo);
        JournalBlock original = ReplicatedBlockVerifier.verify(payload, writer.strandId(), sequenceNo - 1,
                previousHash);
        int refused = 0;
        int timestampOnly = 0;
        for (int i = 0; i < payload.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] altered = payload.clone();
                altered[i] ^= (byte) bit;
                JournalBlock accepted;
                try {
                    accepted = ReplicatedBlockVerifier.verify(altered, writer.strandId(), sequenceNo - 1,
                            previousHash);
                } catch (LedgerException e) {
                    assertThat(e.code()).isIn(ErrorCode.VERIFICATION_FAILED, ErrorCode.CORRUPTION);
                    refused++;
                    continue;
                }
                JournalBlock withOriginalTimestamp = new JournalBlock(accepted.blockAddress(),
                        accepted.transactionId(), original.blockTimestamp(), accepted.blockHash(),
                        accepted.entriesHash(), accepted.previousBlockHash(), accepted.entriesHashList(),
                        accepted.transactionInfo(), accepted.redactionInfo(), accepted.revisions());
                assertThat(withOriginalTimestamp).as("block accepted with byte %d ^ %d", i, bit)
                        .isEqualTo(original);
                timestampOnly++;
            }
        }
        assertThat(refused + timestampOnly).isEqualTo(2 * payload.length);
        assertThat(timestampOnly).isLessThan(20);
    }

    @Test
    void alteredEntriesAreRefused() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            follower.replica().apply(payloads(writer, 1, 2));
            JournalBlock block = writer.readBlock(new BlockAddress(writer.strandId(), 3));
            byte[] entries = block.entriesHash().toByteArray();
            byte[] altered = entries.clone();
            altered[7] ^= 1;
            byte[] payload = replaceOnce(writer.replica().blockPayload(3), entries, altered);
            assertThatThrownBy(() -> follower.replica().apply(List.of(payload)))
                    .isInstanceOf(VerificationException.class)
                    .hasMessageContaining("sequenceNo:3} rule 4: entriesHash must be merkleRoot(entriesHashList)");
            assertThat(follower.replica().tipSequenceNo()).isEqualTo(2);
        }
    }

    @Test
    void aFollowerBecomesAWriterAtItsTipAndOlderTransactionsConflict() {
        try (Ledger writer = writerWithBlocks(); Ledger follower = follower(writer)) {
            follower.replica().apply(payloads(writer, 1, 4));
            Transaction stale = follower.begin();
            stale.execute("SELECT * FROM Accounts AS a WHERE a.owner = 'alice'");
            follower.replica().apply(payloads(writer, 5, 5));
            follower.replica().becomeWriter(follower.replica().localLog());
            assertThat(follower.replica().role()).isEqualTo(Role.WRITER);

            stale.execute("INSERT INTO Accounts VALUE {'owner': 'erin', 'balance': 1}");
            assertThatThrownBy(stale::commit).isInstanceOf(LedgerException.class)
                    .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.OCC_CONFLICT));

            follower.executeStatement("INSERT INTO Accounts VALUE {'owner': 'dave', 'balance': 1}");
            JournalBlock sixth = follower.readBlock(new BlockAddress(follower.strandId(), 6));
            assertThat(sixth.previousBlockHash()).isEqualTo(
                    writer.readBlock(new BlockAddress(writer.strandId(), 5)).blockHash());
            assertThat(follower.verifyJournal()).isEqualTo(follower.digest());
        }
    }

    @Test
    void aLogThatStepsTheLedgerDownFailsTheRoundButNotTheLedger() {
        try (Ledger ledger = writerWithBlocks()) {
            LedgerReplica replica = ledger.replica();
            replica.becomeWriter((blocks, payloads) -> {
                replica.becomeFollower("ledger test: fenced by a newer writer; this node is a follower");
                throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger test: block "
                        + blocks.get(0).blockAddress().sequenceNo() + " was not acknowledged");
            });
            assertThatThrownBy(() -> ledger.executeStatement("INSERT INTO Accounts VALUE {'owner': 'x'}"))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("block 6 was not acknowledged");
            assertThat(replica.role()).isEqualTo(Role.FOLLOWER);
            assertThat(replica.tipSequenceNo()).isEqualTo(5);
            assertThat(ledger.executeStatement("SELECT * FROM Accounts")).hasSize(3);

            replica.becomeWriter(replica.localLog());
            ledger.executeStatement("INSERT INTO Accounts VALUE {'owner': 'y'}");
            assertThat(replica.tipSequenceNo()).isEqualTo(6);
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
        }
    }

    @Test
    void aWriterRefusesBlocksFromElsewhere() {
        try (Ledger writer = writerWithBlocks()) {
            assertThatThrownBy(() -> writer.replica().apply(payloads(writer, 1, 1)))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("only be applied to a follower");
        }
    }
}
