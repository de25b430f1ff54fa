package io.vellum.server.cluster;

import io.vellum.testkit.FreePorts;
import io.vellum.testkit.kafka.KafkaNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka in this JVM that each cluster node reaches through a {@link TcpProxy} of its own,
 * so that a test can cut one node off from Kafka while the others (and the test's own clients) still reach it.
 *
 * <p>How one broker is reached only through a proxy: the broker has one listener per cluster node
 * ({@code NODE1}, {@code NODE2}, …), each advertised at its proxy's port. Kafka answers metadata and coordinator
 * requests with the addresses of the listener a request came in on, so a client that bootstraps through a node's
 * proxy is told that the broker is at that proxy, and every connection it opens goes through it. The plain
 * listener ({@link #bootstrapServers()}) is for the test.
 */
final class PartitionableKafka implements ClusterFixture.Brokers {
    private final KafkaRaftServer server;
    private final int brokerPort;
    private final List<TcpProxy> proxies = new ArrayList<>();

    PartitionableKafka(Path directory, int nodes) throws Exception {
        Path data = directory.resolve("kafka-data");
        Files.createDirectories(data);
        brokerPort = FreePorts.next();
        int controllerPort = FreePorts.next();
        StringJoiner listeners = new StringJoiner(",");
        StringJoiner advertised = new StringJoiner(",");
        StringJoiner protocols = new StringJoiner(",");
        listeners.add("PLAINTEXT://localhost:" + brokerPort).add("CONTROLLER://localhost:" + controllerPort);
        advertised.add("PLAINTEXT://localhost:" + brokerPort);
        protocols.add("PLAINTEXT:PLAINTEXT").add("CONTROLLER:PLAINTEXT");
        List<int[]> ports = new ArrayList<>();
        for (int node = 1; node <= nodes; node++) {
            int listenerPort = FreePorts.next();
            int proxyPort = FreePorts.next();
            listeners.add("NODE" + node + "://localhost:" + listenerPort);
            advertised.add("NODE" + node + "://localhost:" + proxyPort);
            protocols.add("NODE" + node + ":PLAINTEXT");
            ports.add(new int[] {proxyPort, listenerPort});
        }
        Properties configuration = KafkaNodes.configuration(1, brokerPort, controllerPort,
                KafkaNodes.voters(new int[] {controllerPort}), data, 1, 1);
        configuration.put("listeners", listeners.toString());
        configuration.put("advertised.listeners", advertised.toString());
        configuration.put("listener.security.protocol.map", protocols.toString());
        KafkaNodes.format(1, Uuid.randomUuid().toString(), data);
        server = new KafkaRaftServer(KafkaConfig.fromProps(configuration, false), Time.SYSTEM);
        server.startup();
        for (int[] pair : ports) {
            proxies.add(new TcpProxy(pair[0], pair[1]));
        }
    }

    /** The broker's plain listener, not behind any proxy: for the test's own clients. */
    @Override
    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    /** The broker as cluster node {@code node} (1-based) reaches it: through that node's proxy. */
    @Override
    public String bootstrapServersOf(int node) {
        return "localhost:" + proxies.get(node - 1).port();
    }

    /** Cuts node {@code node} (1-based) off from Kafka. */
    void cut(int node) {
        proxies.get(node - 1).cut();
    }

    /** Holds node {@code node}'s traffic with Kafka (both ways) until {@link #resume}: see {@link TcpProxy#pause}. */
    void pause(int node) {
        proxies.get(node - 1).pause();
    }

    /** Delivers node {@code node}'s held traffic, late, and forwards again. */
    void resume(int node) {
        proxies.get(node - 1).resume();
    }

    /** Ends node {@code node}'s partition. */
    void heal(int node) {
        proxies.get(node - 1).heal();
    }

    @Override
    public void close() throws Exception {
        for (TcpProxy proxy : proxies) {
            proxy.close();
        }
        server.shutdown();
        server.awaitShutdown();
    }
}
