package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenVectors.ION;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code blocks.ion}: {@code {name, expect, block}}, the block in QLDB's journal form. The valid cases are a chain,
 * blocks 0..3 of one strand in order (block 0 with an empty previousBlockHash; block 2 a redaction block); checking
 * one verifies its hashes ({@link JournalBlock#verify}'s rules 1-5) and that it follows the valid block before it.
 * Each negative changes one thing of a valid block, and must fail with the rule it names.
 */
final class GoldenBlocks {
    static final String STRAND = "GoldenVectorStrand0001";
    private static final Timestamp TIME = Timestamp.valueOf("2024-05-01T10:00:00.000Z");

    private GoldenBlocks() {
    }

    /** The valid chain. */
    static List<JournalBlock> chain() {
        List<JournalBlock> chain = new ArrayList<>();
        chain.add(block(0, Hash.EMPTY, null, List.of(
                "CREATE TABLE Accounts"), document("Accounts", "{tableName: \"Accounts\", status: \"ACTIVE\"}")));
        chain.add(block(1, chain.get(0).blockHash(), null, List.of(
                "INSERT INTO Accounts << {'accountId': 'A-1'}, {'accountId': 'A-2'} >>"),
                document("Accounts", "{accountId: \"A-1\", balance: 100.50}"),
                document("Accounts", "{accountId: \"A-2\", balance: 0.00}"),
                document("Accounts", "{accountId: \"A-3\", balance: 7.25}")));
        IonStruct redaction = (IonStruct) ION.singleValue("{tableId: \"Tbl0000000000000000001\", documentId:"
                + " \"Doc0000000000000000001\", version: 0}");
        chain.add(block(2, chain.get(1).blockHash(), redaction, List.of(
                "EXEC redact_revision ?, ?, ?"), document("Accounts", "{accountId: \"A-1\", balance: 90.00}")));
        chain.add(block(3, chain.get(2).blockHash(), null, List.of(
                "UPDATE Accounts SET balance = 80.25 WHERE accountId = 'A-1'", "DELETE FROM Accounts BY id"),
                document("Accounts", "{accountId: \"A-1\", balance: 80.25}"), null));
        return chain;
    }

    static List<IonValue> cases() {
        List<IonValue> valid = new ArrayList<>();
        List<IonValue> negatives = new ArrayList<>();
        for (JournalBlock block : chain()) {
            List<IonStruct> cases = casesFor("block-" + block.blockAddress().sequenceNo(), block);
            valid.add(cases.get(0));
            negatives.addAll(cases.subList(1, cases.size()));
        }
        valid.addAll(negatives);
        return valid;
    }

    /**
     * The valid case of a block (Vellum's, or QLDB's with its opaque entries), then its negatives, each one change
     * and the rule it breaks.
     */
    static List<IonStruct> casesFor(String name, JournalBlock block) {
        List<IonStruct> cases = new ArrayList<>();
        cases.add(blockCase(GoldenVectors.valid(name), block, b -> { }));
        cases.add(blockCase(GoldenVectors.negative(name + "/blockHash-byte-flipped", "byte 0 of blockHash flipped",
                "rule 5: blockHash must be dot(entriesHash, previousBlockHash)"), block,
                b -> b.put("blockHash", GoldenVectors.blob(GoldenVectors.flipped(block.blockHash(), 0)))));
        cases.add(blockCase(GoldenVectors.negative(name + "/entriesHash-byte-flipped",
                "byte 0 of entriesHash flipped", "rule 4: entriesHash must be merkleRoot(entriesHashList)"), block,
                b -> b.put("entriesHash", GoldenVectors.blob(GoldenVectors.flipped(block.entriesHash(), 0)))));
        cases.add(blockCase(GoldenVectors.negative(name + "/entriesHashList-transactionInfo-byte-flipped",
                "byte 0 of the transactionInfo hash in entriesHashList flipped",
                "rule 1: ionHash(transactionInfo) must be in entriesHashList"), block,
                b -> ((IonList) b.get("entriesHashList")).set(block.entriesHashList().indexOf(
                        block.transactionInfo().hash()), GoldenVectors.blob(GoldenVectors.flipped(
                                block.transactionInfo().hash(), 0)))));
        cases.add(blockCase(GoldenVectors.negative(name + "/statement-changed",
                "transactionInfo.statements[0].statement gets a trailing space",
                "rule 1: ionHash(transactionInfo) must be in entriesHashList"), block, b -> {
                    IonStruct statement = (IonStruct) ((IonList) ((IonStruct) b.get("transactionInfo"))
                            .get("statements")).get(0);
                    statement.put("statement").newString(block.transactionInfo().statements().get(0).statement()
                            + " ");
                }));
        if (!block.revisions().isEmpty()) {
            cases.add(blockCase(GoldenVectors.negative(name + "/revision-hash-byte-flipped",
                    "byte 0 of revisions[0].hash flipped", "rule 3: revisions[0]"), block,
                    b -> ((IonStruct) ((IonList) b.get("revisions")).get(0)).put("hash",
                            GoldenVectors.blob(GoldenVectors.flipped(block.revisions().get(0).hash(), 0)))));
            cases.add(blockCase(GoldenVectors.negative(name + "/revisions-root-byte-flipped",
                    "byte 0 of merkleRoot(revision hashes) in entriesHashList flipped",
                    "rule 3: merkleRoot(revision hashes) must be in entriesHashList"), block,
                    b -> ((IonList) b.get("entriesHashList")).set(block.entriesHashList().indexOf(
                            block.revisionsRoot()), GoldenVectors.blob(GoldenVectors.flipped(
                                    block.revisionsRoot(), 0)))));
        }
        if (!block.previousBlockHash().isEmpty()) {
            cases.add(blockCase(GoldenVectors.negative(name + "/previousBlockHash-byte-flipped",
                    "byte 0 of previousBlockHash flipped",
                    "rule 5: blockHash must be dot(entriesHash, previousBlockHash)"), block,
                    b -> b.put("previousBlockHash", GoldenVectors.blob(
                            GoldenVectors.flipped(block.previousBlockHash(), 0)))));
        }
        return cases;
    }

    private static IonStruct blockCase(IonStruct value, JournalBlock block, Consumer<IonStruct> mutation) {
        IonStruct ion = block.toIon(ION).clone();
        mutation.accept(ion);
        value.put("block", ion);
        return value;
    }

    /** A document of table {@code table}: its data, or a delete when {@code ionText} is null. */
    private record Document(String table, String ionText) {
    }

    private static Document document(String table, String ionText) {
        return new Document(table, ionText);
    }

    /**
     * Block {@code sequenceNo}: every statement writes every document (revision i is document i's next version;
     * a null document after a non-null one deletes the first document).
     */
    private static JournalBlock block(long sequenceNo, Hash previous, IonStruct redactionInfo, List<String> statements,
            Document... documents) {
        BlockAddress address = new BlockAddress(STRAND, sequenceNo);
        String transactionId = String.format("GoldenTx%014d", sequenceNo);
        List<StatementInfo> statementInfos = new ArrayList<>();
        List<Integer> statementIndexes = new ArrayList<>();
        for (String statement : statements) {
            statementIndexes.add(statementInfos.size());
            statementInfos.add(new StatementInfo(statement, TIME, CommitDigest.statementHash(statement, List.of())));
        }
        List<BlockRevision> revisions = new ArrayList<>();
        Map<String, DocumentInfo> documentInfos = new LinkedHashMap<>();
        for (int i = 0; i < documents.length; i++) {
            Document document = documents[i] != null ? documents[i] : documents[0];
            String id = String.format("GoldenDoc%02d%011d", documents[i] == null ? 0 : i, sequenceNo);
            IonStruct data = documents[i] == null ? null : (IonStruct) ION.singleValue(document.ionText());
            RevisionMetadata metadata = new RevisionMetadata(id, documents[i] == null ? 1 : 0, TIME, transactionId);
            revisions.add(Revision.create(address, data, metadata));
            documentInfos.put(id, new DocumentInfo(document.table(), "Tbl0000000000000000001", statementIndexes));
        }
        return JournalBlock.seal(address, transactionId, TIME, previous,
                new TransactionInfo(statementInfos, documentInfos), redactionInfo, revisions);
    }
}
