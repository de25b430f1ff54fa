package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenVectors.ION;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.merkle.PerfectSubtrees;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code merkle.ion}, over {@value #LEAVES} leaves ({@code leaf i = SHA-256("golden leaf " + i)}), each a block hash
 * of a ledger whose blocks are at sequenceNo {@code 0..i}:
 * <ul>
 * <li>first {@code {name: "leaves", leaves: [...]}};
 * <li>{@code {name: "root/size-n", expect, treeSize, root}}: the digest over the first n leaves;
 * <li>{@code {name: "inclusion/…", expect, leaf, leafIndex, treeSize, root, proof}}: folding the proof onto the leaf must
 *     give the root (a negative: {@value #INCLUSION_CONDITION});
 * <li>{@code {name: "consistency/…", expect, fromSize, toSize, fromRoot, toRoot, proof}}: RFC 9162's consistency
 *     proof with {@code dot} (a negative: {@value #CONSISTENCY_CONDITION}).
 * </ul>
 * Valid cases cover every size and pair up to {@value #LEAVES}; negatives (one proof byte flipped, the last proof
 * entry dropped, a root's byte flipped, the proof of the neighbouring leaf) a selection of sizes.
 */
final class GoldenMerkle {
    static final int LEAVES = 17;
    static final String INCLUSION_CONDITION = "must fold to the digest";
    static final String CONSISTENCY_CONDITION = "consistency of digest at tip";
    private static final Set<Integer> NEGATIVE_SIZES = Set.of(1, 2, 3, 5, 7, 8, 13, 16, 17);

    private GoldenMerkle() {
    }

    static List<Hash> leaves() {
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < LEAVES; i++) {
            leaves.add(Hash.sha256(("golden leaf " + i).getBytes(StandardCharsets.US_ASCII)));
        }
        return leaves;
    }

    static List<IonValue> cases() {
        List<Hash> leaves = leaves();
        PerfectSubtrees subtrees = (level, index) -> MerkleTree.root(
                leaves.subList((int) (index << level), (int) ((index + 1) << level)));
        List<IonValue> cases = new ArrayList<>();
        IonStruct header = ION.newEmptyStruct();
        header.put("name").newString("leaves");
        header.put("leaves", GoldenVectors.blobs(leaves));
        cases.add(header);
        for (int size = 1; size <= LEAVES; size++) {
            IonStruct root = GoldenVectors.valid("root/size-" + size);
            root.put("treeSize").newInt(size);
            root.put("root", GoldenVectors.blob(MerkleTree.root(leaves.subList(0, size))));
            cases.add(root);
        }
        for (int size = 1; size <= LEAVES; size++) {
            Hash root = MerkleTree.root(leaves.subList(0, size));
            for (int leaf = 0; leaf < size; leaf++) {
                List<Hash> proof = MerkleTree.inclusionProof(leaf, size, subtrees);
                String name = "inclusion/leaf-" + leaf + "-of-" + size;
                boolean withNegatives = NEGATIVE_SIZES.contains(size)
                        && (leaf == 0 || leaf == size / 2 || leaf == size - 1);
                List<IonStruct> inclusion = inclusionCasesFor(name, leaves.get(leaf), leaf, size, root, proof);
                cases.addAll(withNegatives ? inclusion : inclusion.subList(0, 1));
                if (withNegatives && !proof.isEmpty()) {
                    int neighbour = leaf + 1 < size ? leaf + 1 : leaf - 1;
                    cases.add(inclusion(GoldenVectors.negative(name + "/neighbour-leaf",
                            "the proof of leaf " + neighbour + " given for leaf " + leaf, INCLUSION_CONDITION),
                            leaves.get(leaf), leaf, size, root, MerkleTree.inclusionProof(neighbour, size, subtrees)));
                }
            }
        }
        for (int to = 1; to <= LEAVES; to++) {
            Hash toRoot = MerkleTree.root(leaves.subList(0, to));
            for (int from = 1; from <= to; from++) {
                Hash fromRoot = MerkleTree.root(leaves.subList(0, from));
                List<Hash> proof = MerkleTree.consistencyProof(from, to, subtrees);
                String name = "consistency/" + from + "-to-" + to;
                cases.add(consistency(GoldenVectors.valid(name), from, to, fromRoot, toRoot, proof));
                if (!NEGATIVE_SIZES.contains(to) || !NEGATIVE_SIZES.contains(from)) {
                    continue;
                }
                cases.add(consistency(GoldenVectors.negative(name + "/from-root-byte-flipped",
                        "byte 0 of fromRoot flipped", CONSISTENCY_CONDITION), from, to,
                        GoldenVectors.flipped(fromRoot, 0), toRoot, proof));
                cases.add(consistency(GoldenVectors.negative(name + "/to-root-byte-flipped",
                        "byte 0 of toRoot flipped", CONSISTENCY_CONDITION), from, to, fromRoot,
                        GoldenVectors.flipped(toRoot, 0), proof));
                if (!proof.isEmpty()) {
                    cases.add(consistency(GoldenVectors.negative(name + "/proof-byte-flipped",
                            "byte 0 of proof[0] flipped", CONSISTENCY_CONDITION), from, to, fromRoot, toRoot,
                            replaced(proof, 0, GoldenVectors.flipped(proof.get(0), 0))));
                    cases.add(consistency(GoldenVectors.negative(name + "/last-entry-dropped",
                            "the proof's last entry dropped", CONSISTENCY_CONDITION), from, to, fromRoot, toRoot,
                            proof.subList(0, proof.size() - 1)));
                }
            }
        }
        return cases;
    }

    /**
     * The valid inclusion case of {@code leaf} (a leaf of Vellum's test tree, or a real QLDB block hash), then its
     * negatives: the root's byte flipped, and with a non-empty proof, its first entry's byte flipped and its last
     * entry dropped.
     */
    static List<IonStruct> inclusionCasesFor(String name, Hash leaf, long leafIndex, long size, Hash root,
            List<Hash> proof) {
        List<IonStruct> cases = new ArrayList<>();
        cases.add(inclusion(GoldenVectors.valid(name), leaf, leafIndex, size, root, proof));
        cases.add(inclusion(GoldenVectors.negative(name + "/root-byte-flipped", "byte 0 of the root flipped",
                INCLUSION_CONDITION), leaf, leafIndex, size, GoldenVectors.flipped(root, 0), proof));
        if (!proof.isEmpty()) {
            cases.add(inclusion(GoldenVectors.negative(name + "/proof-byte-flipped", "byte 0 of proof[0] flipped",
                    INCLUSION_CONDITION), leaf, leafIndex, size, root,
                    replaced(proof, 0, GoldenVectors.flipped(proof.get(0), 0))));
            cases.add(inclusion(GoldenVectors.negative(name + "/last-entry-dropped", "the proof's last entry dropped",
                    INCLUSION_CONDITION), leaf, leafIndex, size, root, proof.subList(0, proof.size() - 1)));
        }
        return cases;
    }

    private static List<Hash> replaced(List<Hash> proof, int index, Hash hash) {
        List<Hash> copy = new ArrayList<>(proof);
        copy.set(index, hash);
        return copy;
    }

    private static IonStruct inclusion(IonStruct value, Hash leaf, long leafIndex, long size, Hash root,
            List<Hash> proof) {
        value.put("leaf", GoldenVectors.blob(leaf));
        value.put("leafIndex").newInt(leafIndex);
        value.put("treeSize").newInt(size);
        value.put("root", GoldenVectors.blob(root));
        value.put("proof", GoldenVectors.blobs(proof));
        return value;
    }

    private static IonStruct consistency(IonStruct value, int from, int to, Hash fromRoot, Hash toRoot,
            List<Hash> proof) {
        value.put("fromSize").newInt(from);
        value.put("toSize").newInt(to);
        value.put("fromRoot", GoldenVectors.blob(fromRoot));
        value.put("toRoot", GoldenVectors.blob(toRoot));
        value.put("proof", GoldenVectors.blobs(proof));
        return value;
    }
}
