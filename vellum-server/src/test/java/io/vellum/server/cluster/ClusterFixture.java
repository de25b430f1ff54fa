package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.cluster.WriterElection;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.ServerConfig;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import io.vellum.testkit.FreePorts;
import io.vellum.testkit.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/**
 * One cluster of a failure test (issue 11), started the one way every such test starts it: real KRaft brokers in
 * this JVM ({@link Brokers}), {@code nodes} {@link VellumServer} nodes {@code node-1}, {@code node-2}, … in cluster
 * mode (default settings: 6 s election session), each with its data directory under the test's folder and its own
 * port kept across restarts, the ledger created through {@code node-1}, the official QLDB driver and the AWS SDK's
 * control-plane client pointed at single nodes, the {@link BankWorkload} and, at the end, every invariant of the
 * issue ({@link #checkInvariants}, through {@link ClusterInvariants}). {@link #close} stops whatever is still
 * running, in the order that does not hang: the workload, clients, nodes, proxies, brokers.
 */
final class ClusterFixture implements AutoCloseable {
    static final String KEY_ID = "AKIDCLUSTERFIXTURE01";
    static final String SECRET = "cluster-fixture-secret-shared-by-every-node";
    static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the nodes reach Kafka: the test's own view, and node {@code n}'s (1-based; through its proxies). */
    interface Brokers extends AutoCloseable {
        String bootstrapServers();

        String bootstrapServersOf(int node);
    }

    private final Path directory;
    private final String ledger;
    private final Brokers brokers;
    /** The nodes by index (0-based); null while stopped. */
    private final VellumServer[] nodes;
    private final int[] ports;
    /** A proxy in front of a node's HTTP port, at which the other nodes reach it, or null. */
    private final TcpProxy[] httpProxies;
    private final List<AutoCloseable> clients = new ArrayList<>();
    /** One control-plane client per node (a test asks through the same node many times, from several threads). */
    private final Map<VellumServer, QldbClient> controls = new IdentityHashMap<>();
    /** What a test sets on every node's configuration besides the defaults ({@link #configuredWith}). */
    private UnaryOperator<ServerConfig> configuration = UnaryOperator.identity();
    private BankWorkload workload;

    /**
     * {@code nodes} nodes (none started yet) on {@code brokers}, which the fixture closes: a {@link PartitionableKafka}
     * or a {@link PartitionableKafkaCluster} when the test cuts nodes off from brokers, else {@link #onOneBroker}.
     */
    ClusterFixture(Path directory, String ledger, int nodes, Brokers brokers) {
        this.directory = directory;
        this.ledger = ledger;
        this.brokers = brokers;
        this.nodes = new VellumServer[nodes];
        this.ports = new int[nodes];
        this.httpProxies = new TcpProxy[nodes];
        for (int i = 0; i < nodes; i++) {
            ports[i] = FreePorts.next();
        }
    }

    /** {@code nodes} nodes on one broker of their own that every node reaches directly. */
    static ClusterFixture onOneBroker(Path directory, String ledger, int nodes) throws Exception {
        return new ClusterFixture(directory, ledger, nodes, direct(new EmbeddedKafka(directory, 1), true));
    }

    /**
     * {@code nodes} nodes on {@code kafka}, a broker the test class shares between its tests (its extension stops
     * it, not {@link #close}): the broker's start saved per test, where the tests' clusters do not meet on it.
     */
    static ClusterFixture onSharedBroker(Path directory, String ledger, int nodes, EmbeddedKafka kafka) {
        return new ClusterFixture(directory, ledger, nodes, direct(kafka, false));
    }

