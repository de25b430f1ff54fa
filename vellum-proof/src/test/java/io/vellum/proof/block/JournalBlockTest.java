package io.vellum.proof.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import io.vellum.proof.RandomIon;
import io.vellum.proof.Seeds;
import io.vellum.proof.Vectors;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.merkle.InMemorySubtrees;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.verify.Verifier;

/**
 * Blocks Vellum seals: layout, hashes, round trips, chain rule, and an end-to-end ledger in which every revision and
 * block is proven against digests with the engine's construction (prefix + inclusion proof from stored nodes).
 */
class JournalBlockTest {
    private static final String STRAND = "KmA3ZZca7vAIiJAK9S5Iwl";
    private static final Timestamp TIME = Timestamp.valueOf("2024-05-01T10:00:00.000Z");

    /** A random block at {@code sequenceNo} with 0..maxRevisions revisions (a few deletes and opaque ones). */
    static JournalBlock randomBlock(Random random, long sequenceNo, Hash previousBlockHash, int maxRevisions) {
        BlockAddress address = new BlockAddress(STRAND, sequenceNo);
        RandomIon ion = new RandomIon(Vectors.ION, random);
        String transactionId = "tx" + sequenceNo;
        List<StatementInfo> statements = new ArrayList<>();
        List<BlockRevision> revisions = new ArrayList<>();
        Map<String, DocumentInfo> documents = new LinkedHashMap<>();
        int count = random.nextInt(maxRevisions + 1);
        for (int i = 0; i < count; i++) {
            String statement = "INSERT INTO T" + i + " ?";
            statements.add(new StatementInfo(statement, TIME, CommitDigest.statementHash(statement, List.of())));
            if (random.nextInt(8) == 0) {
                revisions.add(new OpaqueRevision(Seeds.hash(random)));
                continue;
            }
            String id = "doc" + sequenceNo + "x" + i;
            RevisionMetadata metadata = new RevisionMetadata(id, random.nextInt(3), TIME, transactionId);
            revisions.add(Revision.create(address, random.nextInt(6) == 0 ? null : ion.struct(3), metadata));
            documents.put(id, new DocumentInfo("T" + i, "tableId" + i, List.of(i)));
        }
        return JournalBlock.seal(address, transactionId, TIME, previousBlockHash,
                new TransactionInfo(statements, documents), revisions);
    }

    /**
     * A follower decodes blocks from the network: every single-bit change of a block's Ion binary either decodes
     * (verification then judges it) or is refused with a {@link io.vellum.error.LedgerException}, never with
     * whatever ion-java's loader throws (it threw a NullPointerException for some of these before
     * {@link JournalBlock#fromIonBinary} caught it) and never with the decoded block differing from a fresh decode
     * of the same bytes (the decoded value is made read-only and kept, not copied).
     */
    @Test
    void everySingleBitChangeOfABlockDecodesOrIsRefusedAsInvalid() {
        Random random = Seeds.random("JournalBlockTest single-bit changes");
        Hash previous = Seeds.hash(random);
        int refused = 0;
        int decoded = 0;
        for (long sequenceNo = 1; sequenceNo <= 6; sequenceNo++) {
            JournalBlock block = randomBlock(random, sequenceNo, previous, 4);
            byte[] payload = block.toIonBinary();
            assertThat(JournalBlock.fromIonBinary(payload)).isEqualTo(block);
            for (int i = 0; i < payload.length; i++) {
                for (int bit : new int[] {0x01, 0x10, 0x80}) {
                    byte[] altered = payload.clone();
                    altered[i] ^= (byte) bit;
                    JournalBlock result;
                    try {
                        result = JournalBlock.fromIonBinary(altered);
                    } catch (io.vellum.error.LedgerException e) {
                        assertThat(e.code()).isEqualTo(io.vellum.error.ErrorCode.INVALID_REQUEST);
                        refused++;
                        continue;
                    }
                    assertThat(result).isEqualTo(JournalBlock.fromIonBinary(altered.clone()));
                    decoded++;
                }
            }
            previous = block.blockHash();
        }
        assertThat(refused).isPositive();
        assertThat(decoded).isPositive();
    }

