/**
 * Merkle trees of {@code dot}: roots, inclusion proofs and consistency proofs over a list of leaf hashes
 * ({@link io.vellum.proof.merkle.MerkleTree}), and the stored complete subtrees a tree reads instead of its leaves
 * ({@link io.vellum.proof.merkle.PerfectSubtrees}, {@link io.vellum.proof.merkle.MerkleNode}). QLDB's tree has
 * RFC 9162's shape, so RFC 9162's proof algorithms apply with {@code dot} as the node hash.
 *
 * <p>May use: {@code io.vellum.proof.hash} and {@code io.vellum.error}. Knows nothing of blocks: a leaf is a hash.
 */
package io.vellum.proof.merkle;