    private static Brokers direct(EmbeddedKafka kafka, boolean owned) {
        return new Brokers() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public String bootstrapServersOf(int node) {
                return kafka.bootstrapServers();
            }

            @Override
            public void close() {
                if (owned) {
                    kafka.close();
                }
            }
        };
    }

    /**
     * Applies {@code configuration} to every node's configuration (after the defaults, credentials and port) from
     * the next start on: a setting the test's claim needs, such as the Kafka connection of its journal streams.
     */
    ClusterFixture configuredWith(UnaryOperator<ServerConfig> configuration) {
        this.configuration = Objects.requireNonNull(configuration);
        return this;
    }

    /** Where the test itself reaches the brokers. */
    String bootstrapServers() {
        return brokers.bootstrapServers();
    }

    /** Starts every node, then waits until the election's partitions are spread over all of them. */
    ClusterFixture startNodes() throws Exception {
        return startNodes(index -> null);
    }

    /**
     * Starts every node, each advertised at {@code advertised.apply(index)} (0-based; null: at its own port), then
     * waits until the election's partitions are spread over all of them.
     */
    ClusterFixture startNodes(IntFunction<URI> advertised) throws Exception {
        for (int i = 0; i < nodes.length; i++) {
            start(i, advertised.apply(i));
        }
        awaitElectionSpread();
        return this;
    }

    /**
     * Starts every node behind a {@link TcpProxy} in front of its HTTP port, at which it is advertised to the other
     * nodes (clients reach it directly): {@link #httpProxyOf} cuts the forwards to one node and nothing else.
     */
    ClusterFixture startNodesBehindHttpProxies() throws Exception {
        for (int i = 0; i < nodes.length; i++) {
            httpProxies[i] = new TcpProxy(FreePorts.next(), ports[i]);
        }
        return startNodes(index -> URI.create("http://127.0.0.1:" + httpProxies[index].port()));
    }

    /** The proxy in front of {@code node}'s HTTP port ({@link #startNodesBehindHttpProxies}). */
    TcpProxy httpProxyOf(VellumServer node) {
        return Objects.requireNonNull(httpProxies[indexOf(node)], "not started behind a proxy");
    }

    /** (Re)starts node {@code index} (0-based) on its port and data directory, advertised at its own port. */
    VellumServer start(int index) throws Exception {
        return start(index, null);
    }

    private VellumServer start(int index, URI advertised) throws Exception {
        nodes[index] = VellumServer.start(configOf(index), new ClusterConfig(brokers.bootstrapServersOf(index + 1),
                id(index), advertised != null ? advertised : URI.create("http://127.0.0.1:" + ports[index])));
        return nodes[index];
    }

    /**
     * Starts node {@code index} (0-based) on its port and data directory as a single node, not in cluster mode (a
     * data directory that later joins the cluster). Stop it ({@link #stop}) before starting the cluster's nodes.
     */
    VellumServer startAlone(int index) {
        nodes[index] = VellumServer.start(configOf(index));
        return nodes[index];
    }

    private ServerConfig configOf(int index) {
        return configuration.apply(ServerConfig.defaults(dataOf(index)).withCredentials(KEY_ID, SECRET)
                .withPort(ports[index]));
    }

    /** Stops {@code node} (a clean close); {@link #start} brings it back. Returns its index. */
    int stop(VellumServer node) {
        int index = indexOf(node);
        node.close();
        nodes[index] = null;
        return index;
    }

    static String id(int index) {
        return "node-" + (index + 1);
    }

    /** The data directory of node {@code index} (0-based). */
    Path dataOf(int index) {
        return directory.resolve(id(index));
    }

    int indexOf(VellumServer node) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == node) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a running node of this cluster");
    }

    /** The running nodes, by index. */
    List<VellumServer> nodes() {
        return Stream.of(nodes).filter(Objects::nonNull).toList();
    }

    /** Node {@code index} (0-based), or null while stopped. */
    VellumServer node(int index) {
        return nodes[index];
    }

    /** Returns once every running node holds election partitions and together they hold all of them. */
    void awaitElectionSpread() throws InterruptedException {
        awaitWithin(PATIENCE, "the election's " + WriterElection.PARTITIONS + " partitions spread over the "
                + nodes().size() + " nodes", () -> nodes().stream()
                .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                && nodes().stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum()
                == WriterElection.PARTITIONS);
    }

    /** Creates the ledger through the first running node (control plane, ALLOW_ALL, no deletion protection). */
    void createLedger() {
        createLedger(nodes().get(0), ledger, PermissionsMode.ALLOW_ALL);
    }

    /** Creates ledger {@code name} through {@code node} (control plane, no deletion protection). */
    void createLedger(VellumServer node, String name, PermissionsMode permissions) {
        control(node).createLedger(r -> r.name(name).permissionsMode(permissions).deletionProtection(false));
    }

    /** Waits until every running node hosts ledger {@code name} and replicates it (writing or following). */
    void awaitHostedEverywhere(String name) throws InterruptedException {
        for (VellumServer node : nodes()) {
            awaitWithin(PATIENCE, name + " hosted and readable on " + node.cluster().nodeId(), () -> {
                ReplicationStatus status = node.cluster().status(name);
                return node.ledgers().list().stream().anyMatch(info -> info.name().equals(name)) && status != null
                        && (status.state() == ReplicationStatus.State.WRITING
                        || status.state() == ReplicationStatus.State.FOLLOWING);
            });
        }
    }

    /**
     * Waits until the node the election assigns the ledger writes it and every running node knows: returns it. (The
     * creating node writes first and hands the ledger over: a test that cuts or stops "the writer" must take this
     * one, or it races the hand-over.)
     */
    VellumServer awaitSettledWriter() throws InterruptedException {
        int partition = WriterElection.partitionOf(ledger, WriterElection.PARTITIONS);
        VellumServer[] writer = new VellumServer[1];
        awaitWithin(PATIENCE, "every node knows the elected writer of " + ledger + ", which writes", () -> {
            String elected = nodes().get(0).cluster().writerOf(ledger);
            writer[0] = nodes().stream().filter(node -> node.cluster().nodeId().equals(elected)
                    && node.cluster().assignedPartitions().contains(partition)
                    && node.cluster().status(ledger).state() == ReplicationStatus.State.WRITING)
                    .findFirst().orElse(null);
            return elected != null && writer[0] != null
                    && nodes().stream().allMatch(node -> elected.equals(node.cluster().writerOf(ledger)));
        });
        return writer[0];
    }

    /**
     * The running node other than {@code not} (null: any) that itself reports writing the ledger, with the highest
     * epoch, or null (a node cut off or frozen may still believe it writes).
     */
    VellumServer currentWriterOtherThan(VellumServer not) {
        VellumServer best = null;
        for (VellumServer node : nodes()) {
            ReplicationStatus status = node.cluster().status(ledger);
            if (node != not && status != null && status.state() == ReplicationStatus.State.WRITING
                    && (best == null || status.writerEpoch() > best.cluster().status(ledger).writerEpoch())) {
                best = node;
            }
        }
        return best;
    }

    /** {@link #currentWriterOtherThan}{@code (null)}. */
    VellumServer currentWriter() {
        return currentWriterOtherThan(null);
    }

    /** Waits for {@link #currentWriterOtherThan}{@code (not)} and returns it. */
    VellumServer awaitWriterOtherThan(VellumServer not) throws InterruptedException {
        awaitWithin(PATIENCE, "a node other than " + (not == null ? "none" : not.cluster().nodeId()) + " writing "
                + ledger, () -> currentWriterOtherThan(not) != null);
        return currentWriterOtherThan(not);
    }

    /** The sequence number of the tip of {@code node}'s own copy of the ledger. */
    long tipOf(VellumServer node) {
        return node.ledgers().ledger(ledger).digest().tipAddress().sequenceNo();
    }

    /** A running node other than {@code node} (of two nodes: the other one). */
    VellumServer anotherNodeThan(VellumServer node) {
        return nodes().stream().filter(other -> other != node).findFirst()
                .orElseThrow(() -> new AssertionError("no running node besides " + node.cluster().nodeId()));
    }

    /**
     * Sends {@code statement} with {@code parameters} (JSON values) to {@code node}'s native statement endpoint of
     * {@code ledger}, signed with the cluster's key pair: the answer whatever its status.
     */
    static HttpResponse<String> send(VellumServer node, String ledger, String statement, List<?> parameters) {
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("statement", statement, "parameters", parameters));
            return new SignedHttpClient(node.endpoint(), KEY_ID, SECRET).send("POST",
                    "/v1/ledgers/" + ledger + "/statements", Map.of("content-type", "application/json"), body,
                    SECRET, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #send}, which must answer 200: its answer's JSON. */
    static JsonNode execute(VellumServer node, String ledger, String statement, List<?> parameters) {
        HttpResponse<String> answer = send(node, ledger, statement, parameters);
        assertThat(answer.statusCode()).as(statement + " " + parameters + ": " + answer.body()).isEqualTo(200);
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The official QLDB driver on the ledger through {@code node}, allowed {@code retries} transaction retries. */
    synchronized QldbDriver driver(VellumServer node, int retries) {
        QldbDriver driver = QldbDriver.builder().ledger(ledger)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(retries).build())
                .sessionClientBuilder(TestServers.sessionClient(node, KEY_ID, SECRET))
                .build();
        clients.add(driver::close);
        return driver;
    }

    /** The AWS SDK's control-plane client pointed at {@code node} (one per node; safe from several threads). */
    synchronized QldbClient control(VellumServer node) {
        return controls.computeIfAbsent(node, target -> {
            QldbClient client = ClusterTests.controlClient(target.endpoint(), KEY_ID, SECRET);
            clients.add(client);
            return client;
        });
    }

    /**
     * Creates the ledger, waits for its settled writer ({@link #awaitSettledWriter}) and creates the bank's tables and
     * accounts through it ({@link BankWorkload#createAccounts}): returns that writer.
     */
    VellumServer createBankLedger() throws InterruptedException {
        createLedger();
        VellumServer writer = awaitSettledWriter();
        BankWorkload.createAccounts(driver(writer, 10));
        return writer;
    }

    /** Starts the {@link BankWorkload} with one driver (10 retries) per running node; {@link #close} halts it. */
    BankWorkload startBankWorkload() {
        Map<String, QldbDriver> drivers = new LinkedHashMap<>();
        for (VellumServer node : nodes()) {
            drivers.put(node.cluster().nodeId(), driver(node, 10));
        }
        workload = new BankWorkload(drivers);
        return workload;
    }

    /**
     * Every invariant of issue 11, once the workload stopped: the same digest at the same tip on every running node;
     * on each, every acknowledged transfer once and the balances conserved; the topic one verifying chain whose
     * epochs never go back, its tip the nodes' tip; then every node is stopped and its journal, read from its files,
     * is the topic's blocks byte for byte. Returns the topic for the test's own checks of its writer terms.
     */
    ClusterInvariants.TopicChain checkInvariants() throws InterruptedException {
        List<VellumServer> running = nodes();
        assertThat(running).as("running nodes").hasSize(nodes.length);
        LedgerDigest digest = ClusterInvariants.awaitSameDigest(running, ledger, PATIENCE);
        for (VellumServer node : running) {
            ClusterInvariants.checkBank(node, ledger, workload.acknowledged().keySet());
        }
        ClusterInvariants.TopicChain topic = ClusterInvariants.checkTopic(brokers.bootstrapServers(), ledger);
        assertThat(topic.tip()).as("the topic's tip").isEqualTo(digest.tipAddress().sequenceNo());
        for (VellumServer node : running) {
            stop(node);
        }
        for (int i = 0; i < nodes.length; i++) {
            ClusterInvariants.checkJournal(dataOf(i), ledger, topic.blocks());
        }
        return topic;
    }

    @Override
    public void close() throws Exception {
        if (workload != null) {
            workload.halt();
        }
        for (TcpProxy proxy : httpProxies) {
            if (proxy != null) {
                proxy.heal();
            }
        }
        List<AutoCloseable> opened;
        synchronized (this) {
            opened = List.copyOf(clients);
        }
        for (AutoCloseable client : opened) {
            try {
                client.close();
            } catch (RuntimeException e) {
                // a driver's sessions may already be gone with its node
            }
        }
        for (VellumServer node : nodes()) {
            node.close();
        }
        for (TcpProxy proxy : httpProxies) {
            if (proxy != null) {
                proxy.close();
            }
        }
        brokers.close();
    }
}
