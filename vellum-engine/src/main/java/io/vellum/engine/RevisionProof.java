package io.vellum.engine;

import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import java.util.List;

/** A revision, the hashes that fold its hash up to {@code digest}, and that digest (COMPATIBILITY.md §7). */
public record RevisionProof(Revision revision, List<Hash> proof, LedgerDigest digest) {
    public RevisionProof {
        proof = List.copyOf(proof);
    }
}
