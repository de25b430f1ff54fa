package io.vellum.engine.internal.commit;

import io.vellum.proof.block.BlockRevision;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.VerificationException;

/**
 * Checks a block received from another node before anything of it is written: it must be exactly the next block of
 * this ledger and every hash in it must be recomputable from its contents. A follower trusts nothing it receives.
 *
 * <p>What is checked: the payload decodes to one block; its strand is this ledger's; its sequence number is the
 * local tip's plus one; its {@code previousBlockHash} is the local tip's block hash; every full revision's hash is
 * {@code dot(ionHash(metadata), ionHash(data))} and names this block and this block's transaction, and its document
 * is listed in {@code transactionInfo.documents} (which gives its table); the revisions
 * root and {@code ionHash(transactionInfo)} are entries of {@code entriesHashList}; the entries hash and the block
 * hash recompute ({@link JournalBlock#verify()}). Not covered by any hash, and so not checkable: the block's
 * timestamp.
 */
final class ReplicatedBlockVerifier {
    private ReplicatedBlockVerifier() {
    }

    /**
     * @return the decoded block, verified to follow the tip
     * @throws LedgerException CORRUPTION when the payload is not one block; VERIFICATION_FAILED (a
     *                         {@link VerificationException} with expected and computed values) naming the sequence
     *                         number and the violated condition otherwise
     */
    static JournalBlock verify(byte[] payload, String strandId, long tipSequenceNo, Hash tipBlockHash) {
        long expectedSequenceNo = tipSequenceNo + 1;
        JournalBlock block;
        try {
            block = JournalBlock.fromIonBinary(payload);
        } catch (LedgerException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, "replicated block expected at sequenceNo "
                    + expectedSequenceNo + " of strand " + strandId + " cannot be decoded: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A model constructor refusing a decoded part (IllegalArgumentException): not a block either.
            throw new LedgerException(ErrorCode.CORRUPTION, "replicated block expected at sequenceNo "
                    + expectedSequenceNo + " of strand " + strandId + " cannot be decoded: it is not a valid block",
                    e);
        }
        long sequenceNo = block.blockAddress().sequenceNo();
        String where = "replicated block " + sequenceNo + " of strand " + block.blockAddress().strandId();
        if (!block.blockAddress().strandId().equals(strandId)) {
            throw new VerificationException(where + ": strand must be this ledger's", strandId,
                    block.blockAddress().strandId());
        }
        if (sequenceNo != expectedSequenceNo) {
            throw new VerificationException(where + ": sequenceNo must follow the local tip " + tipSequenceNo,
                    Long.toString(expectedSequenceNo), Long.toString(sequenceNo));
        }
        if (!block.previousBlockHash().equals(tipBlockHash)) {
            throw new VerificationException(where + ": previousBlockHash must be the hash of the local tip block "
                    + tipSequenceNo, tipBlockHash, block.previousBlockHash());
        }
        for (BlockRevision entry : block.revisions()) {
            if (!(entry instanceof Revision revision)) {
                continue;
            }
            String documentId = revision.metadata().id();
            if (!revision.metadata().txId().equals(block.transactionId())) {
                throw new VerificationException(where + ": revision of document " + documentId
                        + " must carry the block's transactionId", block.transactionId(), revision.metadata().txId());
            }
            // Applying needs the revision's table: a block without it would be journaled and then fail to apply.
            if (!block.transactionInfo().documents().containsKey(documentId)) {
                throw new VerificationException(where + ": revision of document " + documentId
                        + " must be listed in transactionInfo.documents", "an entry for " + documentId,
                        "documents " + block.transactionInfo().documents().keySet());
            }
        }
        block.verify();
        return block;
    }
}
