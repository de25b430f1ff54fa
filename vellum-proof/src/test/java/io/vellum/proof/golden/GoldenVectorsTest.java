package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenChecks.hash;
import static io.vellum.proof.golden.GoldenChecks.hashes;
import static io.vellum.proof.golden.GoldenChecks.number;
import static io.vellum.proof.golden.GoldenChecks.string;
import static io.vellum.proof.golden.GoldenVectors.ION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.merkle.MerkleTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks Vellum's committed golden vectors ({@code src/test/resources/vectors/}) with Vellum's verification code
 * ({@link GoldenChecks}): every valid case verifies, every mutated negative fails with {@code VERIFICATION_FAILED}
 * naming its condition. Needs nothing outside the repository. A last test regenerates the files and requires them
 * byte for byte equal to the committed ones, so a change of hashing or proofs cannot pass unnoticed (regenerate, and
 * review the diff).
 */
class GoldenVectorsTest {

    @Test
    void ionHashesMatchTheirValuesAndNegativesFail() {
        assertThat(GoldenChecks.run(cases("ion-hash.ion"), GoldenChecks::ionHash)).containsExactly(30, 42);
    }

    @Test
    void revisionsVerifyAndMutationsFail() {
        assertThat(GoldenChecks.run(cases("revisions.ion"), GoldenChecks::revision)).containsExactly(5, 13);
    }

    @Test
    void blocksVerifyAsAChainAndMutationsFail() {
        Map<Long, JournalBlock> valid = new HashMap<>();
        int[] counts = GoldenChecks.run(cases("blocks.ion"), c -> {
            JournalBlock block = GoldenChecks.block(c, valid);
            if (string(c, "expect").equals(GoldenVectors.VALID)) {
                valid.put(block.blockAddress().sequenceNo(), block);
            }
        });
        assertThat(counts).containsExactly(4, 27);
        assertThat(valid.get(0L).previousBlockHash().isEmpty()).as("block 0 has no previous block").isTrue();
        assertThat(valid).hasSize(4);
    }

    @Test
    void merkleRootsAndProofsVerifyAndMutationsFail() {
        List<IonStruct> all = cases("merkle.ion");
        List<Hash> leaves = hashes(all.get(0).get("leaves"));
        assertThat(leaves).hasSize(GoldenMerkle.LEAVES);
        Map<Long, Hash> roots = new HashMap<>();
        List<IonStruct> inclusion = new ArrayList<>();
        List<IonStruct> consistency = new ArrayList<>();
        for (IonStruct c : all.subList(1, all.size())) {
            String name = string(c, "name");
            if (name.startsWith("root/")) {
                long size = number(c, "treeSize");
                assertThat(hash(c.get("root"))).as(name).isEqualTo(MerkleTree.root(leaves.subList(0, (int) size)));
                roots.put(size, hash(c.get("root")));
            } else if (name.startsWith("inclusion/")) {
                assertThat(hash(c.get("leaf"))).as(name).isEqualTo(leaves.get((int) number(c, "leafIndex")));
                inclusion.add(c);
            } else {
                consistency.add(c);
            }
        }
        assertThat(roots).hasSize(GoldenMerkle.LEAVES);
        assertThat(GoldenChecks.run(inclusion, GoldenChecks::inclusion)).containsExactly(153, 93);
        assertThat(GoldenChecks.run(consistency, GoldenChecks::consistency)).containsExactly(153, 162);
    }

    @Test
    void signedDigestsVerifyWithTheFixedKeyAndMutationsFail() {
        List<IonStruct> all = cases("signed-digests.ion");
        Ed25519PublicKey key = Ed25519PublicKey.fromBase64(string(all.get(0), "publicKey"));
        assertThat(key.keyId()).isEqualTo(string(all.get(0), "keyId"));
        assertThat(GoldenChecks.run(all.subList(1, all.size()), c -> GoldenChecks.signedDigest(c, key)))
                .containsExactly(3, 18);
    }

    /** The fixed key is RFC 8032's TEST 1 key: its public key and its signature of the empty message are the RFC's. */
    @Test
    void theFixedKeyIsRfc8032Test1() throws Exception {
        KeyPair key = GoldenSignedDigests.fixedKey();
        assertThat(HexFormat.of().formatHex(Ed25519PublicKey.fromJdk(key.getPublic()).toByteArray()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        assertThat(HexFormat.of().formatHex(signer.sign())).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5"
                + "d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
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
}
