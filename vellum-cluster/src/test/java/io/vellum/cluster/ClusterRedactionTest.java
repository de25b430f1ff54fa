package io.vellum.cluster;

import static io.vellum.cluster.ReplicaChecks.assertSameJournal;
import static io.vellum.cluster.ReplicaChecks.awaitWithin;
import static io.vellum.cluster.ReplicaChecks.tip;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.cluster.internal.BlockRecords;
import io.vellum.cluster.internal.LedgerTopic;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.testkit.kafka.EmbeddedKafka;
import io.vellum.proof.block.JournalBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code EXEC redact_revision} on a replicated ledger, on a real in-process broker whose log directory the test can
 * search: the writer, a live follower and nodes rebuilt from the topic afterwards erase the data from their own
 * files, and the topic's compaction erases it from the broker's.
 */
class ClusterRedactionTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String MARKER = "ERASE-ME-IN-KAFKA-4be1d07c";
    /** In a second document of the same block, redacted by a later transaction. */
    private static final String SECOND_MARKER = "ERASE-ME-TOO-IN-KAFKA-77d2a015";
    private static final LedgerOptions OPTIONS = LedgerOptions.defaults();
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path brokerDirectory;
    private static EmbeddedKafka kafka;

    @TempDir
    Path directory;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new EmbeddedKafka(brokerDirectory, 1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static ClusterSettings node(String id) {
        return new ClusterSettings(kafka.bootstrapServers(), id);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static String text(IonValue struct, String field) {
        return ((IonString) ((IonStruct) struct).get(field)).stringValue();
    }

    /** The files under {@code root} that hold the marker's bytes. */
    private static List<Path> filesHoldingMarker(Path root) {
        return filesHolding(root, MARKER);
    }

    private static List<Path> filesHolding(Path root, String text) {
        byte[] marker = text.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // the broker deleted it meanwhile
                }
                if (indexOf(content, marker) >= 0) {
                    holding.add(root.relativize(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                throw e;
            }
            return filesHolding(root, text); // a directory vanished during the walk (a cleaned segment): again
        }
        return holding;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void setTopicConfigs(Admin admin, String topic, Map<String, String> configs) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((name, value) -> ops.add(new AlterConfigOp(new ConfigEntry(name, value),
                AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
    }

    private static String topicConfig(Admin admin, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(name)
                .value();
    }

    @Test
    void aNewLedgerTopicIsCreatedCompacted() throws Exception {
        try (Admin admin = admin();
             ReplicatedLedger writer = ReplicatedLedger.openWriter("redact-new", directory.resolve("node-1"), OPTIONS,
                     node("node-1"))) {
            assertThat(tip(writer)).isZero();
            assertThat(topicConfig(admin, new LedgerTopic("redact-new").name(), "cleanup.policy"))
                    .isEqualTo("compact");
        }
    }

    /**
     * A topic with a block missing and no redacted form of it anywhere later (damage, not compaction): the blocks
     * after the gap are held, never applied, and a node starting as writer refuses rather than commit on top of an
     * incomplete copy.
     */
    @Test
    void aGapThatNoRedactedFormFillsStopsAStartingWriter() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        try (Ledger source = Ledger.open(directory.resolve("source"), OPTIONS)) {
            source.executeStatement("CREATE TABLE Accounts");
            source.executeStatement("INSERT INTO Accounts VALUE {'owner': 'alice'}");
            source.executeStatement("INSERT INTO Accounts VALUE {'owner': 'bob'}");
            for (long sequenceNo = 0; sequenceNo <= 3; sequenceNo++) {
                payloads.add(source.replica().blockPayload(sequenceNo));
                timestamps.add(source.readBlock(new io.vellum.proof.block.BlockAddress(source.strandId(), sequenceNo))
                        .blockTimestamp().getMillis());
            }
        }
        LedgerTopic topic = new LedgerTopic("gap-a");
        io.vellum.cluster.internal.KafkaClients clients = new io.vellum.cluster.internal.KafkaClients(
                kafka.bootstrapServers(), Map.of());
        try (Admin admin = clients.admin()) {
            topic.ensureExists(admin, WAIT);
        }
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> forger =
                     clients.transactionalProducer("test-gap-forger")) {
            forger.initTransactions();
            forger.beginTransaction();
            for (int i : new int[] {0, 1, 3}) {
                forger.send(BlockRecords.record(topic, i, timestamps.get(i), payloads.get(i), "forger", 0));
            }
            forger.commitTransaction();
        }
        try (ReplicatedLedger node = ReplicatedLedger.openFollower("gap-a", directory.resolve("node-1"), OPTIONS,
                node("node-1"))) {
            awaitWithin(WAIT, "the follower applies the blocks before the gap", () -> tip(node) == 1);
            org.assertj.core.api.Assertions.assertThatThrownBy(node::startWriter)
                    .isInstanceOf(io.vellum.error.LedgerException.class)
                    .hasMessageContaining("block 2 is missing from topic vellum.ledger.gap-a")
                    .hasMessageContaining("neither block 2's record nor a redacted form of it");
            assertThat(tip(node)).isEqualTo(1);
            assertThat(node.status().state()).isEqualTo(ReplicationStatus.State.FAILED);
        }
    }

    @Test
    void theDataLeavesEveryNodeAndTheBrokersLogOnceTheTopicIsCompacted() throws Exception {
        String name = "redact-a";
        LedgerTopic topic = new LedgerTopic(name);
        Path brokerLog = brokerDirectory.resolve("kafka-data").resolve(topic.name() + "-0");
        try (Admin admin = admin()) {
            // A topic as cluster mode created it before redaction: cleanup.policy=delete; opening switches it.
            admin.createTopics(List.of(new NewTopic(topic.name(), 1, (short) 1).configs(Map.of("cleanup.policy",
                    "delete", "retention.ms", "-1", "retention.bytes", "-1")))).all().get(30, TimeUnit.SECONDS);
            try (ReplicatedLedger writer = ReplicatedLedger.openWriter(name, directory.resolve("node-1"), OPTIONS,
                    node("node-1"));
                 ReplicatedLedger follower = ReplicatedLedger.openFollower(name, directory.resolve("node-2"), OPTIONS,
                         node("node-2"))) {
                assertThat(topicConfig(admin, topic.name(), "cleanup.policy")).isEqualTo("compact");
                Ledger ledger = writer.ledger();
                String tableId = text(ledger.execute(tx -> tx.execute("CREATE TABLE People")).get(0), "tableId");
                IonStruct data = (IonStruct) ION.singleValue("{name:\"" + MARKER + "\",n:1}");
                IonStruct secondData = (IonStruct) ION.singleValue("{name:\"" + SECOND_MARKER + "\",n:1}");
                List<String> inserted = ledger.execute(tx -> List.of(
                        text(tx.execute("INSERT INTO People ?", data).get(0), "documentId"),
                        text(tx.execute("INSERT INTO People ?", secondData).get(0), "documentId")));
                String documentId = inserted.get(0);
                String secondDocumentId = inserted.get(1);
                long insertBlock = tip(writer);
                // A node that stops at the inserting block, before the redaction: its tip's record gets compacted.
                try (ReplicatedLedger early = ReplicatedLedger.openFollower(name, directory.resolve("node-5"),
                        OPTIONS, node("node-5"))) {
                    awaitWithin(WAIT, "the early node reaches the inserting block", () -> tip(early) == insertBlock);
                }
                ledger.execute(tx -> tx.execute("UPDATE People AS p SET p.name = 'someone', p.n = 2"));
                awaitWithin(WAIT, "the follower has the update", () -> tip(follower) == tip(writer));
                assertThat(filesHoldingMarker(directory.resolve("node-2"))).isNotEmpty();
                // Sanity: the topic holds the data as bytes a search can find (no compression hides it).
                assertThat(filesHoldingMarker(brokerLog)).isNotEmpty();

                IonValue address = ION.singleValue("{strandId:\"" + ledger.strandId() + "\",sequenceNo:"
                        + insertBlock + "}");
                ledger.execute(tx -> tx.execute("EXEC redact_revision ?, ?, ?", address, ION.newString(tableId),
                        ION.newString(documentId)));
                long redactionBlock = tip(writer);
                awaitWithin(WAIT, "the follower applies the redaction and erases its copy",
                        () -> tip(follower) == tip(writer) && filesHoldingMarker(directory.resolve("node-2")).isEmpty());
                assertThat(filesHoldingMarker(directory.resolve("node-1"))).isEmpty();
                assertSameJournal(ledger, follower.ledger());
                IonStruct redacted = (IonStruct) follower.ledger().execute(tx -> tx.execute(
                        "SELECT * FROM history(People) AS h WHERE h.metadata.id = ?", ION.newString(documentId)))
                        .get(0);
                assertThat(redacted.containsKey("data")).isFalse();
                assertThat(redacted.containsKey("dataHash")).isTrue();

                // The redaction's Kafka transaction holds the redacted form of the inserting block, under its key.
                List<ConsumerRecord<byte[], byte[]>> records = kafka.readUntil(topic.name(), WAIT,
                        read -> read.stream().anyMatch(record -> BlockRecords.redactedBy(record) >= 0));
                ConsumerRecord<byte[], byte[]> form = records.stream()
                        .filter(record -> BlockRecords.redactedBy(record) >= 0).findFirst().orElseThrow();
                assertThat(BlockRecords.sequenceNo(topic, form)).isEqualTo(insertBlock);
                assertThat(BlockRecords.redactedBy(form)).isEqualTo(redactionBlock);
                JournalBlock formBlock = JournalBlock.fromIonBinary(form.value());
                formBlock.verify();
                assertThat(form.value()).isEqualTo(writer.ledger().replica().blockPayload(insertBlock));

                // A second redaction in the same block: its form carries both, since compaction keeps only the newest.
                ledger.execute(tx -> tx.execute("EXEC redact_revision ?, ?, ?", address, ION.newString(tableId),
                        ION.newString(secondDocumentId)));
                long secondRedactionBlock = tip(writer);
                List<ConsumerRecord<byte[], byte[]>> withSecond = kafka.readUntil(topic.name(), WAIT,
                        read -> read.stream().anyMatch(record -> BlockRecords.redactedBy(record)
                                == secondRedactionBlock));
                ConsumerRecord<byte[], byte[]> secondForm = withSecond.stream()
                        .filter(record -> BlockRecords.redactedBy(record) == secondRedactionBlock).findFirst()
                        .orElseThrow();
                assertThat(JournalBlock.fromIonBinary(secondForm.value()).revisions()).hasSize(2)
                        .allMatch(revision -> ((io.vellum.proof.block.Revision) revision).isRedacted());
                assertThat(secondForm.value()).isEqualTo(writer.ledger().replica().blockPayload(insertBlock));

                // Force the broker's cleaner: roll segments quickly, clean at once, delete replaced files at once.
                setTopicConfigs(admin, topic.name(), Map.of("segment.ms", "100", "min.cleanable.dirty.ratio",
                        "0.01", "min.compaction.lag.ms", "0", "file.delete.delay.ms", "0"));
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(200); // older than segment.ms: the next append rolls the segment
                    ledger.execute(tx -> tx.execute("INSERT INTO People {'name': 'later'}"));
                }
                awaitWithin(WAIT, "the broker's cleaner drops the original record and the first form", () ->
                        filesHoldingMarker(brokerLog).isEmpty()
                                && filesHolding(brokerLog, SECOND_MARKER).isEmpty());
                List<ConsumerRecord<byte[], byte[]>> compacted = kafka.readUntil(topic.name(), WAIT,
                        read -> !read.isEmpty() && BlockRecords.sequenceNo(topic, read.get(read.size() - 1))
                                == tip(writer));
                assertThat(compacted.stream().filter(record -> BlockRecords.sequenceNo(topic, record)
                        == insertBlock)).hasSize(1).allMatch(record -> BlockRecords.redactedBy(record)
                        == secondRedactionBlock);
                awaitWithin(WAIT, "the follower keeps up", () -> tip(follower) == tip(writer));

                // A node rebuilt from the compacted topic finds the inserting block later, in its redacted form.
                try (ReplicatedLedger rebuilt = ReplicatedLedger.openFollower(name, directory.resolve("node-3"),
                        OPTIONS, node("node-3"))) {
                    awaitWithin(WAIT, "the rebuilt node catches up", () -> tip(rebuilt) == tip(writer));
                    assertSameJournal(ledger, rebuilt.ledger());
                }
                // The early node comes back: it finds no record of its tip block any more, starts after it, and
                // erases its copy when it applies the redaction block.
                assertThat(filesHoldingMarker(directory.resolve("node-5"))).isNotEmpty();
                try (ReplicatedLedger early = ReplicatedLedger.openFollower(name, directory.resolve("node-5"),
                        OPTIONS, node("node-5"))) {
                    awaitWithin(WAIT, "the early node catches up and erases its copy", () -> tip(early) == tip(writer)
                            && filesHoldingMarker(directory.resolve("node-5")).isEmpty());
                    assertSameJournal(ledger, early.ledger());
                }
                // The same with a reorder buffer too small to hold the blocks after the gap: it rereads them.
                System.setProperty("vellum.cluster.reorderBufferBytes", "1");
                try (ReplicatedLedger rebuilt = ReplicatedLedger.openFollower(name, directory.resolve("node-4"),
                        OPTIONS, node("node-4"))) {
                    awaitWithin(WAIT, "the node with a small buffer catches up", () -> tip(rebuilt) == tip(writer));
                    assertSameJournal(ledger, rebuilt.ledger());
                } finally {
                    System.clearProperty("vellum.cluster.reorderBufferBytes");
                }
                assertThat(filesHoldingMarker(directory)).isEmpty();
                assertThat(filesHoldingMarker(brokerLog)).isEmpty();
                assertThat(filesHolding(directory, SECOND_MARKER)).isEmpty();
                assertThat(filesHolding(brokerLog, SECOND_MARKER)).isEmpty();
            }
            // A rebuilt node takes over as writer and goes on.
            try (ReplicatedLedger takeOver = ReplicatedLedger.openFollower(name, directory.resolve("node-3"),
                    OPTIONS, node("node-3"))) {
                long last = tip(takeOver);
                takeOver.startWriter();
                takeOver.ledger().execute(tx -> tx.execute("INSERT INTO People {'name': 'after'}"));
                assertThat(tip(takeOver)).isEqualTo(last + 1);
                assertThat(takeOver.ledger().verifyJournal()).isEqualTo(takeOver.ledger().digest());
            }
        }
    }
}
