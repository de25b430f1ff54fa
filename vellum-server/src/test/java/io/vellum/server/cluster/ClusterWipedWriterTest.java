package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer whose data directory is wiped while it is stopped, restarted under the same node id (issue 11: disk loss
 * of the writer itself; {@code ClusterFailoverTest} wipes a follower). Three {@link VellumServer} nodes on one
 * in-process KRaft broker under a bank transfer workload through the official QLDB driver on every node:
 *
 * <ol>
 *   <li>the ledger's writer is stopped, its whole data directory deleted; the others go on (another node writes);</li>
 *   <li>it is started empty with the same id, port and credentials, and rebuilds the ledger from the topic;</li>
 *   <li>the nodes writing the ledger are stopped one after the other until the wiped node writes it again, so that
 *       it certainly writes from its rebuilt copy; transfers are acknowledged through it; the stopped nodes come
 *       back.</li>
 * </ol>
 * Then: every acknowledged transfer present once, balances conserved, the same digest at the same tip on every node,
 * the topic one verifying chain (so the wiped node's first block chains to the last acknowledged one) whose epochs
 * never go back, the wiped node's new term in it, starting after every block acknowledged before it wrote; every
 * journal the topic's blocks byte for byte.
 */
@Tag("slow")
class ClusterWipedWriterTest {
    private static final String LEDGER = "bank";
    private static final Duration PATIENCE = ClusterFixture.PATIENCE;

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
    void aWriterWipedWhileStoppedRebuildsFromTheTopicAndWritesOnlyChainedBlocks() throws Exception {
        cluster = ClusterFixture.onOneBroker(directory, LEDGER, 3).startNodes();
        VellumServer first = cluster.createBankLedger();
        BankWorkload workload = cluster.startBankWorkload();
        awaitWithin(PATIENCE, "20 transfers acknowledged", () -> workload.acknowledged().size() >= 20);

        // 1. The writer stops; its data directory is deleted; the others go on.
        int epochBefore = first.cluster().status(LEDGER).writerEpoch();
        int wiped = cluster.stop(first);
        String wipedId = ClusterFixture.id(wiped);
        deleteRecursively(cluster.dataOf(wiped));
        long stoppedAt = System.nanoTime();
        awaitWithin(PATIENCE, "10 transfers acknowledged while " + wipedId + " is down",
                () -> workload.acknowledgedBegunAfter(stoppedAt) >= 10);

        // 2. It starts empty, same id and port, and rebuilds the ledger from the topic.
        long tipAtRestart = cluster.nodes().stream().mapToLong(cluster::tipOf).max().orElseThrow();
        long restartedAt = System.nanoTime();
        VellumServer rebuilt = cluster.start(wiped);
        awaitWithin(PATIENCE, wipedId + " rebuilt the ledger from the topic", () ->
                rebuilt.cluster().status(LEDGER) != null && cluster.tipOf(rebuilt) >= tipAtRestart);
        System.out.println("wiped writer: " + wipedId + " (writer, epoch " + epochBefore + ") stopped and wiped; "
                + "restarted empty, it held the ledger to block " + tipAtRestart + " after "
                + (System.nanoTime() - restartedAt) / 1_000_000 + " ms");

        // 3. The writers are stopped one after the other until the wiped node writes the ledger.
        List<Integer> stopped = new ArrayList<>();
        while (rebuilt.cluster().status(LEDGER).state() != ReplicationStatus.State.WRITING) {
            awaitWithin(PATIENCE, "a node writing " + LEDGER, () -> cluster.nodes().stream().anyMatch(node ->
                    node.cluster().status(LEDGER).state() == ReplicationStatus.State.WRITING));
            VellumServer writing = cluster.nodes().stream().filter(node -> node.cluster().status(LEDGER).state()
                    == ReplicationStatus.State.WRITING).findFirst().orElseThrow();
            if (writing == rebuilt) {
                break;
            }
            int index = cluster.stop(writing);
            stopped.add(index);
            System.out.println("wiped writer: stopped " + ClusterFixture.id(index) + ", which wrote the ledger");
            awaitWithin(PATIENCE, "a node writing " + LEDGER + " after " + ClusterFixture.id(index) + " stopped",
                    () -> cluster.nodes().stream().anyMatch(node -> node.cluster().status(LEDGER).state()
                            == ReplicationStatus.State.WRITING));
        }
        int rebuiltEpoch = rebuilt.cluster().status(LEDGER).writerEpoch();
        long lastBlockBeforeItWrote = cluster.tipOf(rebuilt);
        long writingSince = System.nanoTime();
        awaitWithin(PATIENCE, "10 transfers acknowledged through " + wipedId + " as the writer", () -> workload
                .acknowledged().values().stream().filter(a -> a.node().equals(wipedId)
                        && a.startedAt() > writingSince).count() >= 10);
        System.out.println("wiped writer: " + wipedId + " writes from block " + lastBlockBeforeItWrote
                + " on (epoch " + rebuiltEpoch + "), after stopping " + stopped.size() + " other writer(s)");
        for (int index : stopped) {
            cluster.start(index);
        }
        long restartedOthers = System.nanoTime();
        awaitWithin(PATIENCE, "10 more transfers acknowledged with every node back",
                () -> workload.acknowledgedBegunAfter(restartedOthers) >= 10);
        workload.stop();

        ClusterInvariants.TopicChain topic = cluster.checkInvariants();
        System.out.println("wiped writer: " + workload.acknowledged().size() + " transfers acknowledged; topic "
                + "blocks 0.." + topic.tip() + ", one verifying chain, writer terms " + topic.terms());
        // The wiped node's new term: after its old one, starting right after the last block before it wrote
        // (whose chaining to that block checkTopic verified).
        assertThat(topic.terms()).as("writer terms").anySatisfy(term -> {
            String[] parts = term.split("[@ ]");
            assertThat(parts[0]).isEqualTo(wipedId);
            assertThat(Integer.parseInt(parts[1])).isGreaterThan(epochBefore);
            assertThat(Long.parseLong(parts[parts.length - 1])).isGreaterThan(tipAtRestart);
        });
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
        assertThat(path).doesNotExist();
    }
}
