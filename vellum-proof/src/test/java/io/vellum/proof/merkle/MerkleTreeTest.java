package io.vellum.proof.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.vellum.error.LedgerException;
import io.vellum.proof.Mutations;
import io.vellum.proof.Seeds;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.Verifier;

/**
 * Randomized checks of the stored-node Merkle algorithms against the naive list-based reference (and the RFC 9162
 * definitions written out naively here), with printed seeds.
 */
class MerkleTreeTest {
    private static final int MAX_LEAVES = 1000;
    private static final int EVERY_BIT_UP_TO = 16;
    private static final int CONSISTENCY_UP_TO = 128;

    private static List<Hash> leaves;
    private static InMemorySubtrees stored;

    @BeforeAll
    static void buildTree() {
        Random random = Seeds.random("MerkleTreeTest leaves");
        leaves = new ArrayList<>();
        stored = new InMemorySubtrees();
        for (int i = 0; i < MAX_LEAVES; i++) {
            Hash leaf = Seeds.hash(random);
            leaves.add(leaf);
            stored.append(leaf);
        }
    }

    @Test
    void naiveShapeBasics() {
        Hash a = leaves.get(0);
        Hash b = leaves.get(1);
        Hash c = leaves.get(2);
        assertThat(MerkleTree.root(List.of())).isEqualTo(Hash.EMPTY);
        assertThat(MerkleTree.root(List.of(a))).isEqualTo(a);
        assertThat(MerkleTree.root(List.of(a, b, c))).isEqualTo(Dot.dot(Dot.dot(a, b), c));
        assertThat(MerkleTree.auditPath(List.of(a, b, c), 2)).containsExactly(Dot.dot(a, b));
        assertThat(MerkleTree.auditPath(List.of(a, b, c), 0)).containsExactly(b, c);
        assertThat(MerkleTree.auditPath(List.of(a), 0)).isEmpty();
        assertThatThrownBy(() -> MerkleTree.auditPath(List.of(a), 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void completedByStoresExactlyThePerfectNodes() {
        InMemorySubtrees fresh = new InMemorySubtrees();
        for (int i = 0; i < 300; i++) {
            List<MerkleNode> completed = fresh.append(leaves.get(i));
            int expectedCount = Long.numberOfTrailingZeros(~(long) i);
            assertThat(completed).hasSize(expectedCount);
            for (MerkleNode node : completed) {
                long width = 1L << node.level();
                assertThat((node.index() + 1) * width).isEqualTo(i + 1L);
                List<Hash> covered = leaves.subList((int) (node.index() * width), (int) ((node.index() + 1) * width));
                assertThat(node.hash()).isEqualTo(MerkleTree.root(covered));
            }
        }
    }

    @Test
    void rootFromStoredNodesEqualsNaiveRootForEverySize() {
        assertThat(MerkleTree.root(0, stored)).isEqualTo(Hash.EMPTY);
        for (int size = 1; size <= MAX_LEAVES; size++) {
            assertThat(MerkleTree.root(size, stored)).as("size %d", size)
                    .isEqualTo(MerkleTree.root(leaves.subList(0, size)));
        }
    }

    /**
     * Every (leaf, tip) pair of every tree of 1..1000 leaves (500,500 proofs): the proof from stored nodes equals the
     * naive audit path and verifies; with one random bit flipped in the leaf, or in any one of its entries, it fails;
     * it does not verify the
     * hash of any other leaf (the "wrong index": {@code dot} sorts its inputs, so the proof binds the leaf's hash, and
     * the hash stands for its position); and reads at most height² + 1 stored nodes. Every bit of every entry is
     * flipped for trees up to {@value #EVERY_BIT_UP_TO} leaves, and for sampled larger proofs in
     * {@link #everySingleBitFlipOfSampledProofsFails}.
     */
    @Test
    void everyLeafOfEveryTreeUpToAThousandLeavesHasAVerifyingProof() {
        Random random = Seeds.random("MerkleTreeTest inclusion");
        long checked = 0;
        for (int size = 1; size <= MAX_LEAVES; size++) {
            List<Hash> prefix = leaves.subList(0, size);
            Hash root = MerkleTree.root(prefix);
            List<List<Hash>> levels = levels(prefix);
            LedgerDigest digest = new LedgerDigest(root, new BlockAddress("strand", size - 1));
            int height = 64 - Long.numberOfLeadingZeros(size);
            for (int leafIndex = 0; leafIndex < size; leafIndex++) {
                Hash leaf = prefix.get(leafIndex);
                long readsBefore = stored.reads();
                List<Hash> proof = MerkleTree.inclusionProof(leafIndex, size, stored);
                long reads = stored.reads() - readsBefore;
                assertThat(reads).as("node reads for leaf %d of %d", leafIndex, size)
                        .isLessThanOrEqualTo((long) height * height + 1);
                if (!proof.equals(auditPath(levels, leafIndex))) {
                    assertThat(proof).as("leaf %d of %d", leafIndex, size).isEqualTo(auditPath(levels, leafIndex));
                }
                Verifier.verifyRevisionHash(leaf, new BlockAddress("strand", leafIndex), proof, digest);

                assertThat(Verifier.fold(Hash.of(Mutations.flip(leaf, random.nextInt(256))), proof))
                        .isNotEqualTo(root);
                assertEachEntryMatters(leaf, proof, root, random, leafIndex, size);
                if (size > 1) {
                    int other = (leafIndex + 1 + random.nextInt(size - 1)) % size;
                    if (Verifier.fold(prefix.get(other), proof).equals(root)) {
                        throw new AssertionError("the proof of leaf " + leafIndex + " of " + size
                                + " also verifies leaf " + other);
                    }
                }
                if (size <= EVERY_BIT_UP_TO) {
                    assertEveryBitFlipFails(leaf, proof, root);
                }
                if (leafIndex == size - 1) {
                    // A leaf index past the digest's tip, or on another strand, is refused before any folding.
                    long pastTip = size;
                    long index = leafIndex;
                    assertThatThrownBy(() -> Verifier.verifyRevisionHash(leaf, new BlockAddress("strand", pastTip),
                            proof, digest)).isInstanceOf(VerificationException.class).hasMessageContaining("sequenceNo <= ");
                    assertThatThrownBy(() -> Verifier.verifyRevisionHash(leaf, new BlockAddress("other", index),
                            proof, digest)).isInstanceOf(VerificationException.class);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo((long) MAX_LEAVES * (MAX_LEAVES + 1) / 2);
    }

    /**
     * For each entry in turn, one random bit of it flipped makes the fold miss {@code root}. The fold up to the
     * entry is shared (prefix folds), so this costs about len²/2 {@code dot}s rather than len² per proof.
     */
    private static void assertEachEntryMatters(Hash leaf, List<Hash> proof, Hash root, Random random, int leafIndex,
            int size) {
        Hash prefix = leaf;
        for (int entry = 0; entry < proof.size(); entry++) {
            int bit = random.nextInt(256);
            Hash candidate = Dot.dot(prefix, Hash.of(Mutations.flip(proof.get(entry), bit)));
            for (int rest = entry + 1; rest < proof.size(); rest++) {
                candidate = Dot.dot(candidate, proof.get(rest));
            }
            if (candidate.equals(root)) {
                throw new AssertionError("leaf " + leafIndex + " of " + size + ": flipping bit " + bit
                        + " of proof entry " + entry + " still folds to the root " + root);
            }
            prefix = Dot.dot(prefix, proof.get(entry));
        }
    }

    /** Flipping any one bit of the leaf or of any proof entry makes the fold miss {@code root}. */
    private static void assertEveryBitFlipFails(Hash leaf, List<Hash> proof, Hash root) {
        for (int bit = 0; bit < 256; bit++) {
            assertThat(Verifier.fold(Hash.of(Mutations.flip(leaf, bit)), proof)).isNotEqualTo(root);
        }
        for (int entry = 0; entry < proof.size(); entry++) {
            for (int bit = 0; bit < 256; bit++) {
                List<Hash> mutated = new ArrayList<>(proof);
                mutated.set(entry, Hash.of(Mutations.flip(proof.get(entry), bit)));
                assertThat(Verifier.fold(leaf, mutated)).as("entry %d bit %d", entry, bit).isNotEqualTo(root);
            }
        }
    }

    @Test
    void everySingleBitFlipOfSampledProofsFails() {
        Random random = Seeds.random("MerkleTreeTest bit flips");
        for (int sample = 0; sample < 100; sample++) {
            int size = 1 + random.nextInt(MAX_LEAVES);
            int leafIndex = random.nextInt(size);
            List<Hash> proof = MerkleTree.inclusionProof(leafIndex, size, stored);
            Hash root = MerkleTree.root(size, stored);
            LedgerDigest digest = new LedgerDigest(root, new BlockAddress("s", size - 1));
            for (int bit = 0; bit < 256; bit++) {
                assertThat(Verifier.fold(Hash.of(Mutations.flip(leaves.get(leafIndex), bit)), proof))
                        .as("leaf bit %d", bit).isNotEqualTo(root);
            }
            for (int entry = 0; entry < proof.size(); entry++) {
                for (int bit = 0; bit < 256; bit++) {
                    List<Hash> mutated = new ArrayList<>(proof);
                    mutated.set(entry, Hash.of(Mutations.flip(proof.get(entry), bit)));
                    // Verifier throws exactly when the fold misses the digest; the fold is checked for every bit,
                    // the exception (costly to build) for a few.
                    assertThat(Verifier.fold(leaves.get(leafIndex), mutated)).isNotEqualTo(root);
                    if (bit % 64 == 0) {
                        assertThatThrownBy(() -> Verifier.verifyRevisionHash(leaves.get(leafIndex),
                                new BlockAddress("s", leafIndex), mutated, digest))
                                .isInstanceOf(VerificationException.class);
                    }
                }
            }
        }
    }

    @Test
    void consistencyProofsVerifyAndTheirMutationsFail() {
        Random random = Seeds.random("MerkleTreeTest consistency");
        for (int newSize = 1; newSize <= CONSISTENCY_UP_TO; newSize++) {
            LedgerDigest newer = digest(newSize);
            for (int oldSize = 1; oldSize <= newSize; oldSize++) {
                LedgerDigest older = digest(oldSize);
                List<Hash> proof = MerkleTree.consistencyProof(oldSize, newSize, stored);
                assertThat(proof).as("PROOF(%d, D[%d])", oldSize, newSize)
                        .isEqualTo(naiveConsistencyProof(oldSize, leaves.subList(0, newSize)));
                Verifier.verifyConsistency(older, newer, proof);
                if (oldSize == newSize) {
                    assertThat(proof).isEmpty();
                    continue;
                }
                for (int entry = 0; entry < proof.size(); entry++) {
                    List<Hash> flipped = new ArrayList<>(proof);
                    flipped.set(entry, Hash.of(Mutations.flip(proof.get(entry), random.nextInt(256))));
                    assertInconsistent(older, newer, flipped);
                    List<Hash> dropped = new ArrayList<>(proof);
                    dropped.remove(entry);
                    assertInconsistent(older, newer, dropped);
                }
                List<Hash> extended = new ArrayList<>(proof);
                extended.add(Seeds.hash(random));
                assertInconsistent(older, newer, extended);
                assertInconsistent(newer, older, proof);
                assertInconsistent(new LedgerDigest(Seeds.hash(random), older.tipAddress()), newer, proof);
                assertInconsistent(older, new LedgerDigest(Seeds.hash(random), newer.tipAddress()), proof);
                if (newSize < MAX_LEAVES) {
                    assertInconsistent(older, digest(newSize + 1), proof);
                }
            }
        }
    }

    /**
     * Golden check for the served consistency proofs: every pair (m, n) with 1 <= m <= n <= 200, both digests the
     * naive roots of the two prefixes. Each proof verifies; with any one proof hash altered, a wrong older or newer
     * size, or the digests swapped, it fails. (Dropped and extra hashes: {@link #consistencyProofsVerifyAndTheirMutationsFail}.)
     */
    @Test
    void everyConsistencyPairUpTo200AgainstNaiveRoots() {
        int upTo = 200;
        List<Hash> roots = new ArrayList<>();
        for (int size = 1; size <= upTo; size++) {
            roots.add(MerkleTree.root(leaves.subList(0, size)));
        }
        int checked = 0;
        for (int n = 1; n <= upTo; n++) {
            LedgerDigest newer = new LedgerDigest(roots.get(n - 1), new BlockAddress("strand", n - 1));
            for (int m = 1; m <= n; m++) {
                LedgerDigest older = new LedgerDigest(roots.get(m - 1), new BlockAddress("strand", m - 1));
                List<Hash> proof = MerkleTree.consistencyProof(m, n, stored);
                Verifier.verifyConsistency(older, newer, proof);
                checked++;
                for (int entry = 0; entry < proof.size(); entry++) {
                    List<Hash> altered = new ArrayList<>(proof);
                    altered.set(entry, Hash.of(Mutations.flip(proof.get(entry), (m * 31 + n + entry) % 256)));
                    assertInconsistent(older, newer, altered);
                }
                // Wrong sizes: the digest of another size (its own root) with this proof.
                if (m > 1) {
                    assertInconsistent(digestOf(roots, m - 1), newer, proof);
                }
                if (m < n) {
                    assertInconsistent(digestOf(roots, m + 1), newer, proof);
                    assertInconsistent(newer, older, proof);
                    assertInconsistent(older, digestOf(roots, n - 1), proof);
                }
                if (n < upTo) {
                    assertInconsistent(older, digestOf(roots, n + 1), proof);
                }
            }
        }
        assertThat(checked).isEqualTo(upTo * (upTo + 1) / 2);
    }

    private static LedgerDigest digestOf(List<Hash> roots, int size) {
        return new LedgerDigest(roots.get(size - 1), new BlockAddress("strand", size - 1));
    }

    /**
     * The root hash does not encode the tree size (QLDB's tree has no size in its hashes), so a proof can also fit
     * a digest whose tip was relabelled: for (1, 3), a "size 4" digest with the size-3 root verifies, as if the
     * subtree over leaves 2..3 hashed to leaf 2. Which tip a digest is at is what the signature binds (signed
     * digests); this test pins the behaviour so that a change to it is noticed.
     */
    @Test
    void theRootDoesNotBindTheTreeSizeTheSignatureDoes() {
        LedgerDigest older = digest(1);
        LedgerDigest relabelled = new LedgerDigest(digest(3).digest(), new BlockAddress("strand", 3));
        Verifier.verifyConsistency(older, relabelled, MerkleTree.consistencyProof(1, 3, stored));
    }

    @Test
    void consistencyOfEqualSizesNeedsEqualDigests() {
        Verifier.verifyConsistency(digest(5), digest(5), List.of());
        assertInconsistent(digest(5), new LedgerDigest(leaves.get(0), digest(5).tipAddress()), List.of());
        assertInconsistent(digest(5), digest(5), List.of(leaves.get(0)));
        assertInconsistent(digest(3), digest(5), List.of());
        assertInconsistent(digest(3), new LedgerDigest(digest(5).digest(), new BlockAddress("other", 4)),
                MerkleTree.consistencyProof(3, 5, stored));
    }

    @Test
    void argumentsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> MerkleTree.inclusionProof(5, 5, stored)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(-1, 5, stored)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.consistencyProof(0, 5, stored)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.consistencyProof(6, 5, stored)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(-1, stored)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(MAX_LEAVES + 1, stored)).isInstanceOf(LedgerException.class);
    }

    private static void assertInconsistent(LedgerDigest older, LedgerDigest newer, List<Hash> proof) {
        assertThatThrownBy(() -> Verifier.verifyConsistency(older, newer, proof))
                .as("older %s newer %s proof of %d", older.tipAddress(), newer.tipAddress(), proof.size())
                .isInstanceOf(VerificationException.class);
    }

    private static LedgerDigest digest(int size) {
        return new LedgerDigest(MerkleTree.root(leaves.subList(0, size)), new BlockAddress("strand", size - 1));
    }

    /** All levels of the naive tree over {@code leaves}, bottom-up (odd last node carried up). */
    private static List<List<Hash>> levels(List<Hash> leaves) {
        List<List<Hash>> levels = new ArrayList<>();
        List<Hash> level = leaves;
        levels.add(level);
        while (level.size() > 1) {
            List<Hash> parents = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                parents.add(i + 1 < level.size() ? Dot.dot(level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = parents;
            levels.add(level);
        }
        return levels;
    }

    /** {@link MerkleTree#auditPath} over precomputed levels (same rule: no entry for a carried-up node). */
    private static List<Hash> auditPath(List<List<Hash>> levels, int leafIndex) {
        List<Hash> path = new ArrayList<>();
        int index = leafIndex;
        for (List<Hash> level : levels.subList(0, levels.size() - 1)) {
            int sibling = index ^ 1;
            if (sibling < level.size()) {
                path.add(level.get(sibling));
            }
            index >>= 1;
        }
        return path;
    }

    /** RFC 9162 §2.1.4.1 PROOF(m, D[n]) written recursively over lists, MTH = naive root. */
    private static List<Hash> naiveConsistencyProof(int m, List<Hash> d) {
        return subProof(m, d, true);
    }

    private static List<Hash> subProof(int m, List<Hash> d, boolean b) {
        int n = d.size();
        if (m == n) {
            return b ? new ArrayList<>() : new ArrayList<>(List.of(MerkleTree.root(d)));
        }
        int k = Integer.highestOneBit(n - 1);
        List<Hash> proof;
        if (m <= k) {
            proof = subProof(m, d.subList(0, k), b);
            proof.add(MerkleTree.root(d.subList(k, n)));
        } else {
            proof = subProof(m - k, d.subList(k, n), false);
            proof.add(MerkleTree.root(d.subList(0, k)));
        }
        return proof;
    }
}
