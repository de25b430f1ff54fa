package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.kafka.BlockAssembler;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.kafka.KafkaConnection;
import io.vellum.kafka.StreamRecords;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.server.VellumServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldb.model.ExportStatus;
import software.amazon.awssdk.services.qldb.model.JournalKinesisStreamDescription;
import software.amazon.awssdk.services.qldb.model.JournalS3ExportDescription;
import software.amazon.awssdk.services.qldb.model.S3ObjectEncryptionType;
import software.amazon.awssdk.services.qldb.model.StreamStatus;

/**
 * Journal streams and exports in cluster mode: three {@link VellumServer} nodes on one in-process KRaft broker,
 * driven through the AWS SDK's QLDB control-plane client pointed at different nodes. A stream requested through a
 * follower is delivered by the ledger's writer, keeps delivering every block when the writer node stops and another
 * takes over, and is described, listed and canceled through any node; an export requested through a follower runs
 * once, on the writer.
 */
@Tag("slow")
class ClusterJournalOutputsTest {
    private static final String TOPIC = "payments-journal";
    private static final String ROLE = "arn:aws:iam::123456789012:role/stream-role";
    private static final Duration PATIENCE = ClusterFixture.PATIENCE;

    /** One broker for the class's tests (a broker start saved): each test its own ledger, the catalog is shared. */
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;
    private ClusterFixture cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aStreamRequestedThroughAFollowerDeliversEveryBlockAcrossAWriterChange() throws Exception {
        String ledgerName = "streamed";
        startClusterWithLedger(ledgerName);
        VellumServer writer = cluster.awaitSettledWriter();
        commit(writer, ledgerName, 6);
        VellumServer follower = cluster.anotherNodeThan(writer);
        String streamId = cluster.control(follower).streamJournalToKinesis(r -> r.ledgerName(ledgerName)
                .streamName("journal").roleArn(ROLE).inclusiveStartTime(Instant.parse("2020-01-01T00:00:00Z"))
                .kinesisConfiguration(k -> k.streamArn("arn:aws:kinesis:us-east-1:123456789012:stream/" + TOPIC)
                        .aggregationEnabled(false))).streamId();
        // Every node knows the stream (describe and list answer the same everywhere).
        for (VellumServer node : cluster.nodes()) {
            awaitWithin(PATIENCE, "stream " + streamId + " listed through " + node.cluster().nodeId(),
                    () -> cluster.control(node)
                    .listJournalKinesisStreamsForLedger(r -> r.ledgerName(ledgerName)).streams().stream()
                    .anyMatch(stream -> stream.streamId().equals(streamId)));
            JournalKinesisStreamDescription described = cluster.control(node).describeJournalKinesisStream(r -> r
                    .ledgerName(ledgerName).streamId(streamId)).stream();
            assertThat(described.streamName()).isEqualTo("journal");
            assertThat(described.status()).isEqualTo(StreamStatus.ACTIVE);
        }
        long firstTip = cluster.tipOf(writer);
        awaitWithin(PATIENCE, "blocks 0.." + firstTip + " delivered", () -> delivered(streamId, firstTip).keySet()
                .containsAll(range(firstTip)));

        // The writer node stops; another takes over the ledger and, with it, the stream.
        String deposed = writer.cluster().nodeId();
        cluster.stop(writer);
        VellumServer newWriter = cluster.awaitWriterOtherThan(writer);
        assertThat(newWriter.cluster().nodeId()).isNotEqualTo(deposed);
        commit(newWriter, ledgerName, 6);
        long lastTip = cluster.tipOf(newWriter);
        assertThat(lastTip).isGreaterThan(firstTip);
        awaitWithin(PATIENCE, "blocks 0.." + lastTip + " delivered", () -> delivered(streamId, lastTip).keySet()
                .containsAll(range(lastTip)));
        // Every block of the ledger is in the stream once assembled, each equal to the new writer's block.
        Map<Long, JournalBlock> blocks = delivered(streamId, lastTip);
        Ledger ledger = newWriter.ledgers().ledger(ledgerName);
        String strand = ledger.digest().tipAddress().strandId();
        for (long sequenceNo = 0; sequenceNo <= lastTip; sequenceNo++) {
            assertThat(blocks.get(sequenceNo).blockHash()).as("block " + sequenceNo)
                    .isEqualTo(ledger.readBlock(new BlockAddress(strand, sequenceNo)).blockHash());
        }
        System.out.println("cluster streams: blocks 0.." + lastTip + " delivered across the writer change from "
                + deposed + " to " + newWriter.cluster().nodeId());

        // Canceled through the node that does not run it; every node then shows CANCELED.
        VellumServer other = cluster.anotherNodeThan(newWriter);
        cluster.control(other).cancelJournalKinesisStream(r -> r.ledgerName(ledgerName).streamId(streamId));
        for (VellumServer node : cluster.nodes()) {
            awaitWithin(PATIENCE, "stream canceled as seen through " + node.cluster().nodeId(),
                    () -> cluster.control(node).describeJournalKinesisStream(r -> r.ledgerName(ledgerName)
                    .streamId(streamId)).stream().status() == StreamStatus.CANCELED);
        }
        assertThat(newWriter.streams().describe(streamId).status()).isEqualTo(io.vellum.kafka.StreamStatus.CANCELED);
    }

