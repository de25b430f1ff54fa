package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static io.vellum.server.cluster.ClusterTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.cluster.WriterElection;
import io.vellum.server.ServerConfig;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.VellumServer;
import io.vellum.testkit.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/**
 * Eviction of a writer whose process is gone ({@link WriterEviction}), on a real broker with real nodes: two in this
 * JVM and, where a process must die, one child JVM that the test SIGKILLs. The election session is
 * {@value #SESSION_MS} ms here, and every wait for a new writer is at most half of it, so a writer that changed
 * within such a wait was replaced through an eviction, never because its session expired.
 */
class ClusterEvictionTest {
    private static final String KEY_ID = "AKIDEVICTIONTEST0001";
    private static final String SECRET = "eviction-test-secret-shared-by-every-node";
    private static final int SESSION_MS = 40_000;
    private static final Duration BELOW_SESSION = Duration.ofMillis(SESSION_MS / 2);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path directory;
    private EmbeddedKafka kafka;
    private final List<VellumServer> nodes = new ArrayList<>();
    private final List<ChildNode> children = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startKafka() throws Exception {
        kafka = new EmbeddedKafka(directory.resolve("kafka"), 1);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                // a driver of a stopped node cannot end its sessions there
            }
        }
        for (ChildNode child : children) {
            child.kill();
        }
        for (VellumServer node : nodes) {
            node.close();
        }
        kafka.close();
    }

    @Test
    void aKilledWriterIsEvictedAndReplacedLongBeforeItsSessionAndRejoinsUnderItsIdWhenRestarted() throws Exception {
        VellumServer node1 = startNode("node-1", ClusterConfig.DEFAULT_EVICT_AFTER);
        VellumServer node2 = startNode("node-2", ClusterConfig.DEFAULT_EVICT_AFTER);
        ChildNode node3 = childNode("node-3", ClusterConfig.DEFAULT_EVICT_AFTER, SESSION_MS);
        node3.start();
        String ledger = ledgerWrittenBy(node3, node1, node2);
        QldbDriver driver = driver(node1, ledger);
        driver.execute(txn -> {
            txn.execute("CREATE TABLE Items");
        });
        Set<Integer> acknowledged = new HashSet<>();
        for (int id = 0; id < 5; id++) {
            insert(driver, id);
            acknowledged.add(id);
        }

        long killedAt = System.nanoTime();
        node3.kill();
        // Through node-1, which forwards to node-3: refused, held, node-3 evicted after 1.5 s of refusals, the
        // election gives its partitions to node-1 and node-2 at once, and the held request goes to the new writer.
        insert(driver, 5);
        acknowledged.add(5);
        long firstCommitMillis = (System.nanoTime() - killedAt) / 1_000_000;
        awaitWithin(BELOW_SESSION, "a surviving node writes " + ledger + " (only an eviction moves it this soon)",
                () -> writes(node1, ledger) || writes(node2, ledger));
        System.out.println("eviction: SIGKILL of writer node-3 -> first acknowledged commit through node-1 "
                + firstCommitMillis + " ms (session " + SESSION_MS + " ms); new writer "
                + node1.cluster().writerOf(ledger));
        assertThat(node1.cluster().writerEvictions()).as("evictions by node-1, which forwarded to node-3")
                .isEqualTo(1);
        assertThat(node2.cluster().writerEvictions()).as("evictions by node-2, which forwarded nothing").isZero();
        assertThat(metrics(node1)).contains("vellum_cluster_writer_evictions_total{node=\"node-1\"} 1");

        // node-3 restarts under its id on its data: it rejoins the election and follows the ledger again.
        node3.start();
        awaitWithin(PATIENCE, "node-3 holds election partitions again", () -> node1.cluster().assignedPartitions()
                .size() + node2.cluster().assignedPartitions().size() < WriterElection.PARTITIONS);
        for (int id = 6; id < 10; id++) {
            insert(driver, id);
            acknowledged.add(id);
        }
        assertThat(ids(driver(node2, ledger))).as("every acknowledged row, read through node-2")
                .isEqualTo(acknowledged);
        awaitWithin(PATIENCE, "node-3 applied every block", () -> node3.health().contains("\"lagBlocks\":0")
                && node3.health().contains("\"name\":\"" + ledger + "\""));
        assertThat(ids(driver(node3.endpoint(), ledger))).as("read through node-3").isEqualTo(acknowledged);
    }

    @Test
    void aLiveWriterWhoseAddressRefusesIsEvictedOnceAndRejoinsWithoutLosingAnAcknowledgedCommit() throws Exception {
        VellumServer node1 = startNode("node-1", ClusterConfig.DEFAULT_EVICT_AFTER);
        // node-2 is advertised at a proxy's port: closing the proxy makes its address refuse connections while its
        // process, its election membership and its Kafka producer live on.
        int proxyPort = freePort();
        int port2 = freePort();
        TcpProxy[] proxy = {new TcpProxy(proxyPort, port2)};
        closeables.add(() -> proxy[0].close());
        VellumServer node2 = VellumServer.start(config("node-2").withPort(port2), new ClusterConfig(
                kafka.bootstrapServers(), "node-2", URI.create("http://127.0.0.1:" + proxyPort),
                Duration.ofMillis(SESSION_MS), ClusterConfig.DEFAULT_KAFKA_TIMEOUT, Map.of(),
                ClusterConfig.DEFAULT_EVICT_AFTER));
        nodes.add(node2);
        awaitWithin(PATIENCE, "the election's partitions spread over node-1 and node-2",
                () -> settled(node1, node2));
        String ledger = ledgerOfPartitions(node2.cluster().assignedPartitions());
        control(node1).createLedger(r -> r.name(ledger).permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        awaitWithin(PATIENCE, "node-2 writes " + ledger + " and node-1 knows it", () -> writes(node2, ledger)
                && "node-2".equals(node1.cluster().writerOf(ledger)));
        QldbDriver driver = driver(node1, ledger);
        driver.execute(txn -> {
            txn.execute("CREATE TABLE Items");
        });

        // Inserts through node-1 (forwarded to node-2) all along.
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread inserter = new Thread(() -> {
            for (int id = 0; running.get(); id++) {
                try {
                    insert(driver, id);
                    acknowledged.add(id);
                } catch (RuntimeException e) {
                    // not acknowledged: either outcome is allowed
                }
            }
        }, "inserts-through-node-1");
        inserter.start();
        try {
            awaitWithin(PATIENCE, "10 inserts acknowledged", () -> acknowledged.size() >= 10);
            proxy[0].close();
            awaitWithin(BELOW_SESSION, "node-1 evicted node-2", () -> node1.cluster().writerEvictions() == 1);
            awaitWithin(BELOW_SESSION, "node-1 saw the writer of " + ledger + " change", () ->
                    node1.cluster().ledgers().stream().anyMatch(l -> l.ledger().equals(ledger) && l.failovers() >= 1));
            awaitWithin(PATIENCE, "the evicted node-2 rejoined the election",
                    () -> !node2.cluster().assignedPartitions().isEmpty());
            proxy[0] = new TcpProxy(proxyPort, port2);
            int before = acknowledged.size();
            awaitWithin(PATIENCE, "10 more inserts acknowledged", () -> acknowledged.size() >= before + 10);
        } finally {
            running.set(false);
            inserter.join();
        }
        assertThat(node1.cluster().writerEvictions()).as("a live node is evicted once per start").isEqualTo(1);
        assertThat(node2.cluster().status(ledger).state()).isNotEqualTo(ReplicationStatus.State.FAILED);
        Set<Integer> rows = ids(driver);
        assertThat(rows).as("every acknowledged insert").containsAll(acknowledged);
        awaitWithin(PATIENCE, "both nodes at the same tip", () -> tipOf(node1, ledger) == tipOf(node2, ledger));
        assertThat(node1.ledgers().ledger(ledger).digest()).isEqualTo(node2.ledgers().ledger(ledger).digest());
    }

    @Test
    void withEvictionOffTheElectionUsesDynamicMembershipAndAKilledWriterWaitsForItsSession() throws Exception {
        int session = 8_000;
        VellumServer node1 = startNode("node-1", Duration.ZERO, session);
        VellumServer node2 = startNode("node-2", Duration.ZERO, session);
        ChildNode node3 = childNode("node-3", Duration.ZERO, session);
        node3.start();
        String ledger = ledgerWrittenBy(node3, node1, node2);
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(WriterElection.GROUP)).all().get()
                    .get(WriterElection.GROUP);
            assertThat(group.members()).hasSize(3)
                    .allSatisfy(member -> assertThat(member.groupInstanceId()).isEmpty());
        }
        QldbDriver driver = driver(node1, ledger);
        driver.execute(txn -> {
            txn.execute("CREATE TABLE Items");
        });

        long killedAt = System.nanoTime();
        node3.kill();
        insert(driver, 1);
        long replacedMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("eviction off: SIGKILL of writer node-3 -> first acknowledged commit " + replacedMillis
                + " ms (session " + session + " ms)");
        // The session counts from node-3's last heartbeat, at most one heartbeat interval (0.5 s) before the kill.
        assertThat(replacedMillis).as("kill -> first commit, without eviction").isGreaterThanOrEqualTo(session - 500);
        assertThat(node1.cluster().writerEvictions()).isZero();
        assertThat(ids(driver)).containsExactly(1);
    }

    // ---- the cluster

    private VellumServer startNode(String id, Duration evictAfter) throws IOException {
        return startNode(id, evictAfter, SESSION_MS);
    }

    private VellumServer startNode(String id, Duration evictAfter, int sessionMs) throws IOException {
        int port = freePort();
        VellumServer node = VellumServer.start(config(id).withPort(port), new ClusterConfig(kafka.bootstrapServers(),
                id, URI.create("http://127.0.0.1:" + port), Duration.ofMillis(sessionMs),
                ClusterConfig.DEFAULT_KAFKA_TIMEOUT, Map.of(), evictAfter));
        nodes.add(node);
        return node;
    }

    private ServerConfig config(String id) {
        return ServerConfig.defaults(directory.resolve(id)).withCredentials(KEY_ID, SECRET);
    }

    private static boolean settled(VellumServer... members) {
        int sum = 0;
        for (VellumServer member : members) {
            if (member.cluster().assignedPartitions().isEmpty()) {
                return false;
            }
            sum += member.cluster().assignedPartitions().size();
        }
        return sum == WriterElection.PARTITIONS;
    }

    /**
     * Creates a ledger whose election partition the child node holds, and returns once the child writes it and the
     * in-process nodes know that.
     */
    private String ledgerWrittenBy(ChildNode child, VellumServer first, VellumServer second) throws Exception {
        awaitWithin(PATIENCE, "the election's partitions spread over three nodes", () ->
                !first.cluster().assignedPartitions().isEmpty() && !second.cluster().assignedPartitions().isEmpty()
                        && first.cluster().assignedPartitions().size() + second.cluster().assignedPartitions().size()
                        < WriterElection.PARTITIONS);
        Set<Integer> others = new HashSet<>(first.cluster().assignedPartitions());
        others.addAll(second.cluster().assignedPartitions());
        Set<Integer> ofChild = new HashSet<>();
        for (int partition = 0; partition < WriterElection.PARTITIONS; partition++) {
            if (!others.contains(partition)) {
                ofChild.add(partition);
            }
        }
        String ledger = ledgerOfPartitions(ofChild);
        control(first).createLedger(r -> r.name(ledger).permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        awaitWithin(PATIENCE, child.id() + " writes " + ledger + " and the others know it", () ->
                child.writing() && child.id().equals(first.cluster().writerOf(ledger))
                        && child.id().equals(second.cluster().writerOf(ledger)));
        return ledger;
    }

    private static String ledgerOfPartitions(Set<Integer> partitions) {
        for (int i = 0; ; i++) {
            String name = "evict-" + i;
            if (partitions.contains(WriterElection.partitionOf(name, WriterElection.PARTITIONS))) {
                return name;
            }
        }
    }

    private static boolean writes(VellumServer node, String ledger) {
        ReplicationStatus status = node.cluster().status(ledger);
        return status != null && status.state() == ReplicationStatus.State.WRITING;
    }

    private static long tipOf(VellumServer node, String ledger) {
        return node.ledgers().ledger(ledger).digest().tipAddress().sequenceNo();
    }

    private static void insert(QldbDriver driver, int id) {
        driver.execute(txn -> {
            txn.execute("INSERT INTO Items VALUE {'id': " + id + "}");
        });
    }

    private static Set<Integer> ids(QldbDriver driver) {
        return driver.execute(txn -> {
            Set<Integer> ids = new HashSet<>();
            for (IonValue row : txn.execute("SELECT r.id FROM Items AS r")) {
                assertThat(ids.add(((com.amazon.ion.IonInt) ((IonStruct) row).get("id")).intValue()))
                        .as("an id twice").isTrue();
            }
            return ids;
        });
    }

    private static String metrics(VellumServer node) {
        return new SignedHttpClient(node.endpoint(), KEY_ID, SECRET).send("GET", "/metrics", Map.of(), new byte[0],
                SECRET, Clock.systemUTC()).body();
    }

    private QldbDriver driver(VellumServer node, String ledger) {
        return driver(node.endpoint(), ledger);
    }

    private QldbDriver driver(URI endpoint, String ledger) {
        QldbDriver driver = QldbDriver.builder().ledger(ledger)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(30).build())
                .sessionClientBuilder(software.amazon.awssdk.services.qldbsession.QldbSessionClient.builder()
                        .endpointOverride(endpoint).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(KEY_ID, SECRET))))
                .build();
        closeables.add(driver::close);
        return driver;
    }

    private QldbClient control(VellumServer node) {
        QldbClient client = ClusterTests.controlClient(node.endpoint(), KEY_ID, SECRET);
        closeables.add(client);
        return client;
    }

    private Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()));
    }

    /** Node {@code id} in a child JVM running {@link #main}, so that it can be SIGKILLed; stopped after the test. */
    private ChildNode childNode(String id, Duration evictAfter, int sessionMs) throws IOException {
        ChildNode child = new ChildNode(ClusterEvictionTest.class, id, freePort(), directory.resolve(id),
                List.of(KEY_ID, SECRET, kafka.bootstrapServers(), id, Integer.toString(sessionMs),
                        Long.toString(evictAfter.toMillis())), KEY_ID, SECRET, PATIENCE);
        children.add(child);
        return child;
    }

    /**
     * The child: {@code DATA PORT ACCESS_KEY_ID SECRET BOOTSTRAP_SERVERS NODE_ID SESSION_MS EVICT_AFTER_MS}, as
     * {@code vellum serve --cluster … --cluster-session-timeout SESSION_MS --cluster-evict-after EVICT_AFTER_MS}.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[1]);
        ServerConfig config = ServerConfig.defaults(Path.of(args[0])).withPort(port).withCredentials(args[2], args[3]);
        VellumServer server = VellumServer.start(config, new ClusterConfig(args[4], args[5],
                URI.create("http://127.0.0.1:" + port), Duration.ofMillis(Long.parseLong(args[6])),
                ClusterConfig.DEFAULT_KAFKA_TIMEOUT, Map.of(), Duration.ofMillis(Long.parseLong(args[7]))));
        System.out.println("serving on " + server.endpoint());
        Thread.currentThread().join();
    }
}
