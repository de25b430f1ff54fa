package io.vellum.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.verify.ProofText;
import io.vellum.proof.verify.Verifier;

/**
 * The real blocks: AWS-CLI block 100 (GetBlock) and the streams BLOCK_SUMMARY record rebuilt into a block with its
 * REVISION_DETAILS record, plus mutations of both.
 */
class BlockVectorsTest {

    static IonStruct block100() {
        return RevisionVectorsTest.ionText("aws-cli-qldb-examples/qldb-get-block.json", "Block");
    }

    @Test
    void extractedBlock100IsTheGetBlockText() {
        assertThat(Vectors.single("aws-cli-qldb-examples/block-100.extracted.ion")).isEqualTo(block100());
    }

    @Test
    void block100HashesMatch() {
        JournalBlock block = JournalBlock.fromIon(block100());
        block.verify();
        assertThat(block.blockAddress()).isEqualTo(new BlockAddress("KmA3ZZca7vAIiJAK9S5Iwl", 100));
        assertThat(block.entriesHashList()).hasSize(4);
        // COMPATIBILITY.md §5 inferred layout: [system, merkleRoot(revisions), system, ionHash(transactionInfo)].
        assertThat(block.entriesHashList().get(1)).isEqualTo(block.revisionsRoot());
        assertThat(block.entriesHashList().get(3)).isEqualTo(block.transactionInfo().hash());
        assertThat(MerkleTree.root(block.entriesHashList())).isEqualTo(block.entriesHash());
        assertThat(Dot.dot(block.entriesHash(), block.previousBlockHash())).isEqualTo(block.blockHash());
        StatementInfo statement = block.transactionInfo().statements().get(0);
        assertThat(CommitDigest.statementHash(statement.statement(), List.of())).isEqualTo(statement.statementDigest());
        Revision revision = (Revision) block.revisions().get(0);
        revision.verifyHash();
        assertThat(block.transactionInfo().documents().get("JUJgkIcNbhS2goq8RqLuZ4"))
                .isEqualTo(new DocumentInfo("VehicleRegistration", "BFJKdXgzt9oF4wjMbuxy4G", List.of(0)));
    }

    @Test
    void block100TransactionInfoReEncodedCanonicallyHashesAsQldbHashedIt() {
        JournalBlock block = JournalBlock.fromIon(block100());
        TransactionInfo qldb = block.transactionInfo();
        TransactionInfo canonical = new TransactionInfo(qldb.statements(), qldb.documents());
        assertThat(canonical.ion()).isEqualTo(qldb.ion());
        // the streamed hash of the canonical encoding, against QLDB's entriesHashList
        assertThat(canonical.hash()).isEqualTo(block.entriesHashList().get(3));
        Revision revision = (Revision) block.revisions().get(0);
        assertThat(Dot.dot(revision.metadata().ionHash(), IonHash.of(revision.data()))).isEqualTo(revision.hash());
    }

    @Test
    void block100RoundTripsExactly() {
        IonStruct original = block100();
        IonStruct response = (IonStruct) Vectors.single("aws-cli-qldb-examples/qldb-get-block.json");
        String text = CommitDigestTest.text(response.get("Block"), "IonText");
        JournalBlock block = JournalBlock.fromIon(original);
        assertThat(block.toIon(Vectors.ION)).isEqualTo(original);
        assertThat(block.toIon(Vectors.ION).toString()).isEqualTo(text);
        JournalBlock reread = JournalBlock.fromIonBinary(block.toIonBinary());
        assertThat(reread).isEqualTo(block);
        reread.verify();
        assertThat(IonHash.ofBinary(block.toIonBinary())).isEqualTo(IonHash.of(original));
    }

    @Test
    void revisionProofPrefixIsTheStartOfQldbsRevisionProof() {
        JournalBlock block = JournalBlock.fromIon(block100());
        IonStruct response = (IonStruct) Vectors.single("aws-cli-qldb-examples/qldb-get-revision.json");
        List<Hash> revisionProof = ProofText.parse(CommitDigestTest.text(response.get("Proof"), "IonText"));
        List<Hash> prefix = block.revisionProofPrefix(0);
        assertThat(prefix).hasSize(3).isEqualTo(revisionProof.subList(0, 3));
        assertThat(Verifier.fold(block.revisions().get(0).hash(), prefix)).isEqualTo(block.blockHash());
    }

    @Test
    void streamsBlockSummaryWithItsRevisionDetailsVerifies() {
        JournalBlock block = streamsBlock("qldb-streams-lambda-python/revision_details_record.corrected-derived.ion");
        block.verify();
        StatementInfo statement = block.transactionInfo().statements().get(0);
        assertThat(CommitDigest.statementHash(statement.statement(), List.of())).isEqualTo(statement.statementDigest());
        assertThat(block.entriesHashList().get(1)).isEqualTo(block.revisions().get(0).hash());
        assertThat(block.entriesHashList().get(3)).isEqualTo(block.transactionInfo().hash());
    }