    @Test
    void anExportRequestedThroughAFollowerRunsOnceOnTheWriter() throws Exception {
        String ledgerName = "exported";
        startClusterWithLedger(ledgerName);
        VellumServer writer = cluster.awaitSettledWriter();
        commit(writer, ledgerName, 5);
        VellumServer follower = cluster.anotherNodeThan(writer);
        Thread.sleep(5);
        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long tip = cluster.tipOf(writer);
        String exportId = cluster.control(follower).exportJournalToS3(r -> r.name(ledgerName)
                .inclusiveStartTime(Instant.parse("2019-09-18T00:00:00Z")).exclusiveEndTime(end).roleArn(ROLE)
                .s3ExportConfiguration(c -> c.bucket("cluster-exports").prefix("run1/")
                        .encryptionConfiguration(e -> e.objectEncryptionType(S3ObjectEncryptionType.SSE_S3))))
                .exportId();
        for (VellumServer node : cluster.nodes()) {
            awaitWithin(PATIENCE, "export " + exportId + " COMPLETED as seen through " + node.cluster().nodeId(),
                    () -> {
                // Read-your-writes: every node knows the export once its creation was answered (never a 404).
                JournalS3ExportDescription description = cluster.control(node).describeJournalS3Export(r -> r
                        .name(ledgerName).exportId(exportId)).exportDescription();
                return description.status() == ExportStatus.COMPLETED;
            });
            assertThat(cluster.control(node).listJournalS3ExportsForLedger(r -> r.name(ledgerName)).journalS3Exports())
                    .extracting(JournalS3ExportDescription::exportId).containsExactly(exportId);
        }
        // The files are on the writer only: it ran the export, the follower that accepted it did not.
        List<String> ranOn = new ArrayList<>();
        for (VellumServer node : cluster.nodes()) {
            Path prefix = node.exports().bucketDirectory("cluster-exports").resolve("run1");
            if (!Files.isDirectory(prefix)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.list(prefix)) {
                List<String> names = files.map(file -> file.getFileName().toString()).toList();
                if (names.stream().anyMatch(name -> name.startsWith(exportId)
                        && name.endsWith(".completed.manifest"))) {
                    ranOn.add(node.cluster().nodeId());
                    assertThat(names).contains(exportId + ".started.manifest");
                }
            }
        }
        assertThat(ranOn).containsExactly(writer.cluster().nodeId());
        assertThat(tip).isGreaterThan(0);
    }

