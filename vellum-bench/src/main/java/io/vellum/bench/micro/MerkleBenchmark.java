package io.vellum.bench.micro;

import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.merkle.MerkleNode;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.merkle.PerfectSubtrees;
import io.vellum.proof.verify.Verifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The journal Merkle tree (DESIGN.md "Hashing, digests, proofs") over 1,000,000 block hashes: appending a leaf
 * (the perfect nodes it completes), the digest, an inclusion proof and a consistency proof, and verifying each.
 * Compare with {@code CeilingBenchmark.sha256} at 64 bytes: every node is one {@code dot}, one SHA-256 of 64 bytes.
 *
 * <p>The perfect subtrees are held in memory, so this is the proof math alone; the engine reads the same nodes
 * from RocksDB, which adds a lookup per node (O(log n) per digest, O(log² n) at most per proof).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MerkleBenchmark {
    /** Leaves in the tree; not a power of two, so digests and proofs also combine imperfect right edges. */
    static final long TREE_SIZE = 1_000_000;
    /** Precomputed random cases, cycled through (a power of two, for masking). */
    static final int CASES = 1024;

    /** Every perfect node of a 1,000,000-leaf tree, with random cases of proofs to generate and verify. */
    @State(Scope.Benchmark)
    public static class Tree implements PerfectSubtrees {
        Hash[][] levels;
        LedgerDigest digest;
        final long[] leafIndexes = new long[CASES];
        /** The leaves of {@link #leafIndexes}, copied as {@link #received} copies proofs. */
        final Hash[] receivedLeaves = new Hash[CASES];
        final long[] olderSizes = new long[CASES];
        final List<List<Hash>> inclusionProofs = new ArrayList<>(CASES);
        final LedgerDigest[] olderDigests = new LedgerDigest[CASES];
        final List<List<Hash>> consistencyProofs = new ArrayList<>(CASES);
        /** Leaves appended by {@code append}: the last {@value #CASES} of the tree, each with the nodes before it. */
        final long appendBase = (TREE_SIZE - CASES) & -CASES;

        @Setup(Level.Trial)
        public void build() {
            int height = 64 - Long.numberOfLeadingZeros(TREE_SIZE);
            levels = new Hash[height][];
            levels[0] = new Hash[(int) TREE_SIZE];
            for (int i = 0; i < TREE_SIZE; i++) {
                levels[0][i] = Hash.sha256(ByteBuffer.allocate(8).putLong(i).array());
            }
            for (int level = 1; level < height; level++) {
                Hash[] below = levels[level - 1];
                levels[level] = new Hash[below.length / 2];
                for (int i = 0; i < levels[level].length; i++) {
                    levels[level][i] = Dot.dot(below[2 * i], below[2 * i + 1]);
                }
            }
            digest = new LedgerDigest(MerkleTree.root(TREE_SIZE, this),
                    new BlockAddress(SampleDocuments.STRAND, TREE_SIZE - 1));
            SplittableRandom random = new SplittableRandom(20261127);
            for (int i = 0; i < CASES; i++) {
                leafIndexes[i] = random.nextLong(TREE_SIZE);
                receivedLeaves[i] = Hash.of(leaf(leafIndexes[i]).toByteArray());
                inclusionProofs.add(received(MerkleTree.inclusionProof(leafIndexes[i], TREE_SIZE, this)));
                Verifier.verifyRevisionHash(leaf(leafIndexes[i]), new BlockAddress(SampleDocuments.STRAND,
                        leafIndexes[i]), inclusionProofs.get(i), digest);
                olderSizes[i] = 1 + random.nextLong(TREE_SIZE - 1);
                olderDigests[i] = new LedgerDigest(MerkleTree.root(olderSizes[i], this),
                        new BlockAddress(SampleDocuments.STRAND, olderSizes[i] - 1));
                consistencyProofs.add(received(MerkleTree.consistencyProof(olderSizes[i], TREE_SIZE, this)));
                Verifier.verifyConsistency(olderDigests[i], digest, consistencyProofs.get(i));
            }
        }

        /**
         * A copy of {@code proof} in fresh objects, as a verifier holds it after decoding a response: the nodes of
         * the generated proof are scattered over the 1M-leaf tree, and reading them would cost cache misses that a
         * real verifier does not have.
         */
        private static List<Hash> received(List<Hash> proof) {
            List<Hash> copy = new ArrayList<>(proof.size());
            for (Hash hash : proof) {
                copy.add(Hash.of(hash.toByteArray()));
            }
            return copy;
        }

        @Override
        public Hash node(int level, long index) {
            return levels[level][(int) index];
        }

        Hash leaf(long index) {
            return levels[0][(int) index];
        }
    }

    /** Which precomputed case the next invocation uses. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int nextCase() {
            return next++ & (CASES - 1);
        }
    }

    /**
     * Appending one leaf: the perfect nodes it completes (one {@code dot} on average), cycling over 1,024
     * consecutive leaves so the mix of 0, 1, 2, … completed levels is the long-run one.
     */
    @Benchmark
    public List<MerkleNode> append(Tree tree, Cursor cursor) {
        long leafIndex = tree.appendBase + cursor.nextCase();
        return MerkleTree.completedBy(leafIndex, tree.leaf(leafIndex), tree);
    }

    /** The digest of the 1,000,000-leaf tree from its perfect subtrees. */
    @Benchmark
    public Hash digest(Tree tree) {
        return MerkleTree.root(TREE_SIZE, tree);
    }

    /** The inclusion proof of a random leaf in the 1,000,000-leaf tree. */
    @Benchmark
    public List<Hash> inclusionProof(Tree tree, Cursor cursor) {
        return MerkleTree.inclusionProof(tree.leafIndexes[cursor.nextCase()], TREE_SIZE, tree);
    }

    /** The consistency proof from a random older size to 1,000,000 leaves. */
    @Benchmark
    public List<Hash> consistencyProof(Tree tree, Cursor cursor) {
        return MerkleTree.consistencyProof(tree.olderSizes[cursor.nextCase()], TREE_SIZE, tree);
    }

    /** Verifying an inclusion proof (what a client does with GetBlock's or GetRevision's proof). */
    @Benchmark
    public LedgerDigest verifyInclusion(Tree tree, Cursor cursor) {
        int i = cursor.nextCase();
        long leafIndex = tree.leafIndexes[i];
        Verifier.verifyRevisionHash(tree.receivedLeaves[i], new BlockAddress(SampleDocuments.STRAND, leafIndex),
                tree.inclusionProofs.get(i), tree.digest);
        return tree.digest;
    }

    /**
     * Only the folding part of {@link #verifyInclusion}: {@code dot} over the proof, without the checks and the
     * description string {@code Verifier} builds before folding.
     */
    @Benchmark
    public Hash foldInclusion(Tree tree, Cursor cursor) {
        int i = cursor.nextCase();
        return Verifier.fold(tree.receivedLeaves[i], tree.inclusionProofs.get(i));
    }

    /** Verifying a consistency proof between an older digest and the current one. */
    @Benchmark
    public LedgerDigest verifyConsistency(Tree tree, Cursor cursor) {
        int i = cursor.nextCase();
        Verifier.verifyConsistency(tree.olderDigests[i], tree.digest, tree.consistencyProofs.get(i));
        return tree.olderDigests[i];
    }
}
