package io.vellum.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.block.OpaqueRevision;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;
import io.vellum.proof.verify.Verifier;
import io.vellum.testkit.vectors.QldbVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export in Amazon QLDB's own layout — {@code entriesHashList} with two opaque system entries around the
 * revisions root and the transaction-info hash (COMPATIBILITY.md §5), {@code {hash}}-only system revisions, tables known only
 * from {@code transactionInfo.documents} — verifies, imports, and keeps its digests and proofs.
 */
class QldbExportImportTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String STRAND = "KmA3ZZca7vAIiJAK9S5Iwl";
    private static final String TABLE_ID = "2Ul3Cp5KmhD4T6sOqOVlWk";
    private static final String DOCUMENT_ID = "8F0TPCmdNQ6JTRpiLj2TmW";

    @TempDir
    Path temp;

    private static Hash systemHash(String label) {
        return Hash.sha256(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Block {@code sequenceNo} as QLDB would write it; odd blocks update the vehicle, block 0 is system-only. */
    private static JournalBlock qldbBlock(long sequenceNo, Hash previous) {
        BlockAddress address = new BlockAddress(STRAND, sequenceNo);
        Timestamp time = Timestamp.valueOf("2019-09-18T19:0" + (sequenceNo % 10) + ":05.344Z");
        String transactionId = String.format("QldbTxn%015d", sequenceNo);
        List<BlockRevision> revisions = new ArrayList<>();
        List<StatementInfo> statements = new ArrayList<>();
        Map<String, DocumentInfo> documents = new LinkedHashMap<>();
        revisions.add(new OpaqueRevision(systemHash("system revision " + sequenceNo)));
        if (sequenceNo > 0) {
            String statement = "UPDATE Vehicle AS v SET v.Mileage = " + sequenceNo * 100 + " WHERE v.VIN = '1N4AL11D75C109151'";
            statements.add(new StatementInfo(statement, time, CommitDigest.statementHash(statement, List.of())));
            IonStruct data = (IonStruct) ION.singleValue("{VIN:\"1N4AL11D75C109151\",Mileage:" + sequenceNo * 100 + "}");
            data.makeReadOnly();
            revisions.add(Revision.create(address, data, new RevisionMetadata(DOCUMENT_ID, sequenceNo - 1, time,
                    transactionId)));
            documents.put(DOCUMENT_ID, new DocumentInfo("Vehicle", TABLE_ID, List.of(0)));
        }
        TransactionInfo info = new TransactionInfo(statements, documents);
        List<Hash> revisionHashes = revisions.stream().map(BlockRevision::hash).toList();
        List<Hash> entries = List.of(systemHash("system entry a " + sequenceNo), MerkleTree.root(revisionHashes),
                systemHash("system entry b " + sequenceNo), info.hash());
        Hash entriesHash = MerkleTree.root(entries);
        return new JournalBlock(address, transactionId, time, Dot.dot(entriesHash, previous), entriesHash, previous,
                entries, info, null, revisions);
    }

    @Test
    void qldbLayoutExportVerifiesImportsAndKeepsItsDigests() throws IOException {
        Path export = temp.resolve("bucket");
        List<JournalBlock> blocks = new ArrayList<>();
        Hash previous = Hash.EMPTY;
        StringBuilder object = new StringBuilder();
        for (long sequenceNo = 0; sequenceNo <= 12; sequenceNo++) {
            JournalBlock block = qldbBlock(sequenceNo, previous);
            block.verify();
            blocks.add(block);
            previous = block.blockHash();
            object.append(block.toIon(ION)).append('\n');
        }
        String key = "journalExport/2019/09/18/19/" + STRAND + ".0-12.ion";
        Files.createDirectories(export.resolve(key).getParent());
        Files.writeString(export.resolve(key), object);
        Files.writeString(export.resolve("journalExport/ADR2ONPKN5LINYGb4dp7yZ." + STRAND + ".completed.manifest"),
                "{keys:[\"" + key + "\"]}");
        LedgerDigest digest = new LedgerDigest(MerkleTree.root(blocks.stream().map(JournalBlock::blockHash).toList()),
                new BlockAddress(STRAND, 12));

        ExportReader reader = ExportReader.open(export, null);
        assertThat(ExportVerifier.verify(reader, digest).blocks()).isEqualTo(13);
        try (Ledger ledger = JournalImporter.importExport(reader, digest, temp.resolve("ledger"),
                LedgerOptions.defaults())) {
            assertThat(ledger.digest()).isEqualTo(digest);
            assertThat(ledger.strandId()).isEqualTo(STRAND);
            List<IonValue> vehicles = ledger.executeStatement("SELECT VALUE v.Mileage FROM Vehicle AS v");
            assertThat(vehicles).containsExactly(ION.newInt(1200));
            assertThat(ledger.executeStatement("SELECT * FROM history(Vehicle) AS h")).hasSize(12);
            RevisionProof proof = ledger.revision(new BlockAddress(STRAND, 5), DOCUMENT_ID, digest.tipAddress());
            Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
            ledger.executeStatement("UPDATE Vehicle AS v SET v.Mileage = 1300");
            LedgerDigest later = ledger.digest();
            assertThat(ledger.readBlock(later.tipAddress()).previousBlockHash()).isEqualTo(blocks.get(12).blockHash());
            Verifier.verifyConsistency(digest, later, ledger.consistencyProof(digest.tipAddress(), later.tipAddress()));
            RevisionProof old = ledger.revision(new BlockAddress(STRAND, 5), DOCUMENT_ID, later.tipAddress());
            Verifier.verifyRevision(old.revision(), old.proof(), later);
            ledger.verifyJournal();
        }
    }

    /** A shared QLDB vector, read in place (the test kit's locator: skips when absent, fails when required). */
    private static String vector(String relative) {
        return QldbVectors.textOrSkip(relative);
    }

    /**
     * Real QLDB output (the AWS CLI's get-block example: block 100 of strand KmA3ZZca7vAIiJAK9S5Iwl, with QLDB's two
     * opaque {@code entriesHashList} entries, exactly as QLDB printed it) laid out as QLDB's export writes it. The
     * block verifies, its hash folds with QLDB's own GetBlock proof to QLDB's own digest, a one-byte change in its
     * revision is caught naming block 100, and a copy of just the prefix reads the same.
     */
    @Test
    void realQldbBlockInQldbsExportLayoutVerifiesAndFoldsToQldbsDigest() throws IOException {
        String blockText = vector("aws-cli-qldb-examples/block-100.extracted.ion");
        List<Hash> proof = io.vellum.proof.verify.ProofText.parse(vector("aws-cli-qldb-examples/block-100.proof.extracted.ion"));
        // GetDigest's JSON, as the AWS CLI printed it, read as Ion text (JSON is Ion text here).
        IonStruct digestJson = (IonStruct) ION.singleValue(vector("aws-cli-qldb-examples/qldb-get-digest.json"));
        LedgerDigest qldbDigest = new LedgerDigest(
                Hash.fromBase64(((com.amazon.ion.IonText) digestJson.get("Digest")).stringValue()),
                BlockAddress.parseIonText(((com.amazon.ion.IonText) ((IonStruct) digestJson.get("DigestTipAddress"))
                        .get("IonText")).stringValue()));

        String exportId = "ADR2ONPKN5LINYGb4dp7yZ";
        String key = "ledgerexport1/" + exportId + "/2019/09/16/19/" + STRAND + ".100-100.ion";
        Path bucket = temp.resolve("bucket");
        Files.createDirectories(bucket.resolve(key).getParent());
        Files.writeString(bucket.resolve(key), blockText + "\n");
        Path manifest = bucket.resolve("ledgerexport1/" + exportId + "." + STRAND + ".completed.manifest");
        Files.writeString(manifest, "{keys:[\"" + key + "\"]}");

        ExportVerifier.Verified verified = ExportVerifier.verify(ExportReader.open(bucket, null), null);
        assertThat(verified.strandId()).isEqualTo(STRAND);
        assertThat(verified.firstSequenceNo()).isEqualTo(100);
        assertThat(verified.lastSequenceNo()).isEqualTo(100);
        assertThat(verified.lastBlockHash()).isEqualTo(Hash.fromBase64("NoChM92yKRuJAb/jeLd1VnYn4DHiWIf071ACfic9uHc="));
        assertThat(verified.merkleRoot()).as("no root without block 0").isNull();
        assertThat(io.vellum.proof.verify.Verifier.fold(verified.lastBlockHash(), proof))
                .as("the exported block folds to QLDB's digest with QLDB's proof").isEqualTo(qldbDigest.digest());

        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(bucket, null), qldbDigest))
                .hasMessageContaining("the export starts at block 100");
        assertThatThrownBy(() -> JournalImporter.importExport(ExportReader.open(bucket, null), null,
                temp.resolve("ledger"), LedgerOptions.defaults()))
                .hasMessageContaining("the export starts at block 100; a ledger can only be imported from a whole journal");
        assertThat(temp.resolve("ledger")).doesNotExist();

        Path prefixCopy = temp.resolve("prefix-copy");
        Files.createDirectories(prefixCopy.resolve(exportId + "/2019/09/16/19"));
        Files.copy(bucket.resolve(key), prefixCopy.resolve(exportId + "/2019/09/16/19/" + STRAND + ".100-100.ion"));
        Files.copy(manifest, prefixCopy.resolve(manifest.getFileName().toString()));
        assertThat(ExportVerifier.verify(ExportReader.open(prefixCopy, null), null).lastBlockHash())
                .isEqualTo(verified.lastBlockHash());

        assertThat(blockText).containsOnlyOnce("LEWISR261LL");
        Files.writeString(bucket.resolve(key), blockText.replace("LEWISR261LL", "LEWISR261LM") + "\n");
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(bucket, null), null))
                .isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("block 100 (" + key + ", value 0): ")
                .hasMessageContaining("expected mHVex/yjHAWjFPpwhBuH2GKXmKJjK2FBa9faqoUVNtg= but computed");
    }
}
