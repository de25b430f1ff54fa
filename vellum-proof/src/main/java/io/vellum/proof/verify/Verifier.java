package io.vellum.proof.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.merkle.MerkleTree;

/**
 * Offline verification of revisions, blocks and digests against a {@link LedgerDigest} (COMPATIBILITY.md §7), and of
 * consistency between two digests (RFC 9162 §2.1.4.2 with {@code dot}). Every method either returns normally
 * or throws {@link VerificationException} with the expected and computed values; none returns false. Thread-safe.
 */
public final class Verifier {
    private Verifier() {
    }

    /** {@code leaf} folded with every proof entry in order: {@code dot(...dot(dot(leaf, p0), p1)..., pn)}. */
    public static Hash fold(Hash leaf, List<Hash> proof) {
        Hash candidate = Objects.requireNonNull(leaf, "leaf");
        for (Hash entry : proof) {
            candidate = Dot.dot(candidate, Objects.requireNonNull(entry, "proof entry"));
        }
        return candidate;
    }

    /**
     * Checks that {@code revision} is in the ledger {@code digest} describes: its hash is recomputed from its
     * contents first ({@link Revision#verifyHash}), then the proof (GetRevision's) must fold it to the digest.
     */
    public static void verifyRevision(Revision revision, List<Hash> proof, LedgerDigest digest) {
        requireCovered("revision " + revision.describe(), revision.blockAddress(), digest);
        revision.verifyHash();
        requireFoldsTo("revision " + revision.describe(), revision.hash(), proof, digest);
    }

    /**
     * Checks that a revision known only by its hash and block (a receipt: QLDB's {@code RevisionHash} and
     * {@code BlockAddress}) is in the ledger {@code digest} describes. Prefer {@link #verifyRevision} when the
     * revision itself is at hand: only it proves the revision's contents.
     */
    public static void verifyRevisionHash(Hash revisionHash, BlockAddress blockAddress, List<Hash> proof,
            LedgerDigest digest) {
        String what = "revision hash " + revisionHash + " in block " + blockAddress;
        requireCovered(what, blockAddress, digest);
        requireFoldsTo(what, revisionHash, proof, digest);
    }

    /**
     * Checks that {@code block} is in the ledger {@code digest} describes: the block's own hashes first
     * ({@link JournalBlock#verify}), then the proof (GetBlock's) must fold its block hash to the digest.
     */
    public static void verifyBlock(JournalBlock block, List<Hash> proof, LedgerDigest digest) {
        String what = "block " + block.blockAddress();
        requireCovered(what, block.blockAddress(), digest);
        block.verify();
        requireFoldsTo(what, block.blockHash(), proof, digest);
    }

    private static void requireCovered(String what, BlockAddress address, LedgerDigest digest) {
        BlockAddress tip = digest.tipAddress();
        if (!address.strandId().equals(tip.strandId()) || address.sequenceNo() > tip.sequenceNo()) {
            throw new VerificationException(what + " must be covered by the digest at tip " + tip,
                    "strandId " + tip.strandId() + " and sequenceNo <= " + tip.sequenceNo(), address.toString());
        }
    }

    private static void requireFoldsTo(String what, Hash leaf, List<Hash> proof, LedgerDigest digest) {
        Hash computed = fold(leaf, proof);
        if (!computed.equals(digest.digest())) {
            throw new VerificationException(what + ": proof of " + proof.size() + " hashes must fold to the digest at tip "
                    + digest.tipAddress(), digest.digest(), computed);
        }
    }

    /**
     * Checks that {@code newer} describes an append-only extension of the ledger {@code older} describes, with
     * the proof from {@link MerkleTree#consistencyProof} for tree sizes {@code older.treeSize()} and
     * {@code newer.treeSize()} (RFC 9162 §2.1.4.2, {@code dot} as the node hash). Equal sizes need an empty proof
     * and equal digests.
     */
    public static void verifyConsistency(LedgerDigest older, LedgerDigest newer, List<Hash> proof) {
        String what = "consistency of digest at tip " + older.tipAddress() + " with digest at tip " + newer.tipAddress();
        if (!older.tipAddress().strandId().equals(newer.tipAddress().strandId())) {
            throw new VerificationException(what + ": both digests must be of one strand",
                    older.tipAddress().strandId(), newer.tipAddress().strandId());
        }
        long first = older.treeSize();
        long second = newer.treeSize();
        if (first > second) {
            throw new VerificationException(what + ": the older tree must not be larger",
                    "treeSize <= " + second, Long.toString(first));
        }
        if (first == second) {
            if (!proof.isEmpty()) {
                throw new VerificationException(what + ": equal tree sizes need an empty proof",
                        "0 hashes", proof.size() + " hashes");
            }
            if (!older.digest().equals(newer.digest())) {
                throw new VerificationException(what + ": equal tree sizes need equal digests",
                        older.digest(), newer.digest());
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new VerificationException(what + ": growing tree needs a non-empty proof", "at least 1 hash", "0");
        }
        List<Hash> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(first) == 1) {
            path.add(older.digest());
        }
        path.addAll(proof);
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        Hash fr = path.get(0);
        Hash sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            Hash c = Objects.requireNonNull(path.get(i), "proof entry");
            if (sn == 0) {
                throw new VerificationException(what + ": proof is longer than the tree is high",
                        (i - 1) + " hashes or fewer", proof.size() + " hashes");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Dot.dot(c, fr);
                sr = Dot.dot(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = Dot.dot(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new VerificationException(what + ": proof is shorter than the tree is high",
                    "a proof reaching the root", "one stopping " + Long.toBinaryString(sn).length() + " levels below");
        }
        if (!fr.equals(older.digest())) {
            throw new VerificationException(what + ": proof must rebuild the older digest", older.digest(), fr);
        }
        if (!sr.equals(newer.digest())) {
            throw new VerificationException(what + ": proof must rebuild the newer digest", newer.digest(), sr);
        }
    }
}
