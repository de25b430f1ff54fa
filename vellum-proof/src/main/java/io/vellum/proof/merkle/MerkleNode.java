package io.vellum.proof.merkle;

import java.util.Objects;
import io.vellum.proof.hash.Hash;

/**
 * A perfect-subtree node of a ledger's Merkle tree: the subtree at {@code level} covering leaves
 * {@code [index * 2^level, (index + 1) * 2^level)} has hash {@code hash}. See {@link PerfectSubtrees}.
 */
public record MerkleNode(int level, long index, Hash hash) {
    public MerkleNode {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("level must be in [0, 62], got " + level);
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        Objects.requireNonNull(hash, "hash");
    }
}
