package io.vellum.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.BlockProof;
import io.vellum.proof.verify.ProofText;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.verify.Verifier;

/**
 * The 8 real proofs (leaf → digest) of COMPATIBILITY.md §12 verified with {@link Verifier}, the negative kvs sample rejected,
 * and every good proof mutated (bit flips, dropped entry, swapped entries, wrong digest, wrong leaf) rejected.
 */
class ProofVectorsTest {

    /** A real proof: the leaf it starts from, the proof, the digest it must reach. */
    private record Receipt(String name, Hash leaf, BlockAddress leafBlock, List<Hash> proof, LedgerDigest digest) {
    }

    /** The six sample-app receipts (ledgerMetadata of the accord lambdas, the rest-api README). */
    private static List<Receipt> receipts() {
        List<Receipt> receipts = new ArrayList<>();
        receipts.add(receipt("rest-api 8206ba9 json-block-1 (seq 19 → tip 35)",
                Vectors.single("amazon-qldb-rest-api/README@8206ba9.json-block-1.json")));
        receipts.add(receipt("rest-api 8206ba9 json-block-3 (seq 30 → tip 38)",
                Vectors.single("amazon-qldb-rest-api/README@8206ba9.json-block-3.json")));
        receipts.add(receipt("rest-api 8206ba9 verify-request-1 (seq 19 → tip 19)",
                Vectors.single("amazon-qldb-rest-api/README@8206ba9.verify-request-1.json")));
        receipts.add(receipt("rest-api 6f699b6 metadata-receipt (seq 90 → tip 91)",
                Vectors.single("amazon-qldb-rest-api/README@6f699b6.metadata-receipt.json")));
        receipts.add(receipt("accord verify event (seq 22 → tip 26)", ((IonStruct) Vectors.single(
                "accord-aws-qldb-lambda/fcn-qldb-verify.tests.event.json")).get("ledgerMetadata")));
        receipts.add(receipt("accord run sampleEvent (seq 112 → tip 113)", ((IonStruct) Vectors.single(
                "accord-aws-qldb-lambda/fcn-accord-run.tests.sampleEvent.json")).get("ledgerMetadata")));
        return receipts;
    }

    private static Receipt receipt(String name, com.amazon.ion.IonValue metadata) {
        IonStruct ledgerMetadata = (IonStruct) metadata;
        IonStruct ledgerDigest = (IonStruct) ledgerMetadata.get("LedgerDigest");
        return new Receipt(name,
                Hash.fromBase64(CommitDigestTest.text(ledgerMetadata, "RevisionHash")),
                BlockAddress.parseIonText(CommitDigestTest.text(ledgerMetadata.get("BlockAddress"), "IonText")),
                ProofText.parse(CommitDigestTest.text(ledgerMetadata.get("Proof"), "IonText")),
                digest(ledgerDigest));
    }

    private static LedgerDigest digest(IonStruct getDigestOutput) {
        return new LedgerDigest(Hash.fromBase64(CommitDigestTest.text(getDigestOutput, "Digest")),
                BlockAddress.parseIonText(CommitDigestTest.text(getDigestOutput.get("DigestTipAddress"), "IonText")));
    }

    private static LedgerDigest awsCliDigest() {
        return digest((IonStruct) Vectors.single("aws-cli-qldb-examples/qldb-get-digest.json"));
    }

    private static List<Hash> proofOf(String file) {
        return ProofText.parse(CommitDigestTest.text(((IonStruct) Vectors.single(file)).get("Proof"), "IonText"));
    }