    @Test
    void sealedBlockHasVellumsEntriesLayout() {
        Random random = Seeds.random("JournalBlockTest layout");
        JournalBlock block;
        do {
            block = randomBlock(random, 1, Seeds.hash(random), 5);
        } while (block.revisions().isEmpty());
        block.verify();
        assertThat(block.entriesHashList()).containsExactly(block.revisionsRoot(), block.transactionInfo().hash());
        assertThat(block.entriesHash()).isEqualTo(Dot.dot(block.revisionsRoot(), block.transactionInfo().hash()));
        assertThat(block.blockHash()).isEqualTo(Dot.dot(block.entriesHash(), block.previousBlockHash()));
    }

    @Test
    void genesisAndEmptyAndRedactionBlocks() {
        TransactionInfo info = new TransactionInfo(List.of(), Map.of());
        JournalBlock genesis = JournalBlock.seal(new BlockAddress(STRAND, 0), "genesis", TIME, Hash.EMPTY, info,
                List.of());
        genesis.verify();
        assertThat(genesis.entriesHashList()).containsExactly(info.hash());
        assertThat(genesis.blockHash()).isEqualTo(genesis.entriesHash()).isEqualTo(info.hash());
        assertThat(genesis.toIon(Vectors.ION).containsKey("revisions")).isFalse();
        assertThat(JournalBlock.fromIonBinary(genesis.toIonBinary())).isEqualTo(genesis);
        assertThatThrownBy(() -> genesis.revisionProofPrefix(0)).isInstanceOf(IndexOutOfBoundsException.class);

        IonStruct redactionInfo = (IonStruct) Vectors.ION.singleValue("{revisions:[{blockAddress:{strandId:\"" + STRAND
                + "\",sequenceNo:0},tableId:\"t\",documentId:\"d\",version:0}]}");
        JournalBlock redaction = JournalBlock.seal(new BlockAddress(STRAND, 1), "redact", TIME, genesis.blockHash(),
                info, redactionInfo, List.of());
        redaction.verify();
        redaction.verifyFollows(genesis);
        assertThat(redaction.entriesHashList()).containsExactly(info.hash(), IonHash.of(redactionInfo));
        JournalBlock reread = JournalBlock.fromIon(redaction.toIon(Vectors.ION));
        assertThat(reread).isEqualTo(redaction);
        IonStruct tampered = redaction.toIon(Vectors.ION);
        ((IonStruct) tampered.get("redactionInfo")).put("extra", Vectors.ION.newBool(true));
        assertThatThrownBy(() -> JournalBlock.fromIon(tampered).verify()).isInstanceOf(VerificationException.class)
                .hasMessageContaining("rule 2");
    }

