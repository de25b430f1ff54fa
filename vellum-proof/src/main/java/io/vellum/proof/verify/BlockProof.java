package io.vellum.proof.verify;

import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.hash.Hash;
import java.util.List;
import java.util.Objects;

/**
 * A journal block and the hashes that fold its block hash to the digest at some tip (QLDB's GetBlock answer: the
 * tip is the one the proof was asked for, and the proof is empty when none was). The one type for the engine
 * ({@code Ledger.block}), the client ({@code LedgerVerifier.getBlock}) and everything above them: it carries no
 * digest, because a proof is only as good as a digest obtained independently of it; pass that digest to
 * {@link #verify}. Immutable.
 */
public record BlockProof(JournalBlock block, List<Hash> proof) {
    public BlockProof {
        Objects.requireNonNull(block, "block");
        proof = List.copyOf(proof);
    }

    /**
     * {@link Verifier#verifyBlock}: the block's entries hash and block hash are recomputed from its contents, the
     * block must be covered by {@code trustedDigest}, and the proof must fold its block hash to it.
     *
     * @throws io.vellum.proof.hash.VerificationException with the expected and the computed values otherwise
     */
    public void verify(LedgerDigest trustedDigest) {
        Verifier.verifyBlock(block, proof, Objects.requireNonNull(trustedDigest, "trustedDigest"));
    }
}