    @TestFactory
    List<DynamicTest> sampleReceiptsFoldToTheirDigests() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Receipt> receipts = receipts();
        assertThat(receipts).hasSize(6);
        for (Receipt receipt : receipts) {
            tests.add(DynamicTest.dynamicTest(receipt.name(), () -> {
                assertThat(Verifier.fold(receipt.leaf(), receipt.proof())).isEqualTo(receipt.digest().digest());
                Verifier.verifyRevisionHash(receipt.leaf(), receipt.leafBlock(), receipt.proof(), receipt.digest());
                assertMutationsRejected(receipt);
            }));
        }
        return tests;
    }

    @Test
    void awsCliRevisionProofVerifies() {
        Revision revision = Revision.fromIon(RevisionVectorsTest.ionText(
                "aws-cli-qldb-examples/qldb-get-revision.json", "Revision"));
        List<Hash> proof = proofOf("aws-cli-qldb-examples/qldb-get-revision.json");
        Verifier.verifyRevision(revision, proof, awsCliDigest());
        assertMutationsRejected(new Receipt("aws-cli revision", revision.hash(), revision.blockAddress(), proof,
                awsCliDigest()));
        Revision tampered = Revision.create(revision.blockAddress(),
                (IonStruct) Vectors.ION.singleValue("{VIN:\"tampered\"}"), revision.metadata());
        Revision withOldHash = new Revision(tampered.blockAddress(), revision.hash(), tampered.data(), null,
                tampered.metadata());
        assertThatThrownBy(() -> Verifier.verifyRevision(withOldHash, proof, awsCliDigest()))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> Verifier.verifyRevision(tampered, proof, awsCliDigest()))
                .isInstanceOf(VerificationException.class).hasMessageContaining("digest");
    }

    @Test
    void awsCliBlockProofVerifies() {
        JournalBlock block = JournalBlock.fromIon(BlockVectorsTest.block100());
        List<Hash> proof = ProofText.parse(Vectors.text("aws-cli-qldb-examples/block-100.proof.extracted.ion"));
        assertThat(proof).isEqualTo(proofOf("aws-cli-qldb-examples/qldb-get-block.json"));
        Verifier.verifyBlock(block, proof, awsCliDigest());
        // COMPATIBILITY.md §7: GetRevision's proof is the revision prefix followed by GetBlock's proof.
        List<Hash> revisionProof = proofOf("aws-cli-qldb-examples/qldb-get-revision.json");
        assertThat(revisionProof.subList(3, revisionProof.size())).isEqualTo(proof);
        assertMutationsRejected(new Receipt("aws-cli block", block.blockHash(), block.blockAddress(), proof,
                awsCliDigest()));

        IonStruct badBlock = BlockVectorsTest.block100();
        ((IonStruct) ((IonList) badBlock.get("revisions")).get(0)).put("hash",
                Vectors.ION.newBlob(Mutations.flip(block.revisions().get(0).hash(), 3)));
        assertThatThrownBy(() -> Verifier.verifyBlock(JournalBlock.fromIon(badBlock), proof, awsCliDigest()))
                .isInstanceOf(VerificationException.class).hasMessageContaining("rule 3");
    }

    @Test
    void theSharedProofTypesVerifyQldbsAnswersAndThrowExpectedVersusComputed() {
        // RevisionProof/BlockProof are what the engine and the client both hand out: QLDB's GetRevision and GetBlock
        // answers must verify through them exactly as through Verifier, and a wrong proof must throw, not pass.
        Revision revision = Revision.fromIon(RevisionVectorsTest.ionText(
                "aws-cli-qldb-examples/qldb-get-revision.json", "Revision"));
        List<Hash> revisionProof = new ArrayList<>(proofOf("aws-cli-qldb-examples/qldb-get-revision.json"));
        RevisionProof proven = new RevisionProof(revision, revisionProof);
        proven.verify(awsCliDigest());
        revisionProof.clear();
        assertThat(proven.proof()).as("the record keeps its own copy").isNotEmpty();
        List<Hash> shorter = proven.proof().subList(0, proven.proof().size() - 1);
        assertThatThrownBy(() -> new RevisionProof(revision, shorter).verify(awsCliDigest()))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.expected()).isEqualTo(awsCliDigest().digest());
                    assertThat(e.computed()).isEqualTo(Verifier.fold(revision.hash(), shorter));
                });

        JournalBlock block = JournalBlock.fromIon(BlockVectorsTest.block100());
        List<Hash> blockProof = proofOf("aws-cli-qldb-examples/qldb-get-block.json");
        new BlockProof(block, blockProof).verify(awsCliDigest());
        List<Hash> flipped = new ArrayList<>(blockProof);
        flipped.set(0, Hash.of(Mutations.flip(blockProof.get(0), 7)));
        assertThatThrownBy(() -> new BlockProof(block, flipped).verify(awsCliDigest()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.expected()).isEqualTo(awsCliDigest().digest()));
    }

    @Test
    void kvsSampleLedgerInfoIsRejected() {
        Receipt receipt = receipt("kvs sampleLedgerInfo",
                Vectors.single("amazon-qldb-kvs-nodejs/test.sampleLedgerInfo.json"));
        assertThatThrownBy(() -> Verifier.verifyRevisionHash(receipt.leaf(), receipt.leafBlock(), receipt.proof(),
                receipt.digest()))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("KbW0e2QaN2uBUWzRYGeOCe")
                .satisfies(e -> assertThat(((VerificationException) e).expected()).isEqualTo(receipt.digest().digest()));
    }

    @Test
    void revisionsFromHistoryVerifyAgainstTheirReceipts() {
        // rest-api e844f77 history row 0 is the leaf of the seq-19 receipts; accord history row 1 of seq 22.
        Revision restApi = Revision.fromIon(QldbJson.revision(((IonList) Vectors.single(
                "amazon-qldb-rest-api/README@e844f77.history-response.json")).get(0)));
        Receipt restReceipt = receipts().get(0);
        Verifier.verifyRevision(restApi, restReceipt.proof(), restReceipt.digest());
        IonList accordHistory = (IonList) ((IonStruct) Vectors.single(
                "accord-aws-qldb-lambda/fcn-qldb-get-document-history.tests.sampleHistory.json")).get("response");
        Revision accord = Revision.fromIon(QldbJson.revision(accordHistory.get(1)));
        Receipt accordReceipt = receipts().get(4);
        Verifier.verifyRevision(accord, accordReceipt.proof(), accordReceipt.digest());
        // The REFORMATTED seq-19 row keeps the hash but changed the data: its contents do not verify.
        Revision reformatted = Revision.fromIon(QldbJson.revision(((IonList) Vectors.single(
                "amazon-qldb-rest-api/README@8206ba9.history-response.REFORMATTED.json")).get(0)));
        assertThat(reformatted.hash()).isEqualTo(restApi.hash());
        assertThatThrownBy(() -> Verifier.verifyRevision(reformatted, restReceipt.proof(), restReceipt.digest()))
                .isInstanceOf(VerificationException.class);
    }

    private static void assertMutationsRejected(Receipt receipt) {
        List<Hash> proof = receipt.proof();
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {0, 77, 255}) {
                List<Hash> mutated = new ArrayList<>(proof);
                mutated.set(i, Hash.of(Mutations.flip(proof.get(i), bit)));
                assertRejected(receipt.leaf(), receipt.leafBlock(), mutated, receipt.digest());
            }
            List<Hash> dropped = new ArrayList<>(proof);
            dropped.remove(i);
            assertRejected(receipt.leaf(), receipt.leafBlock(), dropped, receipt.digest());
        }
        if (proof.size() > 1) {
            List<Hash> swapped = new ArrayList<>(proof);
            swapped.set(0, proof.get(1));
            swapped.set(1, proof.get(0));
            if (!swapped.equals(proof)) {
                assertRejected(receipt.leaf(), receipt.leafBlock(), swapped, receipt.digest());
            }
        }
        assertRejected(Hash.of(Mutations.flip(receipt.leaf(), 100)), receipt.leafBlock(), proof,
                receipt.digest());
        assertRejected(receipt.leaf(), receipt.leafBlock(), proof, new LedgerDigest(
                Hash.of(Mutations.flip(receipt.digest().digest(), 200)), receipt.digest().tipAddress()));
        BlockAddress tip = receipt.digest().tipAddress();
        assertRejected(receipt.leaf(), new BlockAddress(tip.strandId(), tip.sequenceNo() + 1), proof, receipt.digest());
        assertRejected(receipt.leaf(), new BlockAddress("otherStrand", receipt.leafBlock().sequenceNo()), proof,
                receipt.digest());
    }

    private static void assertRejected(Hash leaf, BlockAddress leafBlock, List<Hash> proof, LedgerDigest digest) {
        assertThatThrownBy(() -> Verifier.verifyRevisionHash(leaf, leafBlock, proof, digest))
                .isInstanceOf(VerificationException.class);
    }
}
