package io.vellum.proof.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;

/**
 * Merkle-tree math in QLDB's shape (COMPATIBILITY.md §4, §6): leaves paired left to right with {@link Dot#dot}, an odd
 * last node carried up unchanged. That shape is RFC 9162's ("largest power of two on the left"), so the RFC's
 * inclusion and consistency algorithms apply with {@code dot} as the node hash and no leaf/node prefixes.
 *
 * <p>Two families of methods: the naive list-based ones ({@link #root(List)}, {@link #auditPath}) are the
 * reference, used for the few hashes inside one block; the ones over {@link PerfectSubtrees} serve ledgers of any
 * size from stored perfect nodes, reading O(log n) nodes for a root and O(log² n) for a proof. All methods are
 * stateless and thread-safe (as far as the given {@code PerfectSubtrees} is).
 */
public final class MerkleTree {
    private MerkleTree() {
    }

    /** The root over {@code leaves}; {@link Hash#EMPTY} for no leaves, the leaf itself for one. */
    public static Hash root(List<Hash> leaves) {
        if (leaves.isEmpty()) {
            return Hash.EMPTY;
        }
        List<Hash> level = leaves;
        while (level.size() > 1) {
            level = parentLevel(level);
        }
        return Objects.requireNonNull(level.get(0), "leaf");
    }

    /**
     * The audit path of leaf {@code leafIndex}: its sibling at each level, bottom-up; at a level where the node
     * is a carried-up odd last node nothing is emitted (COMPATIBILITY.md §7). Folding the path onto the leaf with
     * {@code dot} gives {@link #root(List)}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= leafIndex < leaves.size()}
     */
    public static List<Hash> auditPath(List<Hash> leaves, int leafIndex) {
        Objects.checkIndex(leafIndex, leaves.size());
        List<Hash> path = new ArrayList<>();
        List<Hash> level = leaves;
        int index = leafIndex;
        while (level.size() > 1) {
            int sibling = index ^ 1;
            if (sibling < level.size()) {
                path.add(level.get(sibling));
            }
            level = parentLevel(level);
            index >>= 1;
        }
        return path;
    }

    private static List<Hash> parentLevel(List<Hash> level) {
        List<Hash> parents = new ArrayList<>((level.size() + 1) / 2);
        for (int i = 0; i < level.size(); i += 2) {
            parents.add(i + 1 < level.size() ? Dot.dot(level.get(i), level.get(i + 1)) : level.get(i));
        }
        return parents;
    }

    /**
     * The perfect nodes of level 1 and above that become complete when leaf {@code leafIndex} is appended,
     * bottom-up. {@code stored} must hold every perfect node of the tree of size {@code leafIndex} (the new leaf
     * is passed as {@code leaf}, it need not be stored yet). The caller stores the leaf at level 0 plus these.
     */
    public static List<MerkleNode> completedBy(long leafIndex, Hash leaf, PerfectSubtrees stored) {
        if (leafIndex < 0) {
            throw new IllegalArgumentException("leafIndex must be >= 0, got " + leafIndex);
        }
        Objects.requireNonNull(leaf, "leaf");
        List<MerkleNode> completed = new ArrayList<>(Long.numberOfTrailingZeros(~leafIndex));
        Hash hash = leaf;
        long index = leafIndex;
        int level = 0;
        // A node is the right child of its parent exactly when its index is odd; then the parent is complete.
        while ((index & 1) == 1) {
            hash = Dot.dot(stored.node(level, index - 1), hash);
            level++;
            index >>>= 1;
            completed.add(new MerkleNode(level, index, hash));
        }
        return completed;
    }

    /** The root of the tree over the first {@code treeSize} leaves; {@link Hash#EMPTY} when it is 0. */
    public static Hash root(long treeSize, PerfectSubtrees stored) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must be >= 0, got " + treeSize);
        }
        return treeSize == 0 ? Hash.EMPTY : rangeHash(0, treeSize, stored);
    }

    /**
     * The inclusion proof of leaf {@code leafIndex} in the tree of size {@code treeSize}: the same list as
     * {@link #auditPath} over the first {@code treeSize} leaves (RFC 9162 §2.1.3.1 PATH, bottom-up).
     *
     * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize}
     */
    public static List<Hash> inclusionProof(long leafIndex, long treeSize, PerfectSubtrees stored) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException(
                    "leafIndex must be in [0, treeSize), got leafIndex " + leafIndex + ", treeSize " + treeSize);
        }
        List<Hash> topDown = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        while (end - start > 1) {
            long split = start + largestPowerOfTwoBelow(end - start);
            if (leafIndex < split) {
                topDown.add(rangeHash(split, end, stored));
                end = split;
            } else {
                topDown.add(rangeHash(start, split, stored));
                start = split;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /**
     * The consistency proof between the trees of sizes {@code fromSize} and {@code toSize}: RFC 9162 §2.1.4.1
     * {@code PROOF(fromSize, D[toSize])} with {@code dot} as the node hash. Empty when the sizes are equal.
     *
     * @throws IllegalArgumentException unless {@code 1 <= fromSize <= toSize}
     */
    public static List<Hash> consistencyProof(long fromSize, long toSize, PerfectSubtrees stored) {
        if (fromSize < 1 || fromSize > toSize) {
            throw new IllegalArgumentException(
                    "need 1 <= fromSize <= toSize, got fromSize " + fromSize + ", toSize " + toSize);
        }
        // SUBPROOF(m, D[start:end], b), unrolled: each step appends one hash after the recursive part, so the
        // hashes are collected top-down and reversed at the end.
        List<Hash> topDown = new ArrayList<>();
        long m = fromSize;
        long start = 0;
        long end = toSize;
        boolean startsAtOldRoot = true;
        while (m != end - start) {
            long k = largestPowerOfTwoBelow(end - start);
            if (m <= k) {
                topDown.add(rangeHash(start + k, end, stored));
                end = start + k;
            } else {
                topDown.add(rangeHash(start, start + k, stored));
                start += k;
                m -= k;
                startsAtOldRoot = false;
            }
        }
        if (!startsAtOldRoot) {
            topDown.add(rangeHash(start, end, stored));
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /**
     * Hash of the subtree over leaves {@code [start, end)} as the RFC 9162 recursion forms it: {@code start} is
     * always a multiple of the smallest power of two at least {@code end - start}, so the range splits into a
     * perfect left part and a (recursively split) right part.
     */
    private static Hash rangeHash(long start, long end, PerfectSubtrees stored) {
        long size = end - start;
        if (Long.bitCount(size) == 1) {
            int level = Long.numberOfTrailingZeros(size);
            return Objects.requireNonNull(stored.node(level, start >>> level),
                    () -> "no stored node at level " + level + " index " + (start >>> level));
        }
        long split = start + largestPowerOfTwoBelow(size);
        return Dot.dot(rangeHash(start, split, stored), rangeHash(split, end, stored));
    }

    /** The largest power of two strictly below {@code n}, for {@code n >= 2}. */
    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
