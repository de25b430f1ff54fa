package io.vellum.engine;

import io.vellum.proof.Hash;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerDigest;
import java.util.List;

/** A block, the hashes that fold its block hash up to {@code digest}, and that digest (COMPATIBILITY.md §7). */
public record BlockProof(JournalBlock block, List<Hash> proof, LedgerDigest digest) {
    public BlockProof {
        proof = List.copyOf(proof);
    }
}
