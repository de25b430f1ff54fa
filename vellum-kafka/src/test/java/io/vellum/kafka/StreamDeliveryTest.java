package io.vellum.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.Ledger;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams against a real in-process Kafka broker (KRaft, 3 partitions per topic): what a consumer receives
 * rebuilds the ledger's journal exactly; bounded streams complete; JSON parses; cancel and validation.
 */
@Tag("slow")
class StreamDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension(3);

    @TempDir
    Path directory;

    private StreamSettings settings() {
        return StreamSettings.defaults("us-east-1").withImpairedAfter(Duration.ofSeconds(2))
                .withRetryDelays(Duration.ofMillis(200), Duration.ofSeconds(2))
                .withEndTimeGrace(Duration.ofMillis(300));
    }

    private StreamRequest request(String topic, Instant start, Instant end, StreamFormat format) {
        return StreamRequest.toKafka("test-stream", start, end, new KafkaTarget(BROKER.kafka().bootstrapServers(), topic),
                format);
    }

    @Test
    void consumerRebuildsEveryBlockIncludingThoseBeforeTheStreamAndTheDigestMatches() throws Exception {
        long seed = System.nanoTime();
        System.out.println("consumerRebuildsEveryBlock seed=" + seed);
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 20);
            long createdBefore = ledger.digest().tipAddress().sequenceNo();
            try (StreamManager manager = new StreamManager(directory.resolve("streams"), name -> Optional.of(ledger),
                    settings())) {
                String streamId = manager.create("bank", request("journal-all", Instant.EPOCH, null,
                        StreamFormat.ION_BINARY));
                try (TransferLoad load = TransferLoad.start(ledger, 20, 3, seed)) {
                    Thread.sleep(2_000);
                    load.stop();
                    System.out.println("consumerRebuildsEveryBlock: " + load.transfers() + " transfers");
                }
                long tip = ledger.digest().tipAddress().sequenceNo();
                awaitCondition(() -> manager.describe(streamId) != null
                        && manager.statistics(streamId).nextSequenceNo() > tip, "stream position past " + tip);
                List<ConsumerRecord<byte[], byte[]>> messages = BROKER.kafka().readUntil("journal-all", WAIT,
                        read -> RecordedStream.of(streamId, read).hasBlocks(0, tip));
                RecordedStream stream = RecordedStream.of(streamId, messages);
                System.out.println("consumerRebuildsEveryBlock: blocks before stream=" + (createdBefore + 1) + ", "
                        + stream + ", " + manager.statistics(streamId));
                stream.verifyAgainst(ledger);
                assertThat(stream.controlRecords).containsExactly(ControlRecordType.CREATED);
                assertThat(manager.describe(streamId).status()).isEqualTo(StreamStatus.ACTIVE);
                assertEveryBlockInOnePartitionInOrder(streamId, messages);
            }
        }
    }

    /** The BlockPartitioner's promise: a block's records share a partition, BLOCK_SUMMARY first. */
    private static void assertEveryBlockInOnePartitionInOrder(String streamId,
            List<ConsumerRecord<byte[], byte[]>> messages) {
        Map<String, Integer> partitionOfBlock = new java.util.HashMap<>();
        Map<String, Long> summaryOffset = new java.util.HashMap<>();
        java.util.Set<Integer> partitions = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> message : messages) {
            String key = new String(message.key(), StandardCharsets.UTF_8);
            String[] parts = key.split("/");
            if (!parts[0].equals(streamId) || parts.length != 3) {
                continue;
            }
            String block = parts[1];
            partitions.add(message.partition());
            assertThat(partitionOfBlock.computeIfAbsent(block, b -> message.partition())).as("partition of block "
                    + block).isEqualTo(message.partition());
            if (parts[2].equals("0")) {
                summaryOffset.putIfAbsent(block, message.offset());
            } else {
                assertThat(summaryOffset.get(block)).as("BLOCK_SUMMARY of block " + block + " comes first")
                        .isNotNull().isLessThan(message.offset());
            }
        }
        assertThat(partitions).as("blocks spread over the topic's partitions").hasSizeGreaterThan(1);
    }

    @Test
    void boundedStreamEndsWithCompletedAndHoldsExactlyTheBlocksOfItsRange() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 10);
            Random random = new Random(7);
            try (TransferLoad load = TransferLoad.start(ledger, 10, 0, 0)) {
                for (int i = 0; i < 5; i++) {
                    load.transferOnce(random);
                }
                Thread.sleep(20);
                Instant start = Instant.now();
                Thread.sleep(20);
                for (int i = 0; i < 5; i++) {
                    load.transferOnce(random);
                }
                long firstInRange = io.vellum.kafka.internal.JournalStream.firstBlockAtOrAfter(ledger, start);
                Instant end = Instant.now().plusMillis(700);
                try (StreamManager manager = new StreamManager(directory.resolve("streams"),
                        name -> Optional.of(ledger), settings())) {
                    String streamId = manager.create("bank", request("journal-bounded", start, end,
                            StreamFormat.ION_BINARY));
                    // Until a block lands after the end: on a loaded machine the wall clock alone did not ensure one.
                    while (Instant.now().isBefore(end.plusMillis(500)) || !tipCommittedAtOrAfter(ledger, end)) {
                        load.transferOnce(random);
                        Thread.sleep(10);
                    }
                    awaitCondition(() -> manager.describe(streamId).status() == StreamStatus.COMPLETED,
                            "stream COMPLETED");
                    List<ConsumerRecord<byte[], byte[]>> messages = BROKER.kafka().readUntil("journal-bounded", WAIT,
                            read -> RecordedStream.of(streamId, read).controlRecords
                                    .contains(ControlRecordType.COMPLETED));
                    RecordedStream stream = RecordedStream.of(streamId, messages);
                    System.out.println("boundedStream: " + stream);
                    assertThat(stream.controlRecords).containsExactly(ControlRecordType.CREATED,
                            ControlRecordType.COMPLETED);
                    long lastInRange = -1;
                    long tip = ledger.digest().tipAddress().sequenceNo();
                    for (long sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
                        JournalBlock block = ledger.readBlock(new BlockAddress(ledger.strandId(), sequenceNo));
                        Instant committed = Instant.ofEpochMilli(block.blockTimestamp().getMillis());
                        boolean inRange = !committed.isBefore(start) && committed.isBefore(end);
                        assertThat(stream.blocks.containsKey(sequenceNo)).as("block " + sequenceNo + " at "
                                + committed + " in [" + start + ", " + end + ")").isEqualTo(inRange);
                        if (inRange) {
                            assertThat(stream.blocks.get(sequenceNo)).isEqualTo(StreamRecords.asStreamed(block));
                            lastInRange = sequenceNo;
                        }
                    }
                    assertThat(stream.blocks.firstKey()).isEqualTo(firstInRange);
                    assertThat(lastInRange).as("blocks committed after the stream was created are included")
                            .isGreaterThan(firstInRange + 5);
                    assertThat(tip).as("blocks after the end were committed").isGreaterThan(lastInRange);
                    assertThatThrownBy(() -> manager.cancel(streamId)).isInstanceOf(StreamNotActiveException.class);
                }
            }
        }
    }

    @Test
    void jsonFormatParsesAsJson() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 5);
            long tip = ledger.digest().tipAddress().sequenceNo();
            try (StreamManager manager = new StreamManager(directory.resolve("streams"), name -> Optional.of(ledger),
                    settings())) {
                String streamId = manager.create("bank", request("journal-json", Instant.EPOCH, null,
                        StreamFormat.JSON));
                awaitCondition(() -> manager.statistics(streamId).nextSequenceNo() > tip, "stream caught up");
                List<ConsumerRecord<byte[], byte[]>> messages = BROKER.kafka().readUntil("journal-json", WAIT,
                        read -> read.size() >= 1 + (tip + 1) + 5);
                ObjectMapper json = new ObjectMapper();
                int summaries = 0;
                int details = 0;
                for (ConsumerRecord<byte[], byte[]> message : messages) {
                    assertThat(new String(message.headers().lastHeader("contentType").value(),
                            StandardCharsets.UTF_8)).isEqualTo("application/json");
                    JsonNode record = json.readTree(message.value());
                    assertThat(record.get("qldbStreamArn").textValue())
                            .isEqualTo("arn:aws:qldb:us-east-1:000000000000:stream/bank/" + streamId);
                    switch (record.get("recordType").textValue()) {
                        case "BLOCK_SUMMARY" -> {
                            summaries++;
                            JsonNode payload = record.get("payload");
                            assertThat(payload.get("blockHash").textValue()).hasSize(44);
                            assertThat(payload.get("revisionSummaries").isArray()).isTrue();
                        }
                        case "REVISION_DETAILS" -> {
                            details++;
                            JsonNode revision = record.get("payload").get("revision");
                            if (revision.has("data") && revision.get("data").path("accountId").asText().startsWith("acct-")
                                    && revision.get("metadata").get("version").asInt() == 0) {
                                assertThat(revision.get("data").get("balance").decimalValue())
                                        .isEqualByComparingTo("1000.00");
                                // The decimal keeps its scale in the JSON text (Jackson reads it as a double).
                                assertThat(new String(message.value(), StandardCharsets.UTF_8))
                                        .contains("\"balance\":1000.00");
                            }
                            assertThat(revision.get("metadata").get("txTime").textValue()).endsWith("Z");
                        }
                        case "CONTROL" -> assertThat(record.get("payload").get("controlRecordType").textValue())
                                .isEqualTo("CREATED");
                        default -> throw new AssertionError("unexpected record " + record);
                    }
                }
                assertThat(summaries).isEqualTo((int) tip + 1);
                assertThat(details).isGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void cancelStopsTheStreamAndIsDurable() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 5);
            String streamId;
            try (StreamManager manager = new StreamManager(directory.resolve("streams"), name -> Optional.of(ledger),
                    settings())) {
                streamId = manager.create("bank", request("journal-cancel", Instant.EPOCH, null,
                        StreamFormat.ION_BINARY));
                long tip = ledger.digest().tipAddress().sequenceNo();
                awaitCondition(() -> manager.statistics(streamId).nextSequenceNo() > tip, "stream caught up");
                assertThatThrownBy(() -> manager.cancel("other-ledger", streamId))
                        .isInstanceOfSatisfying(LedgerException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
                StreamDefinition canceled = manager.cancel("bank", streamId);
                assertThat(canceled.status()).isEqualTo(StreamStatus.CANCELED);
                long sentAtCancel = manager.statistics(streamId).recordsSent();
                try (TransferLoad load = TransferLoad.start(ledger, 5, 0, 0)) {
                    Random random = new Random(1);
                    for (int i = 0; i < 5; i++) {
                        load.transferOnce(random);
                    }
                }
                Thread.sleep(500);
                assertThat(manager.statistics(streamId).recordsSent()).isEqualTo(sentAtCancel);
                assertThat(manager.list("bank")).extracting(StreamDefinition::status)
                        .containsExactly(StreamStatus.CANCELED);
                assertThat(manager.list("other-ledger")).isEmpty();
                assertThat(manager.describe("bank", streamId).status()).isEqualTo(StreamStatus.CANCELED);
                assertThatThrownBy(() -> manager.cancel(streamId)).isInstanceOf(StreamNotActiveException.class);
            }
            try (StreamManager reopened = new StreamManager(directory.resolve("streams"), name -> Optional.of(ledger),
                    settings())) {
                assertThat(reopened.describe(streamId).status()).isEqualTo(StreamStatus.CANCELED);
                assertThat(reopened.statistics(streamId).recordsSent()).isZero();
            }
        }
    }

    @Test
    void aLedgerThatGoesAwayImpairsTheStreamAndRemoveLedgerForgetsIt() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 3);
            java.util.concurrent.atomic.AtomicReference<Ledger> open = new java.util.concurrent.atomic.AtomicReference<>(
                    ledger);
            Path streams = directory.resolve("streams");
            try (StreamManager manager = new StreamManager(streams, name -> Optional.ofNullable(open.get()),
                    settings())) {
                String streamId = manager.create("bank", request("journal-ledger-away", Instant.EPOCH, null,
                        StreamFormat.ION_BINARY));
                long tip = ledger.digest().tipAddress().sequenceNo();
                awaitCondition(() -> manager.statistics(streamId).nextSequenceNo() > tip, "caught up");
                open.set(null);
                awaitCondition(() -> manager.describe(streamId).errorCause() == StreamErrorCause.LEDGER_UNAVAILABLE,
                        "IMPAIRED for the ledger");
                assertThat(manager.describe(streamId).status()).isEqualTo(StreamStatus.IMPAIRED);
                open.set(ledger);
                try (TransferLoad load = TransferLoad.start(ledger, 3, 0, 0)) {
                    load.transferOnce(new Random(3));
                }
                awaitCondition(() -> manager.statistics(streamId).nextSequenceNo() > tip + 1, "delivering again");
                assertThat(manager.describe(streamId).status()).isEqualTo(StreamStatus.ACTIVE);

                manager.removeLedger("bank");
                assertThat(manager.list("bank")).isEmpty();
                assertThatThrownBy(() -> manager.describe(streamId)).isInstanceOf(LedgerException.class);
                assertThat(java.nio.file.Files.list(streams).toList()).isEmpty();
            }
        }
    }

    @Test
    void aRecordKafkaRefusesForGoodFailsTheStream() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 2);
            try (StreamManager manager = new StreamManager(directory.resolve("streams"), name -> Optional.of(ledger),
                    settings())) {
                KafkaTarget tiny = new KafkaTarget(BROKER.kafka().bootstrapServers(), "journal-tiny",
                        Map.of("max.request.size", "600"));
                String streamId = manager.create("bank", StreamRequest.toKafka("tiny", Instant.EPOCH, null, tiny,
                        StreamFormat.ION_BINARY));
                awaitCondition(() -> manager.describe(streamId).status() == StreamStatus.FAILED, "stream FAILED");
                StreamDefinition failed = manager.describe(streamId);
                System.out.println("aRecordKafkaRefuses: " + failed.errorMessage());
                assertThat(failed.errorCause()).isEqualTo(StreamErrorCause.KAFKA_RECORD_REJECTED);
                assertThat(failed.errorMessage()).contains("RecordTooLargeException");
            }
        }
    }

    @Test
    void requestsAreValidated() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"));
             StreamManager manager = new StreamManager(directory.resolve("streams"), name -> Optional.of(ledger)
                     .filter(l -> name.equals("bank")), settings().withMaxActiveStreamsPerLedger(1))) {
            assertThatThrownBy(() -> manager.create("bank", request("t", Instant.now().plusSeconds(60), null,
                    StreamFormat.ION_BINARY))).hasMessageContaining("in the future");
            assertThatThrownBy(() -> manager.create("bank", request("bad topic", Instant.EPOCH, null,
                    StreamFormat.ION_BINARY))).hasMessageContaining("topic");
            assertThatThrownBy(() -> manager.create("bank", StreamRequest.toKafka("-bad", Instant.EPOCH, null,
                    new KafkaTarget(BROKER.kafka().bootstrapServers(), "t"), StreamFormat.ION_BINARY)))
                    .hasMessageContaining("StreamName");
            assertThatThrownBy(() -> manager.create("bank", StreamRequest.toKafka("s", Instant.EPOCH, null,
                    new KafkaTarget(BROKER.kafka().bootstrapServers(), "t", Map.of("acks", "1")), StreamFormat.ION_BINARY)))
                    .hasMessageContaining("acks");
            assertThatThrownBy(() -> manager.create("nope", request("t", Instant.EPOCH, null,
                    StreamFormat.ION_BINARY))).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> manager.describe("0000000000000000000000")).isInstanceOfSatisfying(
                    LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            manager.create("bank", request("journal-limit", Instant.EPOCH, null, StreamFormat.ION_BINARY));
            assertThatThrownBy(() -> manager.create("bank", request("journal-limit", Instant.EPOCH, null,
                    StreamFormat.ION_BINARY))).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        }
    }

    static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static boolean tipCommittedAtOrAfter(Ledger ledger, Instant instant) {
        JournalBlock tip = ledger.readBlock(ledger.digest().tipAddress());
        return !Instant.ofEpochMilli(tip.blockTimestamp().getMillis()).isBefore(instant);
    }
}
