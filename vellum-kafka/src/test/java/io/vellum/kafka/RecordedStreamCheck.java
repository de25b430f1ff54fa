package io.vellum.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a verifying consumer checks of the blocks it rebuilt: all of 0..tip, each block's hashes, the hash chain,
 * the Merkle root over the block hashes equal to the ledger's digest, and (test-only) equality with the ledger's
 * own blocks as streamed (system revisions by hash only).
 */
final class RecordedStreamCheck {
    private RecordedStreamCheck() {
    }

    static void verify(Map<Long, JournalBlock> blocks, Ledger ledger) {
        LedgerDigest digest = ledger.digest();
        long tip = digest.tipAddress().sequenceNo();
        List<Hash> leaves = new ArrayList<>();
        JournalBlock previous = null;
        for (long sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
            JournalBlock block = blocks.get(sequenceNo);
            assertThat(block).as("block " + sequenceNo + " rebuilt").isNotNull();
            block.verify();
            if (previous != null) {
                block.verifyFollows(previous);
            }
            assertThat(block).isEqualTo(StreamRecords.asStreamed(ledger.readBlock(block.blockAddress())));
            leaves.add(block.blockHash());
            previous = block;
        }
        assertThat(MerkleTree.root(leaves)).as("Merkle root over the rebuilt block hashes").isEqualTo(digest.digest());
    }
}
