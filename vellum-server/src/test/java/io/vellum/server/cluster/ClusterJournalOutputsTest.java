package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static io.vellum.server.cluster.ClusterTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.engine.Ledger;
import io.vellum.kafka.BlockAssembler;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.kafka.KafkaConnection;
import io.vellum.kafka.StreamRecords;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.ExportStatus;
import software.amazon.awssdk.services.qldb.model.JournalKinesisStreamDescription;
import software.amazon.awssdk.services.qldb.model.JournalS3ExportDescription;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
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
    private static final String KEY_ID = "AKIDCLUSTERTEST00002";
    private static final String SECRET = "cluster-outputs-test-secret-shared-by-every-node";
    private static final String STREAMED = "streamed";
    private static final String EXPORTED = "exported";
    private static final String TOPIC = "payments-journal";
    private static final String ROLE = "arn:aws:iam::123456789012:role/stream-role";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;
    /** The ledger of the test: each test its own name, since the broker (and so the catalog) outlives a test. */
    private String ledgerName;
    private final List<VellumServer> nodes = new ArrayList<>();
    private final Map<VellumServer, QldbClient> clients = new java.util.HashMap<>();

    @AfterEach
    void stop() {
        clients.values().forEach(QldbClient::close);
        for (VellumServer node : nodes) {
            node.close();
        }
    }

    @Test
    void aStreamRequestedThroughAFollowerDeliversEveryBlockAcrossAWriterChange() throws Exception {
        ledgerName = STREAMED;
        startClusterWithLedger();
        VellumServer writer = writerNode();
        commit(writer, 6);
        VellumServer follower = otherThan(writer).get(0);
        String streamId = control(follower).streamJournalToKinesis(r -> r.ledgerName(ledgerName).streamName("journal")
                .roleArn(ROLE).inclusiveStartTime(Instant.parse("2020-01-01T00:00:00Z"))
                .kinesisConfiguration(k -> k.streamArn("arn:aws:kinesis:us-east-1:123456789012:stream/" + TOPIC)
                        .aggregationEnabled(false))).streamId();
        // Every node knows the stream (describe and list answer the same everywhere).
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "stream " + streamId + " listed through " + node.cluster().nodeId(),
                    () -> control(node)
                    .listJournalKinesisStreamsForLedger(r -> r.ledgerName(ledgerName)).streams().stream()
                    .anyMatch(stream -> stream.streamId().equals(streamId)));
            JournalKinesisStreamDescription described = control(node).describeJournalKinesisStream(r -> r
                    .ledgerName(ledgerName).streamId(streamId)).stream();
            assertThat(described.streamName()).isEqualTo("journal");
            assertThat(described.status()).isEqualTo(StreamStatus.ACTIVE);
        }
        long firstTip = tipOf(writer);
        awaitWithin(PATIENCE, "blocks 0.." + firstTip + " delivered", () -> delivered(streamId, firstTip).keySet()
                .containsAll(range(firstTip)));

        // The writer node stops; another takes over the ledger and, with it, the stream.
        String deposed = writer.cluster().nodeId();
        writer.close();
        nodes.remove(writer);
        awaitWithin(PATIENCE, "a new writer of " + ledgerName,
                () -> nodes.stream().anyMatch(node -> node.cluster().status(ledgerName)
                .state() == ReplicationStatus.State.WRITING));
        VellumServer newWriter = writerNode();
        assertThat(newWriter.cluster().nodeId()).isNotEqualTo(deposed);
        commit(newWriter, 6);
        long lastTip = tipOf(newWriter);
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
        VellumServer other = otherThan(newWriter).get(0);
        control(other).cancelJournalKinesisStream(r -> r.ledgerName(ledgerName).streamId(streamId));
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "stream canceled as seen through " + node.cluster().nodeId(), () -> control(node)
                    .describeJournalKinesisStream(r -> r.ledgerName(ledgerName).streamId(streamId)).stream().status()
                    == StreamStatus.CANCELED);
        }
        assertThat(newWriter.streams().describe(streamId).status()).isEqualTo(io.vellum.kafka.StreamStatus.CANCELED);
    }

    @Test
    void anExportRequestedThroughAFollowerRunsOnceOnTheWriter() throws Exception {
        ledgerName = EXPORTED;
        startClusterWithLedger();
        VellumServer writer = writerNode();
        commit(writer, 5);
        VellumServer follower = otherThan(writer).get(0);
        Thread.sleep(5);
        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long tip = tipOf(writer);
        String exportId = control(follower).exportJournalToS3(r -> r.name(ledgerName)
                .inclusiveStartTime(Instant.parse("2019-09-18T00:00:00Z")).exclusiveEndTime(end).roleArn(ROLE)
                .s3ExportConfiguration(c -> c.bucket("cluster-exports").prefix("run1/")
                        .encryptionConfiguration(e -> e.objectEncryptionType(S3ObjectEncryptionType.SSE_S3))))
                .exportId();
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "export " + exportId + " COMPLETED as seen through " + node.cluster().nodeId(),
                    () -> {
                // Read-your-writes: every node knows the export once its creation was answered (never a 404).
                JournalS3ExportDescription description = control(node).describeJournalS3Export(r -> r
                        .name(ledgerName).exportId(exportId)).exportDescription();
                return description.status() == ExportStatus.COMPLETED;
            });
            assertThat(control(node).listJournalS3ExportsForLedger(r -> r.name(ledgerName)).journalS3Exports())
                    .extracting(JournalS3ExportDescription::exportId).containsExactly(exportId);
        }
        // The files are on the writer only: it ran the export, the follower that accepted it did not.
        List<String> ranOn = new ArrayList<>();
        for (VellumServer node : nodes) {
            Path prefix = node.exports().bucketDirectory("cluster-exports").resolve("run1");
            if (!Files.isDirectory(prefix)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.list(prefix)) {
                List<String> names = files.map(file -> file.getFileName().toString()).toList();
                if (names.stream().anyMatch(name -> name.startsWith(exportId) && name.endsWith(".completed.manifest"))) {
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
        ledgerName = "read-your-writes";
        startClusterWithLedger();
        commit(writerNode(), 3);
        for (int round = 0; round < 6; round++) {
            VellumServer creator = nodes.get(round % 3);
            VellumServer reader = nodes.get((round + 1) % 3);
            VellumServer canceler = nodes.get((round + 2) % 3);
            String streamId = control(creator).streamJournalToKinesis(r -> r.ledgerName(ledgerName)
                    .streamName("ryw").roleArn(ROLE).inclusiveStartTime(Instant.parse("2020-01-01T00:00:00Z"))
                    .kinesisConfiguration(k -> k.streamArn("arn:aws:kinesis:us-east-1:123456789012:stream/" + TOPIC)
                            .aggregationEnabled(false))).streamId();
            assertThat(control(reader).describeJournalKinesisStream(r -> r.ledgerName(ledgerName)
                    .streamId(streamId)).stream().streamId()).as("stream created through "
                    + creator.cluster().nodeId() + ", described through " + reader.cluster().nodeId())
                    .isEqualTo(streamId);
            assertThat(control(canceler).listJournalKinesisStreamsForLedger(r -> r.ledgerName(ledgerName))
                    .streams()).extracting(JournalKinesisStreamDescription::streamId).contains(streamId);
            control(canceler).cancelJournalKinesisStream(r -> r.ledgerName(ledgerName).streamId(streamId));
            assertThat(control(creator).describeJournalKinesisStream(r -> r.ledgerName(ledgerName)
                    .streamId(streamId)).stream().status()).as("canceled through " + canceler.cluster().nodeId()
                    + ", described through " + creator.cluster().nodeId()).isEqualTo(StreamStatus.CANCELED);
        }
        for (int round = 0; round < 3; round++) {
            VellumServer creator = nodes.get(round % 3);
            VellumServer reader = nodes.get((round + 1) % 3);
            Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int run = round;
            String exportId = control(creator).exportJournalToS3(r -> r.name(ledgerName)
                    .inclusiveStartTime(Instant.parse("2019-09-18T00:00:00Z")).exclusiveEndTime(end).roleArn(ROLE)
                    .s3ExportConfiguration(c -> c.bucket("cluster-exports").prefix("ryw" + run + "/")
                            .encryptionConfiguration(e -> e.objectEncryptionType(S3ObjectEncryptionType.SSE_S3))))
                    .exportId();
            assertThat(control(reader).describeJournalS3Export(r -> r.name(ledgerName).exportId(exportId))
                    .exportDescription().exportId()).as("export created through " + creator.cluster().nodeId()
                    + ", described through " + reader.cluster().nodeId()).isEqualTo(exportId);
            assertThat(control(nodes.get((round + 2) % 3)).listJournalS3ExportsForLedger(r -> r.name(ledgerName))
                    .journalS3Exports()).extracting(JournalS3ExportDescription::exportId).contains(exportId);
            for (VellumServer node : nodes) {
                awaitWithin(PATIENCE, "export " + exportId + " finished", () -> control(node)
                        .describeJournalS3Export(r -> r.name(ledgerName).exportId(exportId)).exportDescription()
                        .status() != ExportStatus.IN_PROGRESS);
            }
        }
    }

    private void startClusterWithLedger() throws Exception {
        for (int i = 1; i <= 3; i++) {
            nodes.add(startNode("node-" + i));
        }
        awaitWithin(PATIENCE, "the election's 32 partitions spread over the three nodes", () -> nodes.stream()
                .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                && nodes.stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum() == 32);
        control(nodes.get(0)).createLedger(r -> r.name(ledgerName).permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "ledger hosted on " + node.cluster().nodeId(),
                    () -> node.ledgers().list().stream().anyMatch(info -> info.name().equals(ledgerName)));
        }
        awaitWithin(PATIENCE, "a writer of " + ledgerName + " that every node knows", () -> {
            String writer = nodes.get(0).cluster().writerOf(ledgerName);
            return writer != null && nodes.stream().allMatch(node -> writer.equals(node.cluster().writerOf(ledgerName)))
                    && nodes.stream().anyMatch(node -> node.cluster().nodeId().equals(writer)
                    && node.cluster().status(ledgerName).state() == ReplicationStatus.State.WRITING);
        });
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

    private void commit(VellumServer writer, int blocks) {
        Ledger ledger = writer.ledgers().ledger(ledgerName);
        for (int i = 0; i < blocks; i++) {
            boolean hasTable = !ledger.executeStatement("SELECT * FROM information_schema.user_tables "
                    + "WHERE name = 'Accounts'").isEmpty();
            ledger.executeStatement(hasTable ? "INSERT INTO Accounts VALUE {'id': 'A-" + System.nanoTime()
                    + "', 'balance': 10.25}" : "CREATE TABLE Accounts");
        }
    }

    private VellumServer writerNode() {
        return nodes.stream().filter(node -> node.cluster().status(ledgerName).state()
                == ReplicationStatus.State.WRITING).findFirst().orElseThrow();
    }

    private List<VellumServer> otherThan(VellumServer node) {
        return nodes.stream().filter(other -> other != node).toList();
    }

    private long tipOf(VellumServer node) {
        return node.ledgers().ledger(ledgerName).digest().tipAddress().sequenceNo();
    }

    private VellumServer startNode(String id) throws IOException {
        return ClusterTests.startNode(ServerConfig.defaults(directory.resolve(id)).withCredentials(KEY_ID, SECRET)
                .withKafka(new KafkaConnection(KAFKA.kafka().bootstrapServers(), Map.of("linger.ms", "1"))),
                id, KAFKA.kafka().bootstrapServers());
    }

    private QldbClient control(VellumServer node) {
        return clients.computeIfAbsent(node, server -> QldbClient.builder().endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build());
    }
}
