package io.vellum.bench.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Three real Kafka brokers in this JVM (KRaft, each broker also one of the three controller voters), on free local
 * ports with their logs under a given folder: the smallest Kafka cluster an operator would run under Vellum's
 * cluster mode, so ledger topics get replication factor 3 and {@code min.insync.replicas=2}, and the transaction
 * state log is replicated like the ledgers' topics.
 *
 * <p>Broker settings a benchmark on two shared cores needs, each also what an operator of a small cluster may use:
 * one network thread and two request handler threads per broker, one partition for the transaction state and
 * consumer offsets topics (Vellum uses one transactional id per ledger and one consumer group), no initial
 * rebalance delay, and a 1 ms retry of the partition leader's transaction check
 * ({@code add.partitions.to.txn.retry.backoff.ms}, see docs/CLUSTER.md "Operator's settings"). Everything else is Kafka's default; {@code -Dvellum.bench.brokerConfig=key=value,key=value}
 * adds or overrides broker settings (to measure one).
 */
final class ThreeBrokerKafka implements AutoCloseable {
    private static final int BROKERS = 3;
    private final List<KafkaRaftServer> servers = new ArrayList<>();
    private final List<Integer> brokerPorts = new ArrayList<>();

    ThreeBrokerKafka(Path directory) throws Exception {
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < BROKERS; i++) {
            brokerPorts.add(freePort());
            controllerPorts.add(freePort());
        }
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < BROKERS; i++) {
            voters.add((i + 1) + "@localhost:" + controllerPorts.get(i));
        }
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaConfig> configs = new ArrayList<>();
        for (int i = 0; i < BROKERS; i++) {
            Path data = directory.resolve("kafka-" + (i + 1));
            Files.createDirectories(data);
            Properties configuration = new Properties();
            configuration.put("process.roles", "broker,controller");
            configuration.put("node.id", Integer.toString(i + 1));
            configuration.put("controller.quorum.voters", voters.toString());
            configuration.put("listeners", "PLAINTEXT://localhost:" + brokerPorts.get(i) + ",CONTROLLER://localhost:"
                    + controllerPorts.get(i));
            configuration.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPorts.get(i));
            configuration.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            configuration.put("controller.listener.names", "CONTROLLER");
            configuration.put("inter.broker.listener.name", "PLAINTEXT");
            configuration.put("log.dirs", data.toString());
            configuration.put("metadata.log.dir", data.toString());
            configuration.put("num.partitions", "1");
            configuration.put("default.replication.factor", "3");
            configuration.put("min.insync.replicas", "2");
            configuration.put("offsets.topic.replication.factor", "3");
            configuration.put("offsets.topic.num.partitions", "1");
            configuration.put("transaction.state.log.replication.factor", "3");
            configuration.put("transaction.state.log.min.isr", "2");
            configuration.put("transaction.state.log.num.partitions", "1");
            configuration.put("share.coordinator.state.topic.replication.factor", "3");
            configuration.put("share.coordinator.state.topic.min.isr", "2");
            configuration.put("group.initial.rebalance.delay.ms", "0");
            configuration.put("num.network.threads", "1");
            configuration.put("num.io.threads", "2");
            configuration.put("num.recovery.threads.per.data.dir", "1");
            configuration.put("log.cleaner.dedupe.buffer.size", "2097152");
            configuration.put("log.cleaner.threads", "1");
            // A writer's next transaction reaches the ledger's partition while the coordinator still writes the
            // previous one's commit markers; the partition leader re-checks every this many ms (Kafka's 20 ms
            // default made every back-to-back transaction wait ~20 ms for markers done in a few).
            configuration.put("add.partitions.to.txn.retry.backoff.ms", "1");
            String extra = System.getProperty("vellum.bench.brokerConfig", "");
            for (String setting : extra.split(",")) {
                if (setting.contains("=")) {
                    configuration.put(setting.substring(0, setting.indexOf('=')).trim(),
                            setting.substring(setting.indexOf('=') + 1).trim());
                }
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(i + 1)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(data.toString()))
                    .setMetadataLogDirectory(data.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setWriteBootstrapSnapshot(true)
                    .setHasDynamicQuorum(false)
                    .run();
            configs.add(KafkaConfig.fromProps(configuration, false));
        }
        // A broker's start waits for the controller quorum, which needs two voters: start all three at once.
        List<CompletableFuture<KafkaRaftServer>> starting = new ArrayList<>();
        for (KafkaConfig config : configs) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                return server;
            }));
        }
        for (CompletableFuture<KafkaRaftServer> server : starting) {
            servers.add(server.join());
        }
    }

    String bootstrapServers() {
        StringJoiner joiner = new StringJoiner(",");
        brokerPorts.forEach(port -> joiner.add("localhost:" + port));
        return joiner.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
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
