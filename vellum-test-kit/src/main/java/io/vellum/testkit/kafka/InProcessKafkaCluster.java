package io.vellum.testkit.kafka;

import io.vellum.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster of several KRaft nodes (each broker and controller, one voter each) in this JVM, on free local
 * ports with their logs under a given folder; the node settings are {@link KafkaNodes}', plus the caller's
 * overrides. For harnesses that measure the cluster (a node cannot be killed alone here: use
 * {@link ChildProcessKafkaCluster} for that).
 */
public final class InProcessKafkaCluster implements AutoCloseable {
    private final List<KafkaRaftServer> servers = new ArrayList<>();
    private final int[] brokerPorts;

    /**
     * Formats and starts the nodes, and returns when all have started.
     *
     * @param directory parent of the nodes' data directories ({@code kafka-1}, …)
     * @param count how many nodes
     * @param overrides settings added to (or replacing) every node's
     */
    public InProcessKafkaCluster(Path directory, int count, Map<String, String> overrides) throws Exception {
        brokerPorts = new int[count];
        int[] controllerPorts = new int[count];
        for (int i = 0; i < count; i++) {
            brokerPorts[i] = FreePorts.next();
            controllerPorts[i] = FreePorts.next();
        }
        String voters = KafkaNodes.voters(controllerPorts);
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaConfig> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path data = directory.resolve("kafka-" + (i + 1));
            Files.createDirectories(data);
            Properties configuration = KafkaNodes.configuration(i + 1, brokerPorts[i], controllerPorts[i], voters,
                    data, count, 1);
            configuration.putAll(overrides);
            KafkaNodes.format(i + 1, clusterId, data);
            configs.add(KafkaConfig.fromProps(configuration, false));
        }
        servers.addAll(KafkaNodes.startTogether(configs));
    }

    public String bootstrapServers() {
        return KafkaNodes.bootstrapServers(brokerPorts);
    }

    @Override
    public void close() {
        for (KafkaRaftServer server : servers) {
            server.shutdown();
        }
        for (KafkaRaftServer server : servers) {
            server.awaitShutdown();
        }
    }
}
