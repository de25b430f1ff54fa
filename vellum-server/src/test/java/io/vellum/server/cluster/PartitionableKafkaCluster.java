package io.vellum.server.cluster;

import io.vellum.testkit.FreePorts;
import io.vellum.testkit.kafka.KafkaNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Three real KRaft brokers in this JVM (each broker and controller, {@link KafkaNodes}' settings: replication factor
 * 3, {@code min.insync.replicas} 2 for the internal topics) that each Vellum node reaches only through a
 * {@link TcpProxy} per (node, broker) pair, so that a test can cut one node off from some brokers but not all.
 *
 * <p>As in {@link PartitionableKafka}: every broker has one listener per Vellum node ({@code NODE1}, …), advertised
 * at that (node, broker) pair's proxy, and Kafka answers metadata and coordinator lookups with the addresses of the
 * listener a request came in on; so node {@code n}, bootstrapped through its own proxies, reaches every broker
 * through its own proxy to it. Brokers replicate among themselves on the plain listener, which is never cut, as is
 * the test's own ({@link #bootstrapServers()}).
 */
final class PartitionableKafkaCluster implements ClusterFixture.Brokers {
    static final int BROKERS = 3;

    private final List<KafkaRaftServer> servers = new ArrayList<>();
    private final int[] brokerPorts = new int[BROKERS];
    /** proxies.get(node - 1)[broker - 1]. */
    private final List<TcpProxy[]> proxies = new ArrayList<>();

    PartitionableKafkaCluster(Path directory, int nodes) throws Exception {
        int[] controllerPorts = new int[BROKERS];
        int[][] listenerPorts = new int[nodes][BROKERS];
        int[][] proxyPorts = new int[nodes][BROKERS];
        for (int b = 0; b < BROKERS; b++) {
            brokerPorts[b] = FreePorts.next();
            controllerPorts[b] = FreePorts.next();
            for (int n = 0; n < nodes; n++) {
                listenerPorts[n][b] = FreePorts.next();
                proxyPorts[n][b] = FreePorts.next();
            }
        }
        String voters = KafkaNodes.voters(controllerPorts);
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaConfig> configs = new ArrayList<>();
        for (int b = 0; b < BROKERS; b++) {
            Path data = directory.resolve("kafka-" + (b + 1));
            Files.createDirectories(data);
            Properties configuration = KafkaNodes.configuration(b + 1, brokerPorts[b], controllerPorts[b], voters,
                    data, BROKERS, 1);
            StringJoiner listeners = new StringJoiner(",");
            StringJoiner advertised = new StringJoiner(",");
            StringJoiner protocols = new StringJoiner(",");
            listeners.add("PLAINTEXT://localhost:" + brokerPorts[b]).add("CONTROLLER://localhost:"
                    + controllerPorts[b]);
            advertised.add("PLAINTEXT://localhost:" + brokerPorts[b]);
            protocols.add("PLAINTEXT:PLAINTEXT").add("CONTROLLER:PLAINTEXT");
            for (int n = 0; n < nodes; n++) {
                listeners.add("NODE" + (n + 1) + "://localhost:" + listenerPorts[n][b]);
                advertised.add("NODE" + (n + 1) + "://localhost:" + proxyPorts[n][b]);
                protocols.add("NODE" + (n + 1) + ":PLAINTEXT");
            }
            configuration.put("listeners", listeners.toString());
            configuration.put("advertised.listeners", advertised.toString());
            configuration.put("listener.security.protocol.map", protocols.toString());
            // At the test's end the brokers stop together: a controlled shutdown would wait (up to minutes) for a
            // controller quorum that is stopping too.
            configuration.put("controlled.shutdown.enable", "false");
            KafkaNodes.format(b + 1, clusterId, data);
            configs.add(KafkaConfig.fromProps(configuration, false));
        }
        servers.addAll(KafkaNodes.startTogether(configs));
        for (int n = 0; n < nodes; n++) {
            TcpProxy[] row = new TcpProxy[BROKERS];
            for (int b = 0; b < BROKERS; b++) {
                row[b] = new TcpProxy(proxyPorts[n][b], listenerPorts[n][b]);
            }
            proxies.add(row);
        }
    }

