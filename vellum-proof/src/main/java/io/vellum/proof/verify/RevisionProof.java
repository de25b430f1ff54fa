package io.vellum.proof.verify;

import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.Hash;
import java.util.List;
import java.util.Objects;

/**
 * A revision and the hashes that fold its hash to the digest at some tip (QLDB's GetRevision answer: the tip is the
 * one the proof was asked for, and the proof is empty when none was). The one type for the engine
 * ({@code Ledger.revision}), the client ({@code LedgerVerifier.getRevision}) and everything above them: it carries no
 * digest, because a proof is only as good as a digest obtained independently of it; pass that digest to
 * {@link #verify}. Immutable.
 */
public record RevisionProof(Revision revision, List<Hash> proof) {
    public RevisionProof {
        Objects.requireNonNull(revision, "revision");
        proof = List.copyOf(proof);
    }

    /**
     * {@link Verifier#verifyRevision}: the revision's hash is recomputed from its contents, the revision's block must
     * be covered by {@code trustedDigest}, and the proof must fold the hash to it.
     *
     * @throws io.vellum.proof.hash.VerificationException with the expected and the computed values otherwise
     */
    public void verify(LedgerDigest trustedDigest) {
        Verifier.verifyRevision(revision, proof, Objects.requireNonNull(trustedDigest, "trustedDigest"));
    }
}