    /**
     * Read-your-writes of stream and export metadata across nodes: once a create (or cancel) through one node was
     * answered, Describe, List and Cancel through any other node see it at once, with no waiting in the client
     * (before, another node answered ResourceNotFound until its catalog reader had applied the entry).
     */
    @Test
    void streamsAndExportsCreatedThroughOneNodeAreSeenThroughEveryOtherAtOnce() throws Exception {
        String ledgerName = "read-your-writes";
        startClusterWithLedger(ledgerName);
        commit(cluster.awaitSettledWriter(), ledgerName, 3);
        for (int round = 0; round < 6; round++) {
            VellumServer creator = cluster.node(round % 3);
            VellumServer reader = cluster.node((round + 1) % 3);
            VellumServer canceler = cluster.node((round + 2) % 3);
            String streamId = cluster.control(creator).streamJournalToKinesis(r -> r.ledgerName(ledgerName)
                    .streamName("ryw").roleArn(ROLE).inclusiveStartTime(Instant.parse("2020-01-01T00:00:00Z"))
                    .kinesisConfiguration(k -> k.streamArn("arn:aws:kinesis:us-east-1:123456789012:stream/" + TOPIC)
                            .aggregationEnabled(false))).streamId();
            assertThat(cluster.control(reader).describeJournalKinesisStream(r -> r.ledgerName(ledgerName)
                    .streamId(streamId)).stream().streamId()).as("stream created through "
                    + creator.cluster().nodeId() + ", described through " + reader.cluster().nodeId())
                    .isEqualTo(streamId);
            assertThat(cluster.control(canceler).listJournalKinesisStreamsForLedger(r -> r.ledgerName(ledgerName))
                    .streams()).extracting(JournalKinesisStreamDescription::streamId).contains(streamId);
            cluster.control(canceler).cancelJournalKinesisStream(r -> r.ledgerName(ledgerName).streamId(streamId));
            assertThat(cluster.control(creator).describeJournalKinesisStream(r -> r.ledgerName(ledgerName)
                    .streamId(streamId)).stream().status()).as("canceled through " + canceler.cluster().nodeId()
                    + ", described through " + creator.cluster().nodeId()).isEqualTo(StreamStatus.CANCELED);
        }
        for (int round = 0; round < 3; round++) {
            VellumServer creator = cluster.node(round % 3);
            VellumServer reader = cluster.node((round + 1) % 3);
            Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int run = round;
            String exportId = cluster.control(creator).exportJournalToS3(r -> r.name(ledgerName)
                    .inclusiveStartTime(Instant.parse("2019-09-18T00:00:00Z")).exclusiveEndTime(end).roleArn(ROLE)
                    .s3ExportConfiguration(c -> c.bucket("cluster-exports").prefix("ryw" + run + "/")
                            .encryptionConfiguration(e -> e.objectEncryptionType(S3ObjectEncryptionType.SSE_S3))))
                    .exportId();
            assertThat(cluster.control(reader).describeJournalS3Export(r -> r.name(ledgerName).exportId(exportId))
                    .exportDescription().exportId()).as("export created through " + creator.cluster().nodeId()
                    + ", described through " + reader.cluster().nodeId()).isEqualTo(exportId);
            assertThat(cluster.control(cluster.node((round + 2) % 3))
                    .listJournalS3ExportsForLedger(r -> r.name(ledgerName)).journalS3Exports())
                    .extracting(JournalS3ExportDescription::exportId).contains(exportId);
            for (VellumServer node : cluster.nodes()) {
                awaitWithin(PATIENCE, "export " + exportId + " finished", () -> cluster.control(node)
                        .describeJournalS3Export(r -> r.name(ledgerName).exportId(exportId)).exportDescription()
                        .status() != ExportStatus.IN_PROGRESS);
            }
        }
    }

    /**
     * Three nodes on the class's broker, their journal streams delivered to it with {@code linger.ms} 1, and ledger
     * {@code name} created through node-1, hosted on every node and written by the node the election assigns.
     */
    private void startClusterWithLedger(String name) throws Exception {
        cluster = ClusterFixture.onSharedBroker(directory, name, 3, KAFKA.kafka())
                .configuredWith(config -> config.withKafka(new KafkaConnection(KAFKA.kafka().bootstrapServers(),
                        Map.of("linger.ms", "1"))));
        cluster.startNodes().createLedger();
        cluster.awaitHostedEverywhere(name);
    }

    /** Blocks assembled from the stream's messages in the topic, by sequence number (duplicates collapse). */
    private static Map<Long, JournalBlock> delivered(String streamId, long upTo) {
        TreeMap<Long, JournalBlock> blocks = new TreeMap<>();
        BlockAssembler assembler = new BlockAssembler();
        String lastSummary = streamId + "/" + upTo + "/0";
        List<ConsumerRecord<byte[], byte[]>> messages = KAFKA.kafka().readUntil(TOPIC, Duration.ofSeconds(5),
                read -> read.stream().anyMatch(message -> new String(message.key(), StandardCharsets.UTF_8)
                        .equals(lastSummary)));
        for (ConsumerRecord<byte[], byte[]> message : messages) {
            if (new String(message.key(), StandardCharsets.UTF_8).startsWith(streamId + "/")) {
                assembler.add(StreamRecords.parse(message.value())).ifPresent(block ->
                        blocks.put(block.blockAddress().sequenceNo(), block));
            }
        }
        return blocks;
    }

    private static List<Long> range(long last) {
        List<Long> sequenceNumbers = new ArrayList<>();
        for (long sequenceNo = 0; sequenceNo <= last; sequenceNo++) {
            sequenceNumbers.add(sequenceNo);
        }
        return sequenceNumbers;
    }

    private static void commit(VellumServer writer, String ledgerName, int blocks) {
        Ledger ledger = writer.ledgers().ledger(ledgerName);
        for (int i = 0; i < blocks; i++) {
            boolean hasTable = !ledger.executeStatement("SELECT * FROM information_schema.user_tables "
                    + "WHERE name = 'Accounts'").isEmpty();
            ledger.executeStatement(hasTable ? "INSERT INTO Accounts VALUE {'id': 'A-" + System.nanoTime()
                    + "', 'balance': 10.25}" : "CREATE TABLE Accounts");
        }
    }
}