    /** The brokers' plain listeners, not behind any proxy: for the test's own clients. */
    @Override
    public String bootstrapServers() {
        return KafkaNodes.bootstrapServers(brokerPorts);
    }

    /** The brokers as Vellum node {@code node} (1-based) reaches them: through its proxies. */
    @Override
    public String bootstrapServersOf(int node) {
        return KafkaNodes.bootstrapServers(Stream.of(proxies.get(node - 1)).mapToInt(TcpProxy::port).toArray());
    }

    /** Cuts node {@code node} off from broker {@code broker} (both 1-based; the broker's id is its number). */
    void cut(int node, int broker) {
        proxies.get(node - 1)[broker - 1].cut();
    }

    /** Ends the partition between node {@code node} and broker {@code broker}. */
    void heal(int node, int broker) {
        proxies.get(node - 1)[broker - 1].heal();
    }

    /** The id of the broker leading {@code partition} now. */
    int leaderOf(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(partition.topic());
            Node leader = description.partitions().get(partition.partition()).leader();
            return leader == null ? -1 : leader.id();
        }
    }

    /**
     * Makes broker {@code broker} the leader of every partition of every topic that exists now, internal topics
     * included (the group and transaction coordinators follow their partitions' leaders), except those in
     * {@code elsewhere}, which {@code elsewhereBroker} leads: the replicas stay the same three brokers, only their
     * order changes (a reassignment that moves no data), then a preferred leader election. Returns once the leaders
     * are where they were asked to be.
     */
    void moveLeaders(int broker, List<TopicPartition> elsewhere, int elsewhereBroker) throws Exception {
        try (Admin admin = admin()) {
            List<String> topics = new ArrayList<>(admin.listTopics(new org.apache.kafka.clients.admin
                    .ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS));
            Map<TopicPartition, Optional<NewPartitionReassignment>> reassignments = new HashMap<>();
            Map<TopicPartition, Integer> wanted = new HashMap<>();
            for (TopicDescription description : admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo info : description.partitions()) {
                    TopicPartition partition = new TopicPartition(description.name(), info.partition());
                    int leader = elsewhere.contains(partition) ? elsewhereBroker : broker;
                    List<Integer> replicas = new ArrayList<>();
                    replicas.add(leader);
                    for (Node replica : info.replicas()) {
                        if (replica.id() != leader) {
                            replicas.add(replica.id());
                        }
                    }
                    reassignments.put(partition, Optional.of(new NewPartitionReassignment(replicas)));
                    wanted.put(partition, leader);
                }
            }
            admin.alterPartitionReassignments(reassignments).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    admin.electLeaders(ElectionType.PREFERRED, wanted.keySet()).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // ElectionNotNeeded for partitions already led by their preferred replica, or a reassignment
                    // not finished yet: looked at below
                }
                Map<String, TopicDescription> now = admin.describeTopics(topics).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                boolean done = wanted.entrySet().stream().allMatch(entry -> {
                    Node leader = now.get(entry.getKey().topic()).partitions().get(entry.getKey().partition())
                            .leader();
                    return leader != null && leader.id() == entry.getValue();
                });
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("leaders not moved within 60 s: wanted " + wanted);
                }
                Thread.sleep(200);
            }
        }
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(properties);
    }

    @Override
    public void close() throws Exception {
        for (TcpProxy[] row : proxies) {
            for (TcpProxy proxy : row) {
                proxy.close();
            }
        }
        // All at once: a broker shut down after the others lost its controller quorum and would wait for it.
        List<Thread> stopping = new ArrayList<>();
        for (KafkaRaftServer server : servers) {
            Thread thread = new Thread(() -> {
                server.shutdown();
                server.awaitShutdown();
            }, "stop-kafka");
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            thread.join();
        }
    }
}
