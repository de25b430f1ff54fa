package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.server.VellumServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie writer whose Kafka transaction was open when it froze (issue 11): three {@link VellumServer} nodes on one
 * in-process KRaft broker, each reaching it through its own {@link TcpProxy} ({@link PartitionableKafka}), a bank
 * transfer workload on every node. The writer's Kafka traffic is <em>paused</em> ({@link TcpProxy#pause}: held in
 * order, not dropped — what a SIGSTOPped process's connections look like from the broker) under load, so that a
 * round of blocks is in flight, until another node writes the ledger and a transfer was acknowledged; then it is
 * resumed, and the zombie's held requests (its produce, its transaction's end) reach the broker late, after its
 * successor's {@code initTransactions} fenced its epoch. A freeze that happened to land between two transactions
 * is repeated (at most three times): the test requires the zombie's own log line that its round was not
 * acknowledged.
 *
 * <p>Checked: none of the zombie's unacknowledged blocks is in the topic under its epoch (the topic's blocks with
 * those sequence numbers are its successor's), the topic is one verifying chain whose epochs never go back, and
 * every invariant of the issue (no acknowledged transfer lost or applied twice, balances conserved, equal digests,
 * journals equal to the topic byte for byte).
 */
@Tag("slow")
class ClusterZombieTransactionTest {
    private static final String LEDGER = "bank";
    private static final Duration PATIENCE = ClusterFixture.PATIENCE;
    private static final Pattern NOT_ACKNOWLEDGED = Pattern.compile("Ledger " + LEDGER
            + ": blocks (\\d+)\\.\\.(\\d+) not acknowledged, node (node-\\d) \\(epoch (\\d+)\\) steps down");

    @TempDir
    Path directory;
    private PartitionableKafka kafka;
    private ClusterFixture cluster;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    /** The tests' slf4j-simple writes to System.err: teed here, so the test can read the nodes' log lines. */
    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        PrintStream original = originalErr;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (log) {
                    log.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (log) {
                    log.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = 1; i <= 3 && kafka != null; i++) {
            kafka.resume(i);
        }
        if (cluster != null) {
            cluster.close();
        }
        System.setErr(originalErr);
    }

    @Test
    void aWriterFrozenInsideAKafkaTransactionGetsNoBlockIntoTheTopicAfterItWasFenced() throws Exception {
        kafka = new PartitionableKafka(directory, 3);
        cluster = new ClusterFixture(directory, LEDGER, 3, kafka).startNodes();
        List<VellumServer> nodes = cluster.nodes();
        cluster.createBankLedger();
        BankWorkload workload = cluster.startBankWorkload();
        awaitWithin(PATIENCE, "20 transfers acknowledged", () -> workload.acknowledged().size() >= 20);

        Matcher zombie = null;
        for (int attempt = 1; attempt <= 3 && zombie == null; attempt++) {
            VellumServer writer = cluster.awaitWriterOtherThan(null);
            String writerId = writer.cluster().nodeId();
            int epoch = writer.cluster().status(LEDGER).writerEpoch();
            int index = nodes.indexOf(writer) + 1;
            int logFrom = logSize();
            long frozenAt = System.nanoTime();
            kafka.pause(index);
            awaitWithin(PATIENCE, "another node writing " + LEDGER + " after " + writerId + " froze", () -> {
                VellumServer current = cluster.currentWriterOtherThan(writer);
                return current != null && current.cluster().status(LEDGER).writerEpoch() > epoch;
            });
            VellumServer successor = cluster.currentWriterOtherThan(writer);
            long tookOver = System.nanoTime();
            awaitWithin(PATIENCE, "a transfer acknowledged through the new writer",
                    () -> workload.acknowledgedBegunAfter(tookOver) >= 1);
            long resumedAt = System.nanoTime();
            kafka.resume(index);
            awaitWithin(PATIENCE, writerId + " stepped down after it was resumed",
                    () -> writer.cluster().status(LEDGER).state() != ReplicationStatus.State.WRITING
                    || writer.cluster().status(LEDGER).writerEpoch() > successor.cluster().status(LEDGER)
                    .writerEpoch());
            Matcher line = NOT_ACKNOWLEDGED.matcher(logSince(logFrom));
            while (line.find()) {
                if (line.group(3).equals(writerId) && Integer.parseInt(line.group(4)) == epoch) {
                    zombie = line;
                    break;
                }
            }
            System.out.println("zombie: attempt " + attempt + ": writer " + writerId + " (epoch " + epoch
                    + ") frozen; " + successor.cluster().nodeId() + " wrote (epoch "
                    + successor.cluster().status(LEDGER).writerEpoch() + ") " + (tookOver - frozenAt) / 1_000_000
                    + " ms later; resumed after " + (resumedAt - frozenAt) / 1_000_000 + " ms; "
                    + (zombie == null ? "no round was in flight" : "its round of blocks " + zombie.group(1) + ".."
                    + zombie.group(2) + " was in flight and was not acknowledged"));
        }
        assertThat(zombie).as("a freeze that landed inside a Kafka transaction, in three attempts").isNotNull();
        String zombieNode = zombie.group(3);
        int zombieEpoch = Integer.parseInt(zombie.group(4));
        long firstHeld = Long.parseLong(zombie.group(1));
        long lastHeld = Long.parseLong(zombie.group(2));

        long afterZombie = System.nanoTime();
        awaitWithin(PATIENCE, "20 more transfers acknowledged", () -> workload.acknowledgedBegunAfter(afterZombie)
                >= 20);
        workload.stop();

        ClusterInvariants.TopicChain topic = cluster.checkInvariants();
        // The zombie's held blocks: where the topic has those sequence numbers, they are from a later term.
        for (long sequenceNo = firstHeld; sequenceNo <= Math.min(lastHeld, topic.tip()); sequenceNo++) {
            assertThat(termOf(topic.terms(), sequenceNo)).as("the writer of topic block " + sequenceNo
                    + ", which the zombie " + zombieNode + " had in flight").doesNotStartWith(zombieNode + "@"
                    + zombieEpoch + " ");
        }
        System.out.println("zombie: " + workload.acknowledged().size() + " transfers acknowledged; topic blocks 0.."
                + topic.tip() + ", one verifying chain, writer terms " + topic.terms() + "; blocks " + firstHeld
                + ".." + lastHeld + " in the topic are " + termOf(topic.terms(), firstHeld) + "'s");
    }

    /** The term ({@code node@epoch from block S}) that wrote topic block {@code sequenceNo}. */
    private static String termOf(List<String> terms, long sequenceNo) {
        String found = null;
        for (String term : terms) {
            long from = Long.parseLong(term.substring(term.lastIndexOf(' ') + 1));
            if (from <= sequenceNo) {
                found = term;
            }
        }
        return found;
    }

    private int logSize() {
        synchronized (log) {
            return log.size();
        }
    }

    private String logSince(int offset) {
        synchronized (log) {
            String all = log.toString(StandardCharsets.UTF_8);
            return all.substring(Math.min(offset, all.length()));
        }
    }
}
