package io.vellum.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.Ledger;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.OpaqueRevision;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;
import io.vellum.proof.hash.VerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks to QLDB stream records and back: QLDB's real records, Vellum journals, and the edge cases. */
class StreamRecordsTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String SUMMARY = "qldb-streams-lambda-python/block_summary_record.extracted.ion";
    private static final String DETAILS = "qldb-streams-lambda-python/revision_details_record.corrected-derived.ion";
    private static final String DETAILS_AS_PUBLISHED =
            "qldb-streams-lambda-python/revision_details_record.as-published.version0.ion";

    @TempDir
    Path directory;

    private static IonStruct vector(String file) {
        return (IonStruct) ION.singleValue(Vectors.text(file));
    }

    @Test
    void realQldbBlockSummaryRebuildsIntoABlockThatVerifies() {
        IonStruct summary = vector(SUMMARY);
        IonStruct details = vector(DETAILS);

        JournalBlock block = StreamRecords.rebuildBlock(summary, List.of(details));

        block.verify();
        assertThat(block.blockAddress()).isEqualTo(new BlockAddress("HbD9IggL584EPHmfwjmVz0", 3));
        assertThat(block.entriesHashList()).hasSize(4);
        assertThat(block.revisions()).singleElement().isInstanceOfSatisfying(Revision.class, revision -> {
            assertThat(revision.metadata().id()).isEqualTo("D35qd3e2prnJYmtKW6kok1");
            assertThat(revision.hash()).isEqualTo(Hash.fromBase64("vJFOcsNRM14gsIBSEnwPhMVgRAWf/4EUW5gPYbtmDv0="));
        });
    }

    @Test
    void recordsOfTheRebuiltQldbBlockAreQldbsOwnRecords() {
        IonStruct summary = vector(SUMMARY);
        IonStruct details = vector(DETAILS);
        JournalBlock block = StreamRecords.rebuildBlock(summary, List.of(details));
        String arn = ((com.amazon.ion.IonText) summary.get("qldbStreamArn")).stringValue();

        List<StreamRecord> records = new StreamRecords(arn).forBlock(block);

        assertThat(records).extracting(StreamRecord::recordType)
                .containsExactly(RecordType.BLOCK_SUMMARY, RecordType.REVISION_DETAILS);
        assertThat(records.get(0).value()).isEqualTo(summary);
        assertThat(records.get(1).value()).isEqualTo(details);
        assertThat(StreamRecords.parse(records.get(0).encode(StreamFormat.ION_BINARY))).isEqualTo(summary);
    }

    @Test
    void publishedRevisionDetailsWhoseDataWasEditedFailVerification() {
        JournalBlock block = StreamRecords.rebuildBlock(vector(SUMMARY), List.of(vector(DETAILS_AS_PUBLISHED)));

        assertThatThrownBy(block::verify).isInstanceOf(VerificationException.class)
                .hasMessageContaining("rule 3");
    }

    @Test
    void aChangedStatementInTheSummaryFailsVerification() {
        IonStruct summary = vector(SUMMARY);
        IonStruct statement = (IonStruct) ((IonList) ((IonStruct) ((IonStruct) summary.get("payload"))
                .get("transactionInfo")).get("statements")).get(0);
        statement.put("statement").newString("INSERT INTO Person << {'FirstName': 'Mallory'} >>");

        JournalBlock block = StreamRecords.rebuildBlock(summary, List.of(vector(DETAILS)));

        assertThatThrownBy(block::verify).isInstanceOf(VerificationException.class).hasMessageContaining("rule 1");
    }

    @Test
    void aSummarisedRevisionWithoutItsDetailsCannotBeRebuilt() {
        assertThatThrownBy(() -> StreamRecords.rebuildBlock(vector(SUMMARY), List.of()))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("no REVISION_DETAILS");
    }

    @Test
    void everyVellumBlockRoundTripsThroughItsRecordsInBothIonFormats() {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 6);
            ledger.execute(tx -> tx.execute("CREATE TABLE Notes"));
            // Types whose exact form the hashes cover: timestamp precision, decimal scale, blob, symbol, annotation.
            IonValue note = ION.singleValue("{text:\"line one\\nline \\\"two\\\"\", when:2019-12-11T07:20:51.2610Z, "
                    + "amount:1.50, tags:[a, \"b\"], raw:{{AAEC}}, kind:note::memo}");
            ledger.execute(tx -> tx.execute("INSERT INTO Notes VALUE ?", note));
            ledger.execute(tx -> tx.execute("UPDATE Notes AS n SET n.amount = 90.250"));
            ledger.execute(tx -> tx.execute("DROP TABLE Notes"));
            StreamRecords records = new StreamRecords("arn:aws:qldb:us-east-1:000000000000:stream/bank/s");
            long tip = ledger.digest().tipAddress().sequenceNo();
            for (long sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
                JournalBlock block = ledger.readBlock(new BlockAddress(ledger.strandId(), sequenceNo));
                for (StreamFormat format : List.of(StreamFormat.ION_BINARY, StreamFormat.ION_TEXT)) {
                    List<IonStruct> parsed = new ArrayList<>();
                    for (StreamRecord record : records.forBlock(block)) {
                        parsed.add(StreamRecords.parse(record.encode(format)));
                    }
                    JournalBlock rebuilt = StreamRecords.rebuildBlock(parsed.get(0), parsed.subList(1, parsed.size()));
                    assertThat(rebuilt).as("block " + sequenceNo + " via " + format)
                            .isEqualTo(StreamRecords.asStreamed(block));
                    rebuilt.verify();
                }
            }
        }
    }

    @Test
    void assemblerRebuildsShuffledDuplicatedRecordsOfManyBlocksAndTheChainVerifies() {
        long seed = System.nanoTime();
        System.out.println("assemblerRebuildsShuffled seed=" + seed);
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 8);
            try (TransferLoad load = TransferLoad.start(ledger, 8, 0, 0)) {
                Random random = new Random(seed);
                for (int i = 0; i < 30; i++) {
                    load.transferOnce(random);
                }
            }
            StreamRecords records = new StreamRecords("arn:aws:qldb:us-east-1:000000000000:stream/bank/s");
            long tip = ledger.digest().tipAddress().sequenceNo();
            List<byte[]> messages = new ArrayList<>();
            messages.add(records.control(ControlRecordType.CREATED).encode(StreamFormat.ION_BINARY));
            for (long sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
                for (StreamRecord record : records.forBlock(ledger.readBlock(new BlockAddress(ledger.strandId(),
                        sequenceNo)))) {
                    messages.add(record.encode(StreamFormat.ION_BINARY));
                }
            }
            Random random = new Random(seed);
            int duplicates = messages.size() / 4;
            for (int i = 0; i < duplicates; i++) {
                messages.add(messages.get(1 + random.nextInt(messages.size() - 1)));
            }
            Collections.shuffle(messages, random);

            BlockAssembler assembler = new BlockAssembler();
            Map<Long, JournalBlock> blocks = new LinkedHashMap<>();
            for (byte[] message : messages) {
                assembler.add(StreamRecords.parse(message)).ifPresent(block -> {
                    assertThat(blocks.put(block.blockAddress().sequenceNo(), block)).as("returned once").isNull();
                });
            }

            assertThat(assembler.duplicateRecords()).isEqualTo(duplicates);
            assertThat(assembler.incompleteBlocks()).isZero();
            assertThat(assembler.controlRecords()).containsExactly(ControlRecordType.CREATED);
            RecordedStreamCheck.verify(blocks, ledger);
        }
    }

    @Test
    void redactedDeletedAndSystemRevisionsKeepTheirShapeAndHashes() {
        BlockAddress address = new BlockAddress("0123456789012345678901", 7);
        Timestamp time = Timestamp.valueOf("2026-01-02T03:04:05.678Z");
        IonStruct data = (IonStruct) ION.singleValue("{name:\"secret\", amount:12.50}");
        Revision redacted = Revision.create(address, data, new RevisionMetadata("docRedacted00000000000", 0, time,
                "txid00000000000000000")).redact();
        Revision deleted = Revision.create(address, null, new RevisionMetadata("docDeleted000000000000", 3, time,
                "txid00000000000000000"));
        OpaqueRevision system = new OpaqueRevision(IonHash.of(ION.newString("system revision")));
        TransactionInfo transactionInfo = new TransactionInfo(
                List.of(new StatementInfo("DELETE FROM T", time, IonHash.of(ION.newString("DELETE FROM T")))),
                Map.of("docRedacted00000000000", new DocumentInfo("T", "tableT0000000000000000", List.of(0)),
                        "docDeleted000000000000", new DocumentInfo("T", "tableT0000000000000000", List.of(0))));
        IonStruct redactionInfo = (IonStruct) ION.singleValue("{revisions:[{tableId:\"tableT0000000000000000\","
                + "documentId:\"docRedacted00000000000\",version:0}]}");
        List<BlockRevision> revisions = List.of(redacted, system, deleted);
        JournalBlock block = JournalBlock.seal(address, "txid00000000000000000", time,
                IonHash.of(ION.newString("previous")), transactionInfo, redactionInfo, revisions);

        List<StreamRecord> records = new StreamRecords(null).forBlock(block);

        assertThat(records).extracting(StreamRecord::recordType).containsExactly(RecordType.BLOCK_SUMMARY,
                RecordType.REVISION_DETAILS, RecordType.REVISION_DETAILS);
        IonStruct summary = StreamRecords.payload(records.get(0).value());
        assertThat(summary.containsKey("revisions")).isFalse();
        assertThat(summary.get("redactionInfo")).isEqualTo(redactionInfo);
        IonList summaries = (IonList) summary.get("revisionSummaries");
        assertThat(summaries).hasSize(3);
        assertThat(((IonStruct) summaries.get(1)).size()).as("system revision: hash only").isEqualTo(1);
        assertThat(((IonBlob) ((IonStruct) summaries.get(1)).get("hash")).getBytes())
                .isEqualTo(system.hash().toByteArray());
        IonStruct redactedRevision = (IonStruct) StreamRecords.payload(records.get(1).value()).get("revision");
        assertThat(redactedRevision.containsKey("data")).isFalse();
        assertThat(redactedRevision.containsKey("dataHash")).isTrue();
        IonStruct deletedRevision = (IonStruct) StreamRecords.payload(records.get(2).value()).get("revision");
        assertThat(deletedRevision.containsKey("data")).isFalse();
        assertThat(deletedRevision.containsKey("dataHash")).isFalse();
        assertThat(records.get(0).value().containsKey("qldbStreamArn")).isFalse();

        List<IonStruct> parsed = records.stream().map(r -> StreamRecords.parse(r.encode(StreamFormat.ION_BINARY)))
                .toList();
        JournalBlock rebuilt = StreamRecords.rebuildBlock(parsed.get(0), parsed.subList(1, 3));
        assertThat(rebuilt).isEqualTo(block);
        rebuilt.verify();
    }

    @Test
    void revisionDetailsAreWrittenForUserTablesOnlyNeverForTheCatalog() {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Cars"));
            // One block with DDL (two catalog revisions) and a user revision between them.
            ledger.execute(tx -> {
                tx.execute("CREATE TABLE People");
                tx.execute("INSERT INTO People VALUE {'name': 'Ann'}");
                return tx.execute("CREATE INDEX ON Cars (VIN)");
            });
            StreamRecords streamRecords = new StreamRecords(null);
            JournalBlock ddlOnly = ledger.readBlock(new BlockAddress(ledger.strandId(), 1));
            JournalBlock mixed = ledger.readBlock(new BlockAddress(ledger.strandId(), 2));
            assertThat(ddlOnly.revisions()).hasSize(1);
            assertThat(mixed.revisions()).hasSize(3);

            List<StreamRecord> ddlRecords = streamRecords.forBlock(ddlOnly);
            assertThat(ddlRecords).extracting(StreamRecord::recordType).containsExactly(RecordType.BLOCK_SUMMARY);
            IonStruct ddlSummary = (IonStruct) ((IonList) StreamRecords.payload(ddlRecords.get(0).value())
                    .get("revisionSummaries")).get(0);
            assertThat(ddlSummary.size()).as("a catalog revision is summarised by its hash only").isEqualTo(1);
            assertThat(ddlSummary.containsKey("hash")).isTrue();

            List<StreamRecord> mixedRecords = streamRecords.forBlock(mixed);
            assertThat(mixedRecords).extracting(StreamRecord::recordType)
                    .containsExactly(RecordType.BLOCK_SUMMARY, RecordType.REVISION_DETAILS);
            IonStruct details = StreamRecords.payload(mixedRecords.get(1).value());
            assertThat(((com.amazon.ion.IonText) ((IonStruct) details.get("tableInfo")).get("tableName"))
                    .stringValue()).isEqualTo("People");
            IonList summaries = (IonList) StreamRecords.payload(mixedRecords.get(0).value()).get("revisionSummaries");
            assertThat(summaries).extracting(summary -> ((IonStruct) summary).containsKey("documentId"))
                    .containsExactlyInAnyOrder(false, true, false);

            JournalBlock rebuilt = StreamRecords.rebuildBlock(mixedRecords.get(0).value(),
                    List.of(mixedRecords.get(1).value()));
            rebuilt.verify();
            rebuilt.verifyFollows(StreamRecords.asStreamed(ddlOnly));
            assertThat(rebuilt).isEqualTo(StreamRecords.asStreamed(mixed));
            assertThat(rebuilt.blockHash()).isEqualTo(mixed.blockHash());
        }
    }

    @Test
    void block0HasAnEmptyRevisionSummaryList() {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            JournalBlock genesis = ledger.readBlock(new BlockAddress(ledger.strandId(), 0));
            List<StreamRecord> records = new StreamRecords(null).forBlock(genesis);
            assertThat(records).hasSize(1);
            assertThat((IonList) StreamRecords.payload(records.get(0).value()).get("revisionSummaries")).isEmpty();
            assertThat(StreamRecords.rebuildBlock(records.get(0).value(), List.of())).isEqualTo(genesis);
        }
    }

    @Test
    void keysNameTheStreamTheBlockAndTheRecord() {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            ledger.execute(tx -> {
                tx.execute("INSERT INTO T VALUE {'a': 1}");
                return tx.execute("INSERT INTO T VALUE {'a': 2}");
            });
            StreamRecords records = new StreamRecords("arn");
            List<StreamRecord> block2 = records.forBlock(ledger.readBlock(new BlockAddress(ledger.strandId(), 2)));
            assertThat(block2).extracting(record -> record.key("S")).containsExactly("S/2/0", "S/2/1", "S/2/2");
            assertThat(records.control(ControlRecordType.CREATED).key("S")).isEqualTo("S/CREATED");
            assertThat(records.control(ControlRecordType.COMPLETED).key("S")).isEqualTo("S/COMPLETED");
            assertThat(records.control(ControlRecordType.COMPLETED).value()).isEqualTo(ION.singleValue(
                    "{qldbStreamArn:\"arn\",recordType:\"CONTROL\",payload:{controlRecordType:\"COMPLETED\"}}"));
        }
    }

    @Test
    void jsonDownConversionKeepsDigitsAndWritesOneLine() throws Exception {
        IonValue value = ION.singleValue("{recordType:\"REVISION_DETAILS\", payload:{d:1.50, e:1d3, z:-0.0, "
                + "t:2019-12-11T07:20:51.2610Z, day:1963-08-19T, b:{{AAEC}}, s:sym, l:(x 1), n:null.int, "
                + "f:nan, i:+inf, g:1.5e0, big:123456789012345678901234567890, a:ann::\"x\", "
                + "q:\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001 ls\\u2028\"}}");
        String json = new StreamRecord(RecordType.REVISION_DETAILS, null, 1, 1, (IonStruct) value).toJson();

        assertThat(json).doesNotContain("\n");
        assertThat(json).contains("\"d\":1.50", "\"e\":1E+3", "\"z\":-0.0", "\"t\":\"2019-12-11T07:20:51.2610Z\"",
                "\"day\":\"1963-08-19\"", "\"b\":\"AAEC\"", "\"s\":\"sym\"", "\"l\":[\"x\",1]", "\"n\":null",
                "\"f\":\"nan\"", "\"i\":\"+inf\"", "\"g\":1.5", "\"big\":123456789012345678901234567890",
                "\"a\":\"x\"");
        JsonNode parsed = new ObjectMapper().readTree(json.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.get("payload").get("q").textValue()).isEqualTo("quote\" back\\ nl\n tab\t ctl\u0001 ls\u2028");
        assertThat(parsed.get("payload").get("big").bigIntegerValue().toString())
                .isEqualTo("123456789012345678901234567890");
    }
}
