package io.vellum.proof.merkle;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Hash;

/**
 * Read access to the stored perfect subtrees of a ledger's Merkle tree (COMPATIBILITY.md §6). A perfect subtree at
 * {@code level} with {@code index} covers leaves {@code [index * 2^level, (index + 1) * 2^level)}; level 0 is
 * the leaf itself. Once complete, a perfect subtree's hash never changes as the tree grows, so these are the only
 * nodes a ledger stores.
 *
 * <p>{@link MerkleTree} only asks for nodes that are complete within the tree size it was given.
 */
@FunctionalInterface
public interface PerfectSubtrees {
    /**
     * The hash of the perfect subtree at {@code level} and {@code index}.
     *
     * @throws LedgerException (e.g. {@link ErrorCode#NOT_FOUND} or {@link ErrorCode#CORRUPTION}) when the node is
     *     not stored
     */
    Hash node(int level, long index);
}