    @Test
    void sealRejectsARevisionOfAnotherBlock() {
        RevisionMetadata metadata = new RevisionMetadata("id", 0, TIME, "tx");
        Revision elsewhere = Revision.create(new BlockAddress(STRAND, 7), null, metadata);
        assertThatThrownBy(() -> JournalBlock.seal(new BlockAddress(STRAND, 8), "tx", TIME, Hash.EMPTY,
                new TransactionInfo(List.of(), Map.of()), List.of(elsewhere)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomBlocksRoundTripAndMutationsFail() {
        Random random = Seeds.random("JournalBlockTest round trips");
        for (int i = 0; i < 200; i++) {
            JournalBlock block = randomBlock(random, i, i == 0 ? Hash.EMPTY : Seeds.hash(random), 6);
            block.verify();
            IonStruct ion = block.toIon(Vectors.ION);
            assertThat(JournalBlock.fromIon(ion)).isEqualTo(block);
            assertThat(JournalBlock.fromIonBinary(block.toIonBinary())).isEqualTo(block);
            assertThat(Vectors.ION.singleValue(block.toIonBinary())).isEqualTo(ion);
            for (int r = 0; r < block.revisions().size(); r++) {
                assertThat(Verifier.fold(block.revisions().get(r).hash(), block.revisionProofPrefix(r)))
                        .isEqualTo(block.blockHash());
                if (block.revisions().get(r) instanceof Revision revision && revision.data() != null) {
                    List<BlockRevision> changed = new ArrayList<>(block.revisions());
                    IonStruct data = revision.data().clone();
                    data.put("tampered", Vectors.ION.newInt(r));
                    changed.set(r, new Revision(revision.blockAddress(), revision.hash(), data, null,
                            revision.metadata()));
                    JournalBlock tampered = new JournalBlock(block.blockAddress(), block.transactionId(),
                            block.blockTimestamp(), block.blockHash(), block.entriesHash(), block.previousBlockHash(),
                            block.entriesHashList(), block.transactionInfo(), null, changed);
                    assertThatThrownBy(tampered::verify).isInstanceOf(VerificationException.class)
                            .hasMessageContaining("rule 3").hasMessageContaining("revisions[" + r + "]");
                }
            }
        }
    }

    @Test
    void chainRule() {
        Random random = Seeds.random("JournalBlockTest chain");
        JournalBlock first = randomBlock(random, 0, Hash.EMPTY, 3);
        JournalBlock second = randomBlock(random, 1, first.blockHash(), 3);
        second.verifyFollows(first);
        JournalBlock wrongPrevious = randomBlock(random, 1, Seeds.hash(random), 3);
        assertThatThrownBy(() -> wrongPrevious.verifyFollows(first)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("chain rule");
        JournalBlock gap = randomBlock(random, 2, first.blockHash(), 3);
        assertThatThrownBy(() -> gap.verifyFollows(first)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("directly follow");
    }

    @Test
    void everyRevisionAndBlockOfARandomLedgerIsProvable() {
        Random random = Seeds.random("JournalBlockTest ledger");
        InMemorySubtrees stored = new InMemorySubtrees();
        List<JournalBlock> journal = new ArrayList<>();
        Hash previous = Hash.EMPTY;
        for (int sequenceNo = 0; sequenceNo < 70; sequenceNo++) {
            JournalBlock block = randomBlock(random, sequenceNo, previous, 5);
            if (!journal.isEmpty()) {
                block.verifyFollows(journal.get(journal.size() - 1));
            }
            journal.add(block);
            stored.append(block.blockHash());
            previous = block.blockHash();
        }
        for (int tip = 0; tip < journal.size(); tip += 1 + random.nextInt(9)) {
            LedgerDigest digest = new LedgerDigest(MerkleTree.root(tip + 1L, stored), new BlockAddress(STRAND, tip));
            for (int sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
                JournalBlock block = journal.get(sequenceNo);
                List<Hash> blockProof = MerkleTree.inclusionProof(sequenceNo, tip + 1L, stored);
                Verifier.verifyBlock(block, blockProof, digest);
                for (int r = 0; r < block.revisions().size(); r++) {
                    List<Hash> proof = new ArrayList<>(block.revisionProofPrefix(r));
                    proof.addAll(blockProof);
                    if (block.revisions().get(r) instanceof Revision revision) {
                        Verifier.verifyRevision(revision, proof, digest);
                    } else {
                        Verifier.verifyRevisionHash(block.revisions().get(r).hash(), block.blockAddress(), proof,
                                digest);
                    }
                }
            }
            if (tip > 0) {
                LedgerDigest older = new LedgerDigest(MerkleTree.root(tip, stored), new BlockAddress(STRAND, tip - 1));
                Verifier.verifyConsistency(older, digest, MerkleTree.consistencyProof(tip, tip + 1L, stored));
            }
        }
    }
}
