package io.vellum.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft combined mode: broker and controller in this JVM) for tests, on free local ports
 * with its log directory under a given folder. {@link #stop} and {@link #start} restart it on the same ports and
 * data, as a broker outage would. Published in this module's test jar for other modules' tests. Not thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path dataDirectory;
    private final int brokerPort;
    private final Properties configuration = new Properties();
    private KafkaRaftServer server;

    public EmbeddedKafka(Path directory, int partitions) throws Exception {
        this.dataDirectory = directory.resolve("kafka-data");
        Files.createDirectories(dataDirectory);
        this.brokerPort = freePort();
        int controllerPort = freePort();
        configuration.put("process.roles", "broker,controller");
        configuration.put("node.id", "1");
        configuration.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        configuration.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        configuration.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        configuration.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        configuration.put("controller.listener.names", "CONTROLLER");
        configuration.put("inter.broker.listener.name", "PLAINTEXT");
        configuration.put("log.dirs", dataDirectory.toString());
        configuration.put("metadata.log.dir", dataDirectory.toString());
        configuration.put("num.partitions", Integer.toString(partitions));
        configuration.put("auto.create.topics.enable", "true");
        configuration.put("offsets.topic.replication.factor", "1");
        configuration.put("offsets.topic.num.partitions", "1");
        configuration.put("transaction.state.log.replication.factor", "1");
        configuration.put("transaction.state.log.min.isr", "1");
        configuration.put("transaction.state.log.num.partitions", "1");
        configuration.put("share.coordinator.state.topic.replication.factor", "1");
        configuration.put("share.coordinator.state.topic.min.isr", "1");
        configuration.put("group.initial.rebalance.delay.ms", "0");
        // Two shared cores: keep the broker's thread pools and memory small.
        configuration.put("num.network.threads", "1");
        configuration.put("num.io.threads", "2");
        configuration.put("num.recovery.threads.per.data.dir", "1");
        configuration.put("log.cleaner.dedupe.buffer.size", "2097152");
        configuration.put("log.cleaner.threads", "1");
        format();
        start();
    }

    private void format() throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dataDirectory.toString()))
                .setMetadataLogDirectory(dataDirectory.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName("CONTROLLER")
                .setWriteBootstrapSnapshot(true)
                .setHasDynamicQuorum(false)
                .run();
    }

    /** Starts (or restarts) the node on its ports and log directory. */
    public void start() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(configuration, false), Time.SYSTEM);
        server.startup();
    }

    /** Stops the node (a clean shutdown, as an operator's restart). */
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    /**
     * Reads the topic from the beginning until {@code done} holds for what was read (or the timeout passes), and
     * returns everything read.
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Duration timeout,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                for (PartitionInfo partition : consumer.partitionsFor(topic, Duration.ofSeconds(5))) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(read) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
