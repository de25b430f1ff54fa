package io.vellum.client;

import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import java.util.List;
import java.util.Objects;

/**
 * A journal block as GetBlock returned it, with the proof that folds its block hash to the digest at the requested
 * tip (empty when no tip was requested). Nothing in it is trusted until {@link #verify} passes. Immutable.
 */
public record BlockProof(JournalBlock block, List<Hash> proof) {
    public BlockProof {
        Objects.requireNonNull(block, "block");
        proof = List.copyOf(proof);
    }

    /** {@link LedgerVerifier#verifyBlock} of this block and proof against {@code trustedDigest}. */
    public void verify(LedgerDigest trustedDigest) {
        LedgerVerifier.verifyBlock(block, proof, trustedDigest);
    }
}
