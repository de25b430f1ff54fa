package io.vellum.engine.export;

import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.hash.VerificationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an export block by block: each block's internal hashes (COMPATIBILITY.md §5 rules 1–5), that sequence numbers are
 * consecutive and on one strand, that each block chains to the one before, that each data object holds the block
 * range its name declares ({@link DataObjectKey}), and optionally that the blocks fold to a digest. Stops at the
 * first bad block and names it (sequence number, object key, position). Not thread-safe.
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
        return verify(reader, digest, BlockProgress.NONE);
    }

    /** As {@link #verify(ExportReader, LedgerDigest)}, telling {@code progress} ({@code verifying}) of every block. */
    public static Verified verify(ExportReader reader, LedgerDigest digest, BlockProgress progress) {
        ExportVerifier verifier = new ExportVerifier();
        long total = reader.declaredBlocks();
        long[] done = {0};
        reader.forEachBlock(located -> {
            verifier.accept(located);
            progress.blocks("verifying", ++done[0], total);
        });
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
                // The export is read once, front to back: a block that is not the expected one may be missing or
                // may come later (blocks out of order); either way this is the first place the order breaks.
                throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + " follows block "
                        + previous.blockAddress().sequenceNo() + " where block " + expected + " belongs: "
                        + (actual > expected ? blocks(expected, actual - 1) + " missing here (removed, or out of order)"
                        : "blocks out of order"));
            }
            if (!block.blockAddress().strandId().equals(previous.blockAddress().strandId())) {
                throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + " is on strand "
                        + block.blockAddress().strandId() + " but the export began on "
                        + previous.blockAddress().strandId());
            }
        } else {
            first = block.blockAddress().sequenceNo();
        }
        checkAgainstObjectName(located, where);
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

    /**
     * Holds a data object to the block range its name declares ({@link DataObjectKey}): its first block must be
     * the declared first, its last the declared last, and its strand the declared strand. Catches a block cut
     * from the start or end of an object, which the chain alone cannot show at the ends of an export.
     */
    private static void checkAgainstObjectName(ExportReader.LocatedBlock located, String where) {
        DataObjectKey declared = DataObjectKey.parse(located.key()).orElse(null);
        if (declared == null) {
            return;
        }
        BlockAddress address = located.block().blockAddress();
        if (!address.strandId().equals(declared.strandId())) {
            throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + " is on strand " + address.strandId()
                    + " but its data object's name declares " + declared.declared());
        }
        long sequenceNo = address.sequenceNo();
        if (located.position() == 0 && sequenceNo != declared.firstSequenceNo()) {
            throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + " is the first block of its data "
                    + "object, whose name declares " + declared.declared() + (sequenceNo > declared.firstSequenceNo()
                    ? ": " + blocks(declared.firstSequenceNo(), sequenceNo - 1) + " missing before it" : ""));
        }
        if (located.lastInObject() && sequenceNo != declared.lastSequenceNo()) {
            throw new LedgerException(ErrorCode.VERIFICATION_FAILED, where + " is the last block of its data "
                    + "object, whose name declares " + declared.declared() + (sequenceNo < declared.lastSequenceNo()
                    ? ": " + blocks(sequenceNo + 1, declared.lastSequenceNo()) + " missing after it" : ""));
        }
    }

    /** {@code "block 5"} or {@code "blocks 5..7"}. */
    private static String blocks(long first, long last) {
        return first == last ? "block " + first : "blocks " + first + ".." + last;
    }

    /**
     * Completes the check; with a digest, the export must start at block 0 and reach the digest's tip.
     *
     * @throws LedgerException VERIFICATION_FAILED when the export held no block, or (with a digest) does not cover
     *                         blocks 0..tip or they do not fold to it (a {@link VerificationException} with the
     *                         expected and computed digests)
     */
    public Verified finish(LedgerDigest digest) {
        if (previous == null) {
            throw new LedgerException(ErrorCode.VERIFICATION_FAILED, "the export holds no blocks");
        }
        long last = previous.blockAddress().sequenceNo();
        Hash root = first == 0 ? MerkleTree.root(leaves) : null;
        if (digest != null) {
            long tip = digest.tipAddress().sequenceNo();
            if (first != 0) {
                throw new LedgerException(ErrorCode.VERIFICATION_FAILED, "a digest covers blocks 0..tip, but the "
                        + "export starts at block " + first + " (it holds blocks " + first + ".." + last
                        + "): only an export from block 0 can be checked against a digest");
            }
            if (tip > last) {
                throw new LedgerException(ErrorCode.VERIFICATION_FAILED, "the digest's tip " + tip + " is beyond the "
                        + "export's last block " + last + " (it holds blocks 0.." + last + "): a digest at tip "
                        + tip + " needs blocks 0.." + tip);
            }
            Hash atTip = MerkleTree.root(leaves.subList(0, (int) tip + 1));
            if (!atTip.equals(digest.digest())) {
                throw new VerificationException("blocks 0.." + tip + " of the export do not fold to the digest",
                        digest.digest(), atTip);
            }
        }
        return new Verified(previous.blockAddress().strandId(), first, last, leaves.size(), previous.blockHash(),
                root);
    }
}
