package io.vellum.wallet.ledger;

import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import java.util.List;
import java.util.Objects;

/**
 * A revision as the ledger returned it (QLDB's GetRevision), the proof that should fold its hash to {@code digest},
 * and that digest. Nothing here is trusted until {@link io.vellum.proof.verify.Verifier#verifyRevision} passes.
 */
public record ProvenRevision(Revision revision, List<Hash> proof, LedgerDigest digest) {
    public ProvenRevision {
        Objects.requireNonNull(revision, "revision");
        proof = List.copyOf(proof);
        Objects.requireNonNull(digest, "digest");
    }
}
