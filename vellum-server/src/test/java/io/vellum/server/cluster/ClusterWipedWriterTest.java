package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static io.vellum.server.cluster.ClusterTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.cluster.WriterElection;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.ServerConfig;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import io.vellum.testkit.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.qldb.QldbDriver;

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
    private static final String KEY_ID = "AKIDWIPEDWRITER00001";
    private static final String SECRET = "wiped-writer-test-secret-shared-by-every-node";
    private static final String LEDGER = "bank";
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path directory;
    private EmbeddedKafka kafka;
    /** The nodes by index; null while stopped. */
    private final VellumServer[] nodes = new VellumServer[3];
    private final int[] ports = new int[3];
    private final List<AutoCloseable> clients = new ArrayList<>();
    private BankWorkload workload;

    @AfterEach
    void stop() throws Exception {
        if (workload != null) {
            workload.halt();
        }
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                // a driver's sessions may already be gone
            }
        }
        for (VellumServer node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aWriterWipedWhileStoppedRebuildsFromTheTopicAndWritesOnlyChainedBlocks() throws Exception {
        kafka = new EmbeddedKafka(directory, 1);
        for (int i = 0; i < 3; i++) {
            ports[i] = freePort();
            start(i);
        }
        awaitWithin(PATIENCE, "the election's 32 partitions spread over the three nodes", () -> live().stream()
                .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                && live().stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum() == 32);
        control(nodes[0]).createLedger(r -> r.name(LEDGER).permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        VellumServer first = awaitSettledWriter();
        BankWorkload.createAccounts(driver(first));
        Map<String, QldbDriver> drivers = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            drivers.put(id(i), driver(nodes[i]));
        }
        workload = new BankWorkload(drivers);
        awaitWithin(PATIENCE, "20 transfers acknowledged", () -> workload.acknowledged().size() >= 20);

        // 1. The writer stops; its data directory is deleted; the others go on.
        int wiped = indexOf(first);
        int epochBefore = first.cluster().status(LEDGER).writerEpoch();
        first.close();
        nodes[wiped] = null;
        deleteRecursively(directory.resolve(id(wiped)));
        long stoppedAt = System.nanoTime();
        awaitWithin(PATIENCE, "10 transfers acknowledged while " + id(wiped) + " is down",
                () -> workload.acknowledgedBegunAfter(stoppedAt) >= 10);

        // 2. It starts empty, same id and port, and rebuilds the ledger from the topic.
        long tipAtRestart = live().stream().mapToLong(ClusterWipedWriterTest::tipOf).max().orElseThrow();
        long restartedAt = System.nanoTime();
        start(wiped);
        VellumServer rebuilt = nodes[wiped];
        awaitWithin(PATIENCE, id(wiped) + " rebuilt the ledger from the topic", () ->
                rebuilt.cluster().status(LEDGER) != null && tipOf(rebuilt) >= tipAtRestart);
        System.out.println("wiped writer: " + id(wiped) + " (writer, epoch " + epochBefore + ") stopped and wiped; "
                + "restarted empty, it held the ledger to block " + tipAtRestart + " after "
                + (System.nanoTime() - restartedAt) / 1_000_000 + " ms");

        // 3. The writers are stopped one after the other until the wiped node writes the ledger.
        List<Integer> stopped = new ArrayList<>();
        while (rebuilt.cluster().status(LEDGER).state() != ReplicationStatus.State.WRITING) {
            awaitWithin(PATIENCE, "a node writing " + LEDGER, () -> live().stream().anyMatch(node ->
                    node.cluster().status(LEDGER).state() == ReplicationStatus.State.WRITING));
            VellumServer writing = live().stream().filter(node -> node.cluster().status(LEDGER).state()
                    == ReplicationStatus.State.WRITING).findFirst().orElseThrow();
            if (writing == rebuilt) {
                break;
            }
            int index = indexOf(writing);
            writing.close();
            nodes[index] = null;
            stopped.add(index);
            System.out.println("wiped writer: stopped " + id(index) + ", which wrote the ledger");
            awaitWithin(PATIENCE, "a node writing " + LEDGER + " after " + id(index) + " stopped", () -> live()
                    .stream().anyMatch(node -> node.cluster().status(LEDGER).state()
                            == ReplicationStatus.State.WRITING));
        }
        int rebuiltEpoch = rebuilt.cluster().status(LEDGER).writerEpoch();
        long lastBlockBeforeItWrote = tipOf(rebuilt);
        long writingSince = System.nanoTime();
        awaitWithin(PATIENCE, "10 transfers acknowledged through " + id(wiped) + " as the writer", () -> workload
                .acknowledged().values().stream().filter(a -> a.node().equals(id(wiped))
                        && a.startedAt() > writingSince).count() >= 10);
        System.out.println("wiped writer: " + id(wiped) + " writes from block " + lastBlockBeforeItWrote
                + " on (epoch " + rebuiltEpoch + "), after stopping " + stopped.size() + " other writer(s)");
        for (int index : stopped) {
            start(index);
        }
        long restartedOthers = System.nanoTime();
        awaitWithin(PATIENCE, "10 more transfers acknowledged with every node back",
                () -> workload.acknowledgedBegunAfter(restartedOthers) >= 10);
        workload.stop();

        List<VellumServer> all = live();
        assertThat(all).hasSize(3);
        LedgerDigest digest = ClusterInvariants.awaitSameDigest(all, LEDGER, PATIENCE);
        for (VellumServer node : all) {
            ClusterInvariants.checkBank(node, LEDGER, workload.acknowledged().keySet());
        }
        ClusterInvariants.TopicChain topic = ClusterInvariants.checkTopic(kafka.bootstrapServers(), LEDGER);
        assertThat(topic.tip()).isEqualTo(digest.tipAddress().sequenceNo());
        System.out.println("wiped writer: " + workload.acknowledged().size() + " transfers acknowledged; topic blocks 0.."
                + topic.tip() + ", one verifying chain, writer terms " + topic.terms());
        // The wiped node's new term: after its old one, starting right after the last block before it wrote
        // (whose chaining to that block checkTopic verified).
        assertThat(topic.terms()).as("writer terms").anySatisfy(term -> {
            String[] parts = term.split("[@ ]");
            assertThat(parts[0]).isEqualTo(id(wiped));
            assertThat(Integer.parseInt(parts[1])).isGreaterThan(epochBefore);
            assertThat(Long.parseLong(parts[parts.length - 1])).isGreaterThan(tipAtRestart);
        });
        for (int i = 0; i < 3; i++) {
            nodes[i].close();
            nodes[i] = null;
            ClusterInvariants.checkJournal(directory.resolve(id(i)), LEDGER, topic.blocks());
        }
    }

    private void start(int index) throws IOException {
        nodes[index] = VellumServer.start(ServerConfig.defaults(directory.resolve(id(index)))
                .withCredentials(KEY_ID, SECRET).withPort(ports[index]), new ClusterConfig(kafka.bootstrapServers(),
                id(index), URI.create("http://127.0.0.1:" + ports[index])));
    }

    private static String id(int index) {
        return "node-" + (index + 1);
    }

    private int indexOf(VellumServer node) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == node) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a node of this test");
    }

    private List<VellumServer> live() {
        return Stream.of(nodes).filter(Objects::nonNull).toList();
    }

    /** Waits until the node the election assigns the ledger writes it and every node knows: returns it. */
    private VellumServer awaitSettledWriter() throws InterruptedException {
        int partition = WriterElection.partitionOf(LEDGER, WriterElection.PARTITIONS);
        VellumServer[] writer = new VellumServer[1];
        awaitWithin(PATIENCE, "every node knows the elected writer of " + LEDGER + ", which writes", () -> {
            String elected = nodes[0].cluster().writerOf(LEDGER);
            writer[0] = live().stream().filter(node -> node.cluster().nodeId().equals(elected)
                    && node.cluster().assignedPartitions().contains(partition)
                    && node.cluster().status(LEDGER).state() == ReplicationStatus.State.WRITING)
                    .findFirst().orElse(null);
            return elected != null && writer[0] != null
                    && live().stream().allMatch(node -> elected.equals(node.cluster().writerOf(LEDGER)));
        });
        return writer[0];
    }

    private static long tipOf(VellumServer node) {
        return node.ledgers().ledger(LEDGER).digest().tipAddress().sequenceNo();
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
        assertThat(path).doesNotExist();
    }

    private QldbDriver driver(VellumServer node) {
        QldbDriver driver = TestServers.driver(node, LEDGER, 10);
        clients.add(driver::close);
        return driver;
    }

    private QldbClient control(VellumServer node) {
        QldbClient client = QldbClient.builder().endpointOverride(node.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build();
        clients.add(client);
        return client;
    }
}
