package io.vellum.testkit.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The one configuration of a test Kafka node (KRaft combined mode: broker and controller, one controller voter per
 * node, PLAINTEXT on localhost), the formatting of its log directory, the start of several in this JVM and their
 * bootstrap address, shared by every broker starter of the kit and the tests' own.
 */
public final class KafkaNodes {
    private KafkaNodes() {
    }

    /** The {@code controller.quorum.voters} value for nodes 1..n on the given controller ports. */
    public static String voters(int[] controllerPorts) {
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < controllerPorts.length; i++) {
            voters.add((i + 1) + "@localhost:" + controllerPorts[i]);
        }
        return voters.toString();
    }

    /** The {@code bootstrap.servers} value for brokers listening on {@code ports} of localhost. */
    public static String bootstrapServers(int[] ports) {
        StringJoiner servers = new StringJoiner(",");
        for (int port : ports) {
            servers.add("localhost:" + port);
        }
        return servers.toString();
    }

    /**
     * Starts a node in this JVM per configuration, all at once (a node's broker waits for the controller quorum, which
     * needs a majority of the nodes), and returns them, in the configurations' order, once every one has started.
     */
    public static List<KafkaRaftServer> startTogether(List<KafkaConfig> configs) {
        List<CompletableFuture<KafkaRaftServer>> starting = new ArrayList<>();
        for (KafkaConfig config : configs) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                return server;
            }));
        }
        List<KafkaRaftServer> servers = new ArrayList<>();
        for (CompletableFuture<KafkaRaftServer> server : starting) {
            servers.add(server.join());
        }
        return servers;
    }

    /**
     * A node's settings.
     *
     * @param nodeId the node's id (1-based)
     * @param brokerPort its client port
     * @param controllerPort its controller port
     * @param voters every node's controller address ({@link #voters})
     * @param data its log and metadata directory
     * @param replicas the cluster's node count: internal topics and new topics get this replication factor, and
     *     with more than one node the internal topics need {@code min(2, replicas)} in-sync replicas, so a cluster of
     *     three keeps serving with one node down
     * @param partitions partitions of a topic created without an explicit count
     */
    public static Properties configuration(int nodeId, int brokerPort, int controllerPort, String voters, Path data,
            int replicas, int partitions) {
        String replication = Integer.toString(replicas);
        String inSync = Integer.toString(Math.min(2, replicas));
        Properties configuration = new Properties();
        configuration.put("process.roles", "broker,controller");
        configuration.put("node.id", Integer.toString(nodeId));
        configuration.put("controller.quorum.voters", voters);
        configuration.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:"
                + controllerPort);
        configuration.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        configuration.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        configuration.put("controller.listener.names", "CONTROLLER");
        configuration.put("inter.broker.listener.name", "PLAINTEXT");
        configuration.put("log.dirs", data.toString());
        configuration.put("metadata.log.dir", data.toString());
        configuration.put("num.partitions", Integer.toString(partitions));
        configuration.put("auto.create.topics.enable", "true");
        configuration.put("default.replication.factor", replication);
        configuration.put("offsets.topic.replication.factor", replication);
        configuration.put("offsets.topic.num.partitions", "1");
        configuration.put("transaction.state.log.replication.factor", replication);
        configuration.put("transaction.state.log.min.isr", inSync);
        configuration.put("transaction.state.log.num.partitions", "1");
        configuration.put("share.coordinator.state.topic.replication.factor", replication);
        configuration.put("share.coordinator.state.topic.min.isr", inSync);
        configuration.put("group.initial.rebalance.delay.ms", "0");
        // Two shared cores: keep each node's thread pools and memory small.
        configuration.put("num.network.threads", "1");
        configuration.put("num.io.threads", "2");
        configuration.put("num.replica.fetchers", "1");
        configuration.put("num.recovery.threads.per.data.dir", "1");
        configuration.put("log.cleaner.dedupe.buffer.size", "2097152");
        configuration.put("log.cleaner.threads", "1");
        return configuration;
    }

    /** Formats a node's directory for the cluster {@code clusterId} (what {@code kafka-storage.sh format} does). */
    public static void format(int nodeId, String clusterId, Path data) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(data.toString()))
                .setMetadataLogDirectory(data.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName("CONTROLLER")
                .setWriteBootstrapSnapshot(true)
                .setHasDynamicQuorum(false)
                .run();
    }
}
