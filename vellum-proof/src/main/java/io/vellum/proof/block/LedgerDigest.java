package io.vellum.proof.block;

import java.util.Objects;
import io.vellum.proof.hash.Hash;

/**
 * A ledger digest: the Merkle root over the hashes of blocks {@code 0..tipAddress.sequenceNo} of the ledger's
 * strand (COMPATIBILITY.md §6).
 */
public record LedgerDigest(Hash digest, BlockAddress tipAddress) {
    public LedgerDigest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(tipAddress, "tipAddress");
        if (digest.isEmpty()) {
            throw new IllegalArgumentException("a ledger digest covers at least block 0 and is never empty");
        }
    }

    /** The number of leaves (blocks) the digest covers: tip sequenceNo + 1. */
    public long treeSize() {
        return tipAddress.sequenceNo() + 1;
    }
}
