package io.vellum.engine.export;

import io.vellum.proof.ErrorCode;
import io.vellum.proof.Hash;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import io.vellum.proof.MerkleTree;
import io.vellum.proof.VerificationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an export block by block: each block's internal hashes (SPEC §4.4 rules 1–5), that sequence numbers are
 * consecutive and on one strand, that each block chains to the one before, and optionally that the blocks fold to
 * a digest. Stops at the first bad block and names it (sequence number, object key, position). Not thread-safe.
 */
public final class ExportVerifier {
    private final List<Hash> leaves = new ArrayList<>();
    private JournalBlock previous;
    private long first = -1;

    /** What a successful verification established. */
    public record Verified(String strandId, long firstSequenceNo, long lastSequenceNo, long blocks, Hash lastBlockHash,
                           Hash merkleRoot) {
    }

    /** Verifies every block of {@code reader}; with a digest, also that blocks 0..tip fold to it. */
    public static Verified verify(ExportReader reader, LedgerDigest digest) {
        ExportVerifier verifier = new ExportVerifier();
        reader.forEachBlock(verifier::accept);
        return verifier.finish(digest);
    }

    /** Checks one more block (in export order). */
    public void accept(ExportReader.LocatedBlock located) {
        JournalBlock block = located.block();
        String where = "block " + block.blockAddress().sequenceNo() + " (" + located.key() + ", value "
                + located.position() + ")";
        if (previous != null) {
            long expected = previous.blockAddress().sequenceNo() + 1;
            long actual = block.blockAddress().sequenceNo();
            if (actual != expected) {
                throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + " follows block "
                        + previous.blockAddress().sequenceNo() + (actual > expected
                        ? ": blocks " + expected + ".." + (actual - 1) + " are missing"
                        : ": blocks are out of order"));
            }
            if (!block.blockAddress().strandId().equals(previous.blockAddress().strandId())) {
                throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + " is on strand "
                        + block.blockAddress().strandId() + " but the export began on "
                        + previous.blockAddress().strandId());
            }
        } else {
            first = block.blockAddress().sequenceNo();
        }
        try {
            block.verify();
            if (previous != null) {
                block.verifyFollows(previous);
            }
        } catch (VerificationException e) {
            // Keep the typed failure (expected vs computed) as the cause; the message adds where it happened.
            throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + ": " + e.getMessage(), e);
        }
        leaves.add(block.blockHash());
        previous = block;
    }

    /** Completes the check; with a digest, the export must start at block 0 and reach the digest's tip. */
    public Verified finish(LedgerDigest digest) {
        if (previous == null) {
            throw new LedgerException(ErrorCode.VERIFICATION_FAILED, "the export holds no blocks");
        }
        Hash root = first == 0 ? MerkleTree.root(leaves) : null;
        if (digest != null) {
            long tip = digest.tipAddress().sequenceNo();
            if (first != 0 || previous.blockAddress().sequenceNo() < tip) {
                throw new LedgerException(ErrorCode.VERIFICATION_FAILED, "the digest covers blocks 0.." + tip
                        + " but the export holds blocks " + first + ".." + previous.blockAddress().sequenceNo());
            }
            Hash atTip = MerkleTree.root(leaves.subList(0, (int) tip + 1));
            if (!atTip.equals(digest.digest())) {
                throw new VerificationException("blocks 0.." + tip + " of the export do not fold to the digest",
                        digest.digest(), atTip);
            }
        }
        return new Verified(previous.blockAddress().strandId(), first, previous.blockAddress().sequenceNo(),
                leaves.size(), previous.blockHash(), root);
    }
}
