package io.vellum.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.kafka.ControlRecordType;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.server.ServerProcess;
import io.vellum.server.SignedHttpClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.GetDigestResponse;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.awssdk.services.qldb.model.StreamStatus;

/**
 * A journal stream through the whole server under continuous commits, with the server process killed (SIGKILL, no
 * shutdown of any kind) and restarted mid-stream, then the Kafka broker stopped and restarted mid-stream: a
 * consumer still rebuilds every block up to the ledger's digest from the topic, verifies each block's hashes, the
 * chain and the digest, and finds every block whose commit was acknowledged; duplicates are only re-sent blocks.
 */
@Tag("slow")
class JournalStreamCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ACCESS_KEY_ID = "AKIAVELLUMCRASHTEST1";
    private static final String SECRET = "vellum-crash-test-secret-0123456789abcdef";
    private static final String TOPIC = "crash-journal";

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension(2);

    @TempDir
    Path directory;
    private ServerProcess server;
    private Committer committer;

    @AfterEach
    void stop() throws InterruptedException {
        if (committer != null) {
            committer.stop();
        }
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void serverKilledAndBrokerRestartedMidStreamLoseNoBlock() throws Exception {
        Path data = directory.resolve("data");
        int port = ServerProcess.freePort();
        server = ServerProcess.start(data, port, ACCESS_KEY_ID, SECRET, BROKER.kafka().bootstrapServers(), "server-1.log");
        URI endpoint = server.endpoint();
        SignedHttpClient http = new SignedHttpClient(endpoint, ACCESS_KEY_ID, SECRET);
        String streamId;
        try (QldbClient qldb = qldb(endpoint)) {
            qldb.createLedger(r -> r.name("bank").permissionsMode(PermissionsMode.ALLOW_ALL).deletionProtection(false));
            assertThat(statement(http, "CREATE TABLE Accounts").statusCode()).isEqualTo(200);
            streamId = qldb.streamJournalToKinesis(r -> r.ledgerName("bank").streamName("crash-stream")
                    .roleArn("arn:aws:iam::123456789012:role/my-kinesis-stream-role")
                    .inclusiveStartTime(Instant.parse("2020-05-29T00:00:00Z"))
                    .kinesisConfiguration(k -> k.streamArn("arn:aws:kinesis:us-east-1:123456789012:stream/" + TOPIC)
                            .aggregationEnabled(true))).streamId();
        }
        committer = new Committer(http);
        committer.start();

        // Mid-stream: commits keep coming and part of them is already in Kafka.
        await(() -> committer.acknowledged.size() >= 40, "40 acknowledged commits");
        BROKER.kafka().readUntil(TOPIC, WAIT, read -> read.stream().filter(message -> new String(message.key(),
                StandardCharsets.UTF_8).endsWith("/0")).count() >= 10);
        long beforeKill = committer.last();
        server.kill();
        System.out.println("killed the server after block " + beforeKill + " was acknowledged");
        server = ServerProcess.start(data, port, ACCESS_KEY_ID, SECRET, BROKER.kafka().bootstrapServers(), "server-2.log");
        await(() -> committer.last() >= beforeKill + 40, "40 commits after the restart");

        try (QldbClient qldb = qldb(endpoint)) {
            await(() -> status(qldb, streamId) == StreamStatus.ACTIVE, "the stream resumed ACTIVE");
            long beforeOutage = committer.last();
            BROKER.kafka().stop();
            await(() -> status(qldb, streamId) == StreamStatus.IMPAIRED, "IMPAIRED while the broker is away");
            await(() -> committer.last() >= beforeOutage + 20, "commits during the outage");
            BROKER.kafka().start();
            await(() -> status(qldb, streamId) == StreamStatus.ACTIVE, "ACTIVE again once the broker is back");
            long afterOutage = committer.last();
            await(() -> committer.last() >= afterOutage + 20, "commits after the outage");
            committer.stop();

            GetDigestResponse response = qldb.getDigest(r -> r.name("bank"));
            LedgerDigest digest = new LedgerDigest(Hash.of(response.digest().asByteArray()),
                    BlockAddress.parseIonText(response.digestTipAddress().ionText()));
            JournalStreamKafkaTest.Consumed consumed = JournalStreamKafkaTest.consumeUntilTip(BROKER.kafka(), TOPIC, streamId,
                    digest);
            System.out.println("after a kill and a broker outage: " + consumed + "; " + committer.acknowledged.size()
                    + " commits acknowledged, " + committer.failures.get() + " requests failed while the server or "
                    + "its ledger was away; blocks " + beforeOutage + ".." + afterOutage + " committed around the outage");
            assertThat(consumed.blocks.keySet()).as("every acknowledged commit's block was streamed")
                    .containsAll(committer.acknowledged);
            assertThat(consumed.controlRecords).containsOnly(ControlRecordType.CREATED);
            assertThat(status(qldb, streamId)).isEqualTo(StreamStatus.ACTIVE);
        }
    }

    private static QldbClient qldb(URI endpoint) {
        return QldbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
                .build();
    }

    private static StreamStatus status(QldbClient qldb, String streamId) {
        return qldb.describeJournalKinesisStream(r -> r.ledgerName("bank").streamId(streamId)).stream().status();
    }

    private static HttpResponse<String> statement(SignedHttpClient http, String statement) {
        String body = "{\"statement\":\"" + statement + "\"}";
        return http.send("POST", "/v1/ledgers/bank/statements", Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), SECRET, Clock.systemUTC());
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what + "; server log:\n" + server.logTail())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** One INSERT after another through the native API; keeps going (retrying) while the server is away. */
    private static final class Committer {
        final ConcurrentSkipListSet<Long> acknowledged = new ConcurrentSkipListSet<>();
        final AtomicLong failures = new AtomicLong();
        private final SignedHttpClient http;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Committer(SignedHttpClient http) {
            this.http = http;
            this.thread = new Thread(this::run, "crash-test-committer");
        }

        void start() {
            thread.start();
        }

        /** The highest block sequence number acknowledged so far, -1 before the first. */
        long last() {
            return acknowledged.isEmpty() ? -1 : acknowledged.last();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private void run() {
            long n = 0;
            while (running.get()) {
                try {
                    HttpResponse<String> response = statement(http, "INSERT INTO Accounts VALUE {'id': 'A-" + n
                            + "', 'balance': 10.25}");
                    if (response.statusCode() == 200) {
                        JsonNode address = SignedHttpClient.json(response.body()).get("blockAddress");
                        acknowledged.add(address.get("sequenceNo").longValue());
                        n++;
                        continue;
                    }
                    failures.incrementAndGet();
                } catch (RuntimeException e) {
                    // The server was killed or is starting: an unacknowledged commit, which may or may not be in
                    // the journal; only acknowledged ones must be streamed.
                    failures.incrementAndGet();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
