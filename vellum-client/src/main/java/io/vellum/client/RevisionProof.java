package io.vellum.client;

import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import java.util.List;
import java.util.Objects;

/**
 * A revision as GetRevision returned it, with the proof that folds its hash to the digest at the requested tip
 * (empty when no tip was requested). Nothing in it is trusted until {@link #verify} passes. Immutable.
 */
public record RevisionProof(Revision revision, List<Hash> proof) {
    public RevisionProof {
        Objects.requireNonNull(revision, "revision");
        proof = List.copyOf(proof);
    }

    /** {@link LedgerVerifier#verifyRevision} of this revision and proof against {@code trustedDigest}. */
    public void verify(LedgerDigest trustedDigest) {
        LedgerVerifier.verifyRevision(revision, proof, trustedDigest);
    }
}
