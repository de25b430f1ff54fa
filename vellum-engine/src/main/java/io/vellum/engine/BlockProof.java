package io.vellum.engine;

import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import java.util.List;

/** A block, the hashes that fold its block hash up to {@code digest}, and that digest (COMPATIBILITY.md §7). */
public record BlockProof(JournalBlock block, List<Hash> proof, LedgerDigest digest) {
    public BlockProof {
        proof = List.copyOf(proof);
    }
}