    @Test
    void streamsBlockWithTheAsPublishedRevisionFailsRule3() {
        JournalBlock block = streamsBlock(
                "qldb-streams-lambda-python/revision_details_record.as-published.version0.ion");
        assertThatThrownBy(block::verify).isInstanceOf(VerificationException.class)
                .hasMessageContaining("block {strandId:\"HbD9IggL584EPHmfwjmVz0\",sequenceNo:3} rule 3");
    }

    /** COMPATIBILITY.md §11.2: a BLOCK_SUMMARY payload with revisionSummaries replaced by the REVISION_DETAILS revisions. */
    private static JournalBlock streamsBlock(String revisionDetailsFile) {
        IonStruct summary = (IonStruct) ((IonStruct) Vectors.single(
                "qldb-streams-lambda-python/block_summary_record.extracted.ion")).get("payload").clone();
        IonList summaries = (IonList) summary.remove("revisionSummaries");
        IonStruct revision = RevisionVectorsTest.streamsRevision(revisionDetailsFile);
        IonList revisions = Vectors.ION.newEmptyList();
        for (IonValue entry : summaries) {
            IonValue hash = ((IonStruct) entry).get("hash");
            revisions.add(hash.equals(revision.get("hash")) ? revision.clone()
                    : Vectors.ION.singleValue("{hash:" + hash + "}"));
        }
        summary.put("revisions", revisions);
        return JournalBlock.fromIon(summary);
    }

    @Test
    void everyMutatedHashFieldIsRejectedNamingTheRule() {
        IonStruct good = block100();
        assertRejected(good, "blockHash", "rule 5");
        assertRejected(good, "previousBlockHash", "rule 5");
        assertRejected(good, "entriesHash", "rule 4");
        for (int i = 0; i < 4; i++) {
            IonStruct mutant = good.clone();
            IonList entries = (IonList) mutant.get("entriesHashList");
            entries.set(i, Vectors.ION.newBlob(Mutations.flip(blobHash(entries.get(i)), i)));
            // Entries 1 and 3 are computable (rules 3 and 1); entries 0 and 2 only feed entriesHash (rule 4).
            String rule = i == 1 ? "rule 3" : i == 3 ? "rule 1" : "rule 4";
            assertThatThrownBy(() -> JournalBlock.fromIon(mutant).verify()).isInstanceOf(VerificationException.class)
                    .hasMessageContaining("block {strandId:\"KmA3ZZca7vAIiJAK9S5Iwl\",sequenceNo:100} " + rule);
        }
    }

    @Test
    void mutatedContentsAreRejected() {
        IonStruct statementChanged = block100();
        IonStruct statement = (IonStruct) ((IonList) ((IonStruct) statementChanged.get("transactionInfo"))
                .get("statements")).get(0);
        statement.put("statement", Vectors.ION.newString("SELECT 1"));
        assertThatThrownBy(() -> JournalBlock.fromIon(statementChanged).verify())
                .isInstanceOf(VerificationException.class).hasMessageContaining("rule 1");

        IonStruct dataChanged = block100();
        IonStruct data = (IonStruct) ((IonStruct) ((IonList) dataChanged.get("revisions")).get(0)).get("data");
        data.put("City", Vectors.ION.newString("Seattle"));
        assertThatThrownBy(() -> JournalBlock.fromIon(dataChanged).verify())
                .isInstanceOf(VerificationException.class).hasMessageContaining("rule 3").hasMessageContaining("revisions[0]");

        IonStruct revisionHashChanged = block100();
        IonStruct revision = (IonStruct) ((IonList) revisionHashChanged.get("revisions")).get(0);
        revision.put("hash", Vectors.ION.newBlob(Mutations.flip(blobHash(revision.get("hash")), 31)));
        assertThatThrownBy(() -> JournalBlock.fromIon(revisionHashChanged).verify())
                .isInstanceOf(VerificationException.class).hasMessageContaining("rule 3");

        // An extra field inside transactionInfo is kept and hashed: the hash no longer matches QLDB's entry.
        IonStruct extraField = block100();
        ((IonStruct) extraField.get("transactionInfo")).put("extra", Vectors.ION.newInt(1));
        JournalBlock withExtra = JournalBlock.fromIon(extraField);
        assertThat(withExtra.transactionInfo().ion().containsKey("extra")).isTrue();
        assertThatThrownBy(withExtra::verify).isInstanceOf(VerificationException.class).hasMessageContaining("rule 1");
    }

    private static void assertRejected(IonStruct good, String field, String rule) {
        IonStruct mutant = good.clone();
        mutant.put(field, Vectors.ION.newBlob(Mutations.flip(blobHash(good.get(field)), 0)));
        assertThatThrownBy(() -> JournalBlock.fromIon(mutant).verify()).isInstanceOf(VerificationException.class)
                .hasMessageContaining(rule);
    }

    /** The hash a blob of a golden vector holds (the vectors are well-formed, so no checks beyond the cast). */
    private static Hash blobHash(IonValue blob) {
        return Hash.of(((IonBlob) blob).getBytes());
    }
}
