package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenVectors.ION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonList;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.Ed25519PublicKey;
import io.vellum.proof.Ed25519Signature;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.Hash;
import io.vellum.proof.IonHash;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import io.vellum.proof.MerkleTree;
import io.vellum.proof.Revision;
import io.vellum.proof.SignedDigest;
import io.vellum.proof.VerificationException;
import io.vellum.proof.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks Vellum's committed golden vectors ({@code src/test/resources/vectors/}) with Vellum's verification code:
 * every valid case verifies, every mutated negative fails with {@code VERIFICATION_FAILED} naming its condition.
 * Needs nothing outside the repository. A last test regenerates the files and requires them byte for byte equal
 * to the committed ones, so a change of hashing or proofs cannot pass unnoticed (regenerate, and review the diff).
 */
class GoldenVectorsTest {
    private static final String STRAND = GoldenBlocks.STRAND;

    @Test
    void ionHashesMatchTheirValuesAndNegativesFail() {
        List<IonStruct> cases = cases("ion-hash.ion");
        assertThat(cases).hasSizeGreaterThan(60);
        check(cases, c -> {
            Hash expected = hash(c.get("ionHash"));
            Hash computed = IonHash.of(c.get("value"));
            if (!computed.equals(expected)) {
                throw new VerificationException("value " + c.get("value") + ": " + GoldenIonHashes.CONDITION,
                        expected, computed);
            }
        });
    }

    @Test
    void revisionsVerifyAndMutationsFail() {
        check(cases("revisions.ion"), c -> Revision.fromIon(c.get("revision")).verifyHash());
    }

    @Test
    void blocksVerifyAsAChainAndMutationsFail() {
        Map<Long, JournalBlock> valid = new HashMap<>();
        check(cases("blocks.ion"), c -> {
            JournalBlock block = JournalBlock.fromIon(c.get("block"));
            block.verify();
            long sequenceNo = block.blockAddress().sequenceNo();
            if (sequenceNo == 0) {
                assertThat(block.previousBlockHash().isEmpty()).as("block 0 has no previous block").isTrue();
            } else {
                block.verifyFollows(valid.get(sequenceNo - 1));
            }
            if (string(c, "expect").equals(GoldenVectors.VALID)) {
                valid.put(sequenceNo, block);
            }
        });
        assertThat(valid).hasSize(4);
    }

    @Test
    void merkleRootsAndProofsVerifyAndMutationsFail() {
        List<IonStruct> all = cases("merkle.ion");
        List<Hash> leaves = hashes(all.get(0).get("leaves"));
        assertThat(leaves).hasSize(GoldenMerkle.LEAVES);
        Map<Long, Hash> roots = new HashMap<>();
        List<IonStruct> proofs = new ArrayList<>();
        for (IonStruct c : all.subList(1, all.size())) {
            String name = string(c, "name");
            if (name.startsWith("root/")) {
                long size = number(c, "treeSize");
                assertThat(hash(c.get("root"))).as(name).isEqualTo(MerkleTree.root(
                        leaves.subList(0, (int) size)));
                roots.put(size, hash(c.get("root")));
            } else {
                proofs.add(c);
            }
        }
        assertThat(roots).hasSize(GoldenMerkle.LEAVES);
        check(proofs, c -> {
            List<Hash> proof = hashes(c.get("proof"));
            if (string(c, "name").startsWith("inclusion/")) {
                long leaf = number(c, "leafIndex");
                long size = number(c, "treeSize");
                Verifier.verifyRevisionHash(leaves.get((int) leaf), new BlockAddress(STRAND, leaf), proof,
                        new LedgerDigest(hash(c.get("root")), new BlockAddress(STRAND, size - 1)));
            } else {
                Verifier.verifyConsistency(
                        new LedgerDigest(hash(c.get("fromRoot")), new BlockAddress(STRAND, number(c, "fromSize") - 1)),
                        new LedgerDigest(hash(c.get("toRoot")), new BlockAddress(STRAND, number(c, "toSize") - 1)),
                        proof);
            }
        });
    }

    @Test
    void signedDigestsVerifyWithTheFixedKeyAndMutationsFail() {
        List<IonStruct> all = cases("signed-digests.ion");
        Ed25519PublicKey key = Ed25519PublicKey.fromBase64(string(all.get(0), "publicKey"));
        assertThat(key.keyId()).isEqualTo(string(all.get(0), "keyId"));
        check(all.subList(1, all.size()), c -> {
            SignedDigest signed = new SignedDigest(string(c, "ledgerName"),
                    new LedgerDigest(hash(c.get("digest")), BlockAddress.parseIonText(string(c, "tipAddress"))),
                    Instant.parse(string(c, "signedAt")), string(c, "keyId"),
                    Ed25519Signature.of(((IonBlob) c.get("signature")).getBytes()));
            signed.verifySignature(key);
        });
    }

    @Test
    void committedFilesAreWhatTheGeneratorWritesToday() {
        for (Map.Entry<String, String> file : GoldenVectors.files().entrySet()) {
            assertThat(resource(file.getKey()))
                    .as("%s differs from what GoldenVectorGenerator writes now: regenerate it (CONTRIBUTING.md) and"
                            + " review the diff", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    /** A check of one case: returns normally when it verifies, throws when it does not. */
    private interface CaseCheck {
        void check(IonStruct c);
    }

    private static void check(List<IonStruct> cases, CaseCheck check) {
        int valid = 0;
        int negative = 0;
        for (IonStruct c : cases) {
            String name = string(c, "name");
            if (string(c, "expect").equals(GoldenVectors.VALID)) {
                try {
                    check.check(c);
                } catch (LedgerException e) {
                    fail("valid case " + name + " failed: " + e.getMessage(), e);
                }
                valid++;
            } else {
                assertThat(string(c, "expect")).as(name).isEqualTo(ErrorCode.VERIFICATION_FAILED.name());
                try {
                    check.check(c);
                    fail("negative case " + name + " (" + string(c, "mutation") + ") verified");
                } catch (LedgerException e) {
                    assertThat(e.code()).as(name).isEqualTo(ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.getMessage()).as(name).contains(string(c, "condition"));
                }
                negative++;
            }
        }
        assertThat(valid).as("valid cases").isPositive();
        assertThat(negative).as("negative cases").isPositive();
    }

    static List<IonStruct> cases(String file) {
        IonDatagram values = ION.getLoader().load(resource(file));
        List<IonStruct> cases = new ArrayList<>();
        for (IonValue value : values) {
            cases.add((IonStruct) value);
        }
        return cases;
    }

    static String resource(String file) {
        String path = "/" + GoldenVectors.FOLDER + "/" + file;
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("golden vector file missing from the test classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    static String string(IonStruct c, String field) {
        return ((IonString) c.get(field)).stringValue();
    }

    static long number(IonStruct c, String field) {
        return ((IonInt) c.get(field)).longValue();
    }

    static Hash hash(IonValue blob) {
        return Hash.of(((IonBlob) blob).getBytes());
    }

    static List<Hash> hashes(IonValue list) {
        List<Hash> hashes = new ArrayList<>();
        for (IonValue blob : (IonList) list) {
            hashes.add(hash(blob));
        }
        return hashes;
    }
}
