package io.vellum.engine;

import io.vellum.proof.Hash;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.Revision;
import java.util.List;

/** A revision, the hashes that fold its hash up to {@code digest}, and that digest (COMPATIBILITY.md §7). */
public record RevisionProof(Revision revision, List<Hash> proof, LedgerDigest digest) {
    public RevisionProof {
        proof = List.copyOf(proof);
    }
}
