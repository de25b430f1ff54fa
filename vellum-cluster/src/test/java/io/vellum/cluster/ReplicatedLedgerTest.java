package io.vellum.cluster;

import static io.vellum.cluster.ReplicaChecks.assertSameJournal;
import static io.vellum.cluster.ReplicaChecks.awaitWithin;
import static io.vellum.cluster.ReplicaChecks.tip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.cluster.ReplicationStatus.State;
import io.vellum.cluster.internal.BlockRecords;
import io.vellum.cluster.internal.KafkaClients;
import io.vellum.cluster.internal.LedgerTopic;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.commit.LedgerReplica.Role;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Replicated ledgers on a real in-process Kafka broker: two or three nodes as ledger directories in one JVM. */
class ReplicatedLedgerTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);
    private static final LedgerOptions OPTIONS = LedgerOptions.defaults();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    private static ClusterSettings node(String id) {
        return new ClusterSettings(KAFKA.kafka().bootstrapServers(), id);
    }

    private static void insert(Ledger ledger, String owner) {
        ledger.executeStatement("INSERT INTO Accounts VALUE {'owner': '" + owner + "', 'balance': 10}");
    }

    /** Commits {@code count} inserts from four threads (so that rounds hold several blocks). */
    private static void commitConcurrently(Ledger ledger, String prefix, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String owner = prefix + i;
                done.add(threads.submit(() -> insert(ledger, owner)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> topicRecords(String ledger, long lastSequenceNo) {
        LedgerTopic topic = new LedgerTopic(ledger);
        return KAFKA.kafka().readUntil(topic.name(), WAIT, read -> !read.isEmpty()
                && BlockRecords.sequenceNo(topic, read.get(read.size() - 1)) >= lastSequenceNo);
    }

    private static void wipe(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void aFollowerEndsWithTheWritersJournalByteForByte() throws Exception {
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("ledger-a", directory.resolve("node-1"), OPTIONS,
                node("node-1"));
             ReplicatedLedger follower = ReplicatedLedger.openFollower("ledger-a", directory.resolve("node-2"),
                     OPTIONS, node("node-2"))) {
            writer.ledger().executeStatement("CREATE TABLE Accounts");
            writer.ledger().executeStatement("CREATE INDEX ON Accounts (owner)");
            commitConcurrently(writer.ledger(), "owner-", 200);
            long writerTip = tip(writer);
            assertThat(writerTip).isEqualTo(202);

            awaitWithin(WAIT, "the follower reaches block " + writerTip, () -> tip(follower) == writerTip);
            assertSameJournal(writer.ledger(), follower.ledger());
            assertThat(follower.ledger().executeStatement("SELECT VALUE a.balance FROM Accounts AS a "
                    + "WHERE a.owner = 'owner-7'")).hasSize(1);

            assertThatThrownBy(() -> insert(follower.ledger(), "refused")).isInstanceOf(LedgerException.class)
                    .hasMessageContaining("ledger ledger-a is replicated from")
                    .hasMessageContaining("this node (node-2) is a follower")
                    .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
            ReplicationStatus writerStatus = writer.status();
            assertThat(writerStatus.role()).isEqualTo(Role.WRITER);
            assertThat(writerStatus.state()).isEqualTo(State.WRITING);
            assertThat(writerStatus.writerEpoch()).isGreaterThanOrEqualTo(0);
            awaitWithin(WAIT, "the follower reports no lag", () -> follower.status().lagRecords() == 0);
            ReplicationStatus followerStatus = follower.status();
            assertThat(followerStatus.role()).isEqualTo(Role.FOLLOWER);
            assertThat(followerStatus.state()).isEqualTo(State.FOLLOWING);
            assertThat(followerStatus.writerNode()).isEqualTo("node-1");
            assertThat(followerStatus.writerEpoch()).isEqualTo(writerStatus.writerEpoch());
            assertThat(followerStatus.tipSequenceNo()).isEqualTo(writerTip);

            List<ConsumerRecord<byte[], byte[]>> records = topicRecords("ledger-a", writerTip);
            assertThat(records).hasSize((int) writerTip + 1);
        }
    }

    @Test
    void aFencedWriterAcknowledgesNothingAndItsBlockIsNotInTheTopic() throws Exception {
        try (ReplicatedLedger first = ReplicatedLedger.openWriter("ledger-b", directory.resolve("node-1"), OPTIONS,
                node("node-1"))) {
            first.ledger().executeStatement("CREATE TABLE Accounts");
            commitConcurrently(first.ledger(), "before-", 10);
            long acknowledged = tip(first);
            JournalBlock lastAcknowledged = first.ledger().readBlock(new BlockAddress(first.ledger().strandId(),
                    acknowledged));

            try (ReplicatedLedger second = ReplicatedLedger.openWriter("ledger-b", directory.resolve("node-2"),
                    OPTIONS, node("node-2"))) {
                assertThat(tip(second)).isEqualTo(acknowledged);
                assertThat(second.status().writerEpoch()).isGreaterThan(first.status().writerEpoch());

                assertThatThrownBy(() -> insert(first.ledger(), "zombie")).isInstanceOf(LedgerException.class)
                        .hasMessageContaining("was not acknowledged")
                        .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
                assertThat(tip(first)).isEqualTo(acknowledged);
                assertThat(first.status().role()).isEqualTo(Role.FOLLOWER);
                assertThatThrownBy(() -> insert(first.ledger(), "zombie-again"))
                        .isInstanceOf(LedgerException.class).hasMessageContaining("this node (node-1) is a follower");

                insert(second.ledger(), "after");
                long next = acknowledged + 1;
                JournalBlock chained = second.ledger().readBlock(new BlockAddress(second.ledger().strandId(), next));
                assertThat(chained.previousBlockHash()).isEqualTo(lastAcknowledged.blockHash());

                List<ConsumerRecord<byte[], byte[]>> records = topicRecords("ledger-b", next);
                assertThat(records).hasSize((int) next + 1);
                byte[] zombie = "zombie".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < records.size(); i++) {
                    assertThat(BlockRecords.sequenceNo(new LedgerTopic("ledger-b"), records.get(i))).isEqualTo(i);
                    assertThat(indexOf(records.get(i).value(), zombie)).as("record %d", i).isNegative();
                }
                assertThat(records.get((int) next).value())
                        .isEqualTo(second.ledger().replica().blockPayload(next));

                awaitWithin(WAIT, "the deposed writer follows the new one", () -> tip(first) == next);
                assertSameJournal(second.ledger(), first.ledger());
                assertThat(first.status().writerNode()).isEqualTo("node-2");
            }
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aFollowerRefusesABlockWithOneAlteredByteAndReportsLedgerAndBlock() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        Ledger source = Ledger.open(directory.resolve("source"), OPTIONS);
        try (source) {
            source.executeStatement("CREATE TABLE Accounts");
            for (String owner : List.of("alice", "bob", "carol", "dave")) {
                insert(source, owner);
            }
            for (long sequenceNo = 0; sequenceNo <= 5; sequenceNo++) {
                payloads.add(source.replica().blockPayload(sequenceNo));
                timestamps.add(source.readBlock(new BlockAddress(source.strandId(), sequenceNo))
                        .blockTimestamp().getMillis());
            }
        }
        byte[] altered = payloads.get(5).clone();
        byte[] dave = "dave".getBytes(StandardCharsets.UTF_8);
        int at = altered.length - dave.length;
        while (!Arrays.equals(altered, at, at + dave.length, dave, 0, dave.length)) {
            at--;
        }
        altered[at] = 'D';

        LedgerTopic topic = new LedgerTopic("ledger-c");
        KafkaClients clients = new KafkaClients(KAFKA.kafka().bootstrapServers(), Map.of());
        try (Admin admin = clients.admin()) {
            topic.ensureExists(admin, WAIT);
        }
        try (KafkaProducer<byte[], byte[]> forger = clients.transactionalProducer("test-forger")) {
            forger.initTransactions();
            forger.beginTransaction();
            for (int i = 0; i < 5; i++) {
                forger.send(BlockRecords.record(topic, i, timestamps.get(i), payloads.get(i), "forger", 0));
            }
            forger.send(BlockRecords.record(topic, 5, timestamps.get(5), altered, "forger", 0));
            forger.commitTransaction();
        }

        try (ReplicatedLedger follower = ReplicatedLedger.openFollower("ledger-c", directory.resolve("node-2"),
                OPTIONS, node("node-2"))) {
            awaitWithin(WAIT, "replication stops", () -> follower.status().state() == State.FAILED);
            ReplicationStatus status = follower.status();
            assertThat(status.tipSequenceNo()).isEqualTo(4);
            assertThat(status.failure()).contains("ledger ledger-c: replication stopped at block 5")
                    .contains("sequenceNo:5} rule 3").contains("expected ").contains("but computed ");
            assertThat(tip(follower)).isEqualTo(4);
            assertThat(follower.ledger().executeStatement("SELECT * FROM Accounts")).hasSize(3);
            for (int i = 0; i <= 4; i++) {
                assertThat(follower.ledger().replica().blockPayload(i)).isEqualTo(payloads.get(i));
            }
            assertThatThrownBy(follower::startWriter).isInstanceOf(LedgerException.class)
                    .hasMessageContaining("replication stopped on this node");
        }
    }

    @Test
    void lateAndWipedFollowersRebuildTheLedgerFromTheTopicAndOneCanTakeOverAsWriter() throws Exception {
        Path followerDirectory = directory.resolve("node-2");
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("ledger-d", directory.resolve("node-1"), OPTIONS,
                node("node-1"))) {
            writer.ledger().executeStatement("CREATE TABLE Accounts");
            commitConcurrently(writer.ledger(), "early-", 50);

            try (ReplicatedLedger late = ReplicatedLedger.openFollower("ledger-d", followerDirectory, OPTIONS,
                    node("node-2"))) {
                awaitWithin(WAIT, "the late follower catches up", () -> tip(late) == tip(writer));
                commitConcurrently(writer.ledger(), "meanwhile-", 20);
                awaitWithin(WAIT, "the follower keeps up", () -> tip(late) == tip(writer));
                assertSameJournal(writer.ledger(), late.ledger());
            }
            commitConcurrently(writer.ledger(), "while-down-", 10);
            try (ReplicatedLedger restarted = ReplicatedLedger.openFollower("ledger-d", followerDirectory, OPTIONS,
                    node("node-2"))) {
                awaitWithin(WAIT, "the restarted follower catches up", () -> tip(restarted) == tip(writer));
                assertSameJournal(writer.ledger(), restarted.ledger());
            }
            wipe(followerDirectory);
            try (ReplicatedLedger rebuilt = ReplicatedLedger.openFollower("ledger-d", followerDirectory, OPTIONS,
                    node("node-2"))) {
                awaitWithin(WAIT, "the wiped follower rebuilds", () -> tip(rebuilt) == tip(writer));
                assertSameJournal(writer.ledger(), rebuilt.ledger());
            }
        }
        try (ReplicatedLedger takeOver = ReplicatedLedger.openFollower("ledger-d", followerDirectory, OPTIONS,
                node("node-2"))) {
            long last = tip(takeOver);
            takeOver.startWriter();
            assertThat(takeOver.status().role()).isEqualTo(Role.WRITER);
            insert(takeOver.ledger(), "new-writer");
            assertThat(tip(takeOver)).isEqualTo(last + 1);
            assertThat(takeOver.ledger().verifyJournal()).isEqualTo(takeOver.ledger().digest());
        }
    }

    @Test
    void aFollowerOfALedgerWithoutBlocksIsRefused() {
        assertThatThrownBy(() -> ReplicatedLedger.openFollower("ledger-none", directory.resolve("node-2"), OPTIONS,
                node("node-2"))).isInstanceOf(LedgerException.class)
                .hasMessageContaining("ledger ledger-none has no block in topic vellum.ledger.ledger-none yet");
    }

    @Test
    void aSingleNodeLedgerJoinsAClusterAsItsFirstWriter() throws Exception {
        Path writerDirectory = directory.resolve("node-1");
        try (Ledger single = Ledger.open(writerDirectory, OPTIONS)) {
            single.executeStatement("CREATE TABLE Accounts");
            insert(single, "from-single-node");
        }
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("ledger-f", writerDirectory, OPTIONS,
                node("node-1"));
             ReplicatedLedger follower = ReplicatedLedger.openFollower("ledger-f", directory.resolve("node-2"),
                     OPTIONS, node("node-2"))) {
            assertThat(tip(follower)).isGreaterThanOrEqualTo(0);
            insert(writer.ledger(), "from-cluster");
            awaitWithin(WAIT, "the follower reaches the writer", () -> tip(follower) == 3);
            assertSameJournal(writer.ledger(), follower.ledger());
            assertThat(topicRecords("ledger-f", 3)).hasSize(4);
        }
    }

    @Test
    void aNodeWhoseJournalDivergedFromTheTopicRefusesToBecomeWriter() throws Exception {
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("ledger-g", directory.resolve("node-1"), OPTIONS,
                node("node-1"))) {
            writer.ledger().executeStatement("CREATE TABLE Accounts");
        }
        Path other = directory.resolve("node-2");
        Ledger.open(other, OPTIONS).close(); // a block 0 of its own: another ledger with the same name
        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> ReplicatedLedger.openWriter("ledger-g", other, OPTIONS, node("node-2")))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("ledger ledger-g: the local journal diverges from topic "
                            + "vellum.ledger.ledger-g at block 0")
                    .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.CORRUPTION));
            // Real damage: an operator must rebuild this node's copy, so it is an ERROR.
            assertThat(log.lines(ReplicatedLedger.class.getName(), "ledger-g"))
                    .anySatisfy(line -> assertThat(line).contains(" ERROR ").contains("needs an operator")
                            .contains("diverges from topic vellum.ledger.ledger-g at block 0"));
        }
        try (ReplicatedLedger follower = ReplicatedLedger.openFollower("ledger-g", other, OPTIONS, node("node-2"))) {
            awaitWithin(WAIT, "replication stops", () -> follower.status().state() == State.FAILED);
            assertThat(follower.status().failure()).contains("diverges from topic vellum.ledger.ledger-g at block 0");
            assertThat(tip(follower)).isZero();
        }
    }

    @Test
    void theLoserOfTwoCreationsOfOneNameAnswersAlreadyExistsAndLogsNoError() throws Exception {
        // Both creations find the topic without a block 0 and make their own before either starts writing: the race
        // of two nodes serving CreateLedger of one name at once, made deterministic.
        ReplicatedLedger first = ReplicatedLedger.prepareCreation("ledger-i", directory.resolve("node-1"), OPTIONS,
                node("node-1"));
        ReplicatedLedger second = ReplicatedLedger.prepareCreation("ledger-i", directory.resolve("node-2"), OPTIONS,
                node("node-2"));
        try (ReplicatedLedger winner = ReplicatedLedger.finishCreation(first); CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> ReplicatedLedger.finishCreation(second))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("Ledger ledger-i already exists: it was created through another node")
                    .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
            List<String> lines = log.lines(ReplicatedLedger.class.getName(), "ledger-i");
            assertThat(lines).noneSatisfy(line -> assertThat(line).containsAnyOf(" ERROR ", " WARN "));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains(" INFO ")
                    .contains("created through another node of the cluster at the same time")
                    .contains("this node (node-2) gave up its own creation").contains("nothing to repair"));
            assertThat(topicRecords("ledger-i", 0).get(0).value()).isEqualTo(winner.ledger().replica()
                    .blockPayload(0));
        }
    }

    @Test
    void aWriterWhoseJournalExtendsTheTopicPublishesTheRestAfterComparingTheTopicsLastBlock() throws Exception {
        Path writerDirectory = directory.resolve("node-1");
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("ledger-h", writerDirectory, OPTIONS,
                node("node-1"))) {
            writer.ledger().executeStatement("CREATE TABLE Accounts");
            insert(writer.ledger(), "in-topic");
        }
        try (Ledger alone = Ledger.open(writerDirectory, OPTIONS)) { // committed while out of the cluster
            insert(alone, "local-1");
            insert(alone, "local-2");
        }
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("ledger-h", writerDirectory, OPTIONS,
                node("node-1"));
             ReplicatedLedger follower = ReplicatedLedger.openFollower("ledger-h", directory.resolve("node-2"),
                     OPTIONS, node("node-2"))) {
            assertThat(tip(writer)).isEqualTo(4);
            awaitWithin(WAIT, "the follower gets the published blocks", () -> tip(follower) == 4);
            assertSameJournal(writer.ledger(), follower.ledger());
            assertThat(topicRecords("ledger-h", 4)).hasSize(5);
        }
    }
}
