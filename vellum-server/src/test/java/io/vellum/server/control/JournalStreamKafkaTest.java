package io.vellum.server.control;

import io.vellum.testkit.kafka.EmbeddedKafka;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.engine.Ledger;
import io.vellum.kafka.BlockAssembler;
import io.vellum.kafka.ControlRecordType;
import io.vellum.kafka.KafkaConnection;
import io.vellum.kafka.StreamRecords;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.server.ServerConfig;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.VellumServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.JournalKinesisStreamDescription;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.awssdk.services.qldb.model.ResourcePreconditionNotMetException;
import software.amazon.awssdk.services.qldb.model.StreamStatus;

/**
 * Journal streams end to end against a real in-process KRaft broker: StreamJournalToKinesis through the official
 * AWS SDK with a Kinesis ARN mapped to a topic, a consumer that rebuilds every block from the records (CONTROL
 * CREATED first) and verifies them up to the ledger's digest, a server restart with nothing missing afterwards,
 * describe/list/cancel with QLDB's statuses, and Vellum's explicit {@code KafkaConfiguration} member with a bounded
 * stream that completes.
 */
@Tag("slow")
class JournalStreamKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ROLE = "arn:aws:iam::123456789012:role/my-kinesis-stream-role";

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension(2);

    @TempDir
    Path directory;
    private VellumServer server;
    private QldbClient qldb;

    @BeforeEach
    void start() {
        startServer();
        qldb.createLedger(r -> r.name("bank").permissionsMode(PermissionsMode.ALLOW_ALL).deletionProtection(false));
        commit(4);
    }

    private void startServer() {
        server = VellumServer.start(ServerConfig.defaults(directory)
                .withKafka(new KafkaConnection(BROKER.kafka().bootstrapServers(), Map.of("linger.ms", "1"))));
        qldb = QldbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .build();
    }

    @AfterEach
    void stop() {
        qldb.close();
        server.close();
    }

    private Ledger ledger() {
        return server.ledgers().ledger("bank");
    }

    /** Commits {@code blocks} blocks (the first creates the table when it is missing). */
    private void commit(int blocks) {
        Ledger ledger = ledger();
        for (int i = 0; i < blocks; i++) {
            boolean hasTable = !ledger.executeStatement("SELECT * FROM information_schema.user_tables "
                    + "WHERE name = 'Accounts'").isEmpty();
            ledger.executeStatement(hasTable ? "INSERT INTO Accounts VALUE {'id': 'A-" + System.nanoTime()
                    + "', 'balance': 10.25}" : "CREATE TABLE Accounts");
        }
    }

    @Test
    void kinesisStreamDeliversEveryBlockSurvivesARestartAndIsCanceled() throws Exception {
        Instant requested = Instant.now();
        String streamId = qldb.streamJournalToKinesis(r -> r.ledgerName("bank").streamName("bank-stream")
                .roleArn(ROLE).inclusiveStartTime(Instant.parse("2020-05-29T00:00:00Z"))
                .kinesisConfiguration(k -> k.streamArn("arn:aws:kinesis:us-east-1:123456789012:stream/vellum-journal")
                        .aggregationEnabled(true))).streamId();
        assertThat(streamId).matches("[0-9A-Za-z]{22}");

        JournalKinesisStreamDescription described = describe(streamId);
        assertThat(described.status()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(described.ledgerName()).isEqualTo("bank");
        assertThat(described.streamName()).isEqualTo("bank-stream");
        assertThat(described.arn()).isEqualTo("arn:aws:qldb:us-east-1:000000000000:stream/bank/" + streamId);
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.inclusiveStartTime()).isEqualTo(Instant.parse("2020-05-29T00:00:00Z"));
        assertThat(described.exclusiveEndTime()).isNull();
        assertThat(described.creationTime()).isBetween(requested.minusSeconds(1), Instant.now());
        assertThat(described.kinesisConfiguration().streamArn())
                .isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/vellum-journal");
        assertThat(described.kinesisConfiguration().aggregationEnabled()).isTrue();
        assertThat(described.errorCause()).isNull();
        assertThat(qldb.listJournalKinesisStreamsForLedger(r -> r.ledgerName("bank")).streams())
                .extracting(JournalKinesisStreamDescription::streamId).containsExactly(streamId);

        Consumed first = consumeUntilTip("vellum-journal", streamId, ledger().digest());
        System.out.println("before restart: " + first);
        assertThat(first.controlRecords).containsExactly(ControlRecordType.CREATED);

        qldb.close();
        server.close();
        startServer();
        commit(3);
        assertThat(describe(streamId).status()).isEqualTo(StreamStatus.ACTIVE);
        Consumed all = consumeUntilTip("vellum-journal", streamId, ledger().digest());
        System.out.println("after restart: " + all);
        assertThat(all.blocks.lastKey()).isEqualTo(ledger().digest().tipAddress().sequenceNo());
        assertThat(all.controlRecords).as("CREATED is sent once, not again on resume")
                .containsExactly(ControlRecordType.CREATED);

        assertThat(qldb.cancelJournalKinesisStream(r -> r.ledgerName("bank").streamId(streamId)).streamId())
                .isEqualTo(streamId);
        assertThat(describe(streamId).status()).isEqualTo(StreamStatus.CANCELED);
        assertThatThrownBy(() -> qldb.cancelJournalKinesisStream(r -> r.ledgerName("bank").streamId(streamId)))
                .isInstanceOfSatisfying(ResourcePreconditionNotMetException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.resourceName()).isEqualTo(streamId);
                });
    }

    @Test
    void explicitKafkaConfigurationWithAnEndTimeCompletes() throws Exception {
        Thread.sleep(5);
        long end = System.currentTimeMillis();
        String body = "{\"StreamName\":\"bank-json\",\"InclusiveStartTime\":\"2020-05-29T00:00:00Z\","
                + "\"ExclusiveEndTime\":" + end / 1000 + "." + String.format("%03d", end % 1000) + ","
                + "\"KafkaConfiguration\":{\"Topic\":\"vellum-journal-json\",\"Format\":\"JSON\"}}";
        SignedHttpClient client = SignedHttpClient.of(server);
        var created = client.send("POST", "/ledgers/bank/journal-kinesis-streams",
                Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8),
                server.secretAccessKey(), Clock.systemUTC());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String streamId = SignedHttpClient.json(created.body()).get("StreamId").textValue();
        commit(2);
        long lastIncluded = 4;

        await(() -> describe(streamId).status() == StreamStatus.COMPLETED, "the bounded stream completes");
        var described = client.send("GET", "/ledgers/bank/journal-kinesis-streams/" + streamId, Map.of(),
                new byte[0], server.secretAccessKey(), Clock.systemUTC());
        JsonNode stream = SignedHttpClient.json(described.body()).get("Stream");
        assertThat(stream.get("KafkaConfiguration").toString()).isEqualTo("{\"BootstrapServers\":\""
                + BROKER.kafka().bootstrapServers() + "\",\"Topic\":\"vellum-journal-json\",\"Format\":\"JSON\"}");
        assertThat(stream.has("KinesisConfiguration")).isFalse();
        assertThat(stream.has("RoleArn")).isFalse();

        List<ConsumerRecord<byte[], byte[]>> messages = BROKER.kafka().readUntil("vellum-journal-json", WAIT,
                read -> read.stream().anyMatch(message -> new String(message.value(), StandardCharsets.UTF_8)
                        .contains("\"COMPLETED\"")));
        List<String> types = new ArrayList<>();
        TreeMap<Long, Boolean> summaries = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> message : messages) {
            JsonNode record = SignedHttpClient.json(new String(message.value(), StandardCharsets.UTF_8));
            types.add(record.get("recordType").textValue());
            if (record.get("recordType").textValue().equals("BLOCK_SUMMARY")) {
                summaries.put(record.at("/payload/blockAddress/sequenceNo").longValue(), true);
            }
        }
        assertThat(types).contains("CONTROL", "BLOCK_SUMMARY", "REVISION_DETAILS");
        assertThat(summaries.keySet()).as("blocks before the end time only").containsExactly(0L, 1L, 2L, 3L,
                lastIncluded);
    }

    private JournalKinesisStreamDescription describe(String streamId) {
        return qldb.describeJournalKinesisStream(r -> r.ledgerName("bank").streamId(streamId)).stream();
    }

    /** What a verifying consumer made of a stream's messages. */
    static final class Consumed {
        final TreeMap<Long, JournalBlock> blocks = new TreeMap<>();
        List<ControlRecordType> controlRecords = List.of();
        long messages;
        long duplicateRecords;

        @Override
        public String toString() {
            return messages + " messages, blocks " + blocks.firstKey() + ".." + blocks.lastKey() + ", "
                    + duplicateRecords + " duplicate records dropped, control " + controlRecords;
        }
    }

    /**
     * Reads the topic from the start until every block 0..tip of the digest is rebuilt, then checks each block's
     * hashes, the chain, and that the block hashes fold to the digest.
     */
    private static Consumed consumeUntilTip(String topic, String streamId, LedgerDigest digest) {
        return consumeUntilTip(BROKER.kafka(), topic, streamId, digest);
    }

    /** {@link #consumeUntilTip(String, String, LedgerDigest)} on any broker (shared with the crash test). */
    static Consumed consumeUntilTip(EmbeddedKafka kafka, String topic, String streamId, LedgerDigest digest) {
        long tip = digest.tipAddress().sequenceNo();
        Consumed consumed = new Consumed();
        kafka.readUntil(topic, WAIT, read -> {
            BlockAssembler assembler = new BlockAssembler();
            consumed.blocks.clear();
            for (ConsumerRecord<byte[], byte[]> message : read) {
                if (new String(message.key(), StandardCharsets.UTF_8).startsWith(streamId + "/")) {
                    assembler.add(StreamRecords.parse(message.value()))
                            .ifPresent(block -> consumed.blocks.put(block.blockAddress().sequenceNo(), block));
                }
            }
            consumed.messages = read.size();
            consumed.controlRecords = assembler.controlRecords();
            consumed.duplicateRecords = assembler.duplicateRecords();
            return consumed.blocks.headMap(tip, true).size() == tip + 1;
        });
        List<Hash> leaves = new ArrayList<>();
        JournalBlock previous = null;
        for (long sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
            JournalBlock block = consumed.blocks.get(sequenceNo);
            assertThat(block).as("block " + sequenceNo + " rebuilt from the stream").isNotNull();
            block.verify();
            if (previous != null) {
                block.verifyFollows(previous);
            }
            leaves.add(block.blockHash());
            previous = block;
        }
        assertThat(MerkleTree.root(leaves)).as("the rebuilt blocks fold to the ledger's digest")
                .isEqualTo(digest.digest());
        return consumed;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
