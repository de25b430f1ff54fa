package io.vellum.testkit.kafka;

import io.vellum.testkit.FreePorts;
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

/**
 * A real single-node Kafka (KRaft combined mode: broker and controller in this JVM) for tests, on free local ports
 * with its log directory under a given folder. {@link #stop} and {@link #start} restart it on the same ports and
 * data, as a broker outage would. Not thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path dataDirectory;
    private final int brokerPort;
    private final Properties configuration = new Properties();
    private KafkaRaftServer server;

    public EmbeddedKafka(Path directory, int partitions) throws Exception {
        this.dataDirectory = directory.resolve("kafka-data");
        Files.createDirectories(dataDirectory);
        this.brokerPort = FreePorts.next();
        int controllerPort = FreePorts.next();
        configuration.putAll(KafkaNodes.configuration(1, brokerPort, controllerPort,
                KafkaNodes.voters(new int[] {controllerPort}), dataDirectory, 1, partitions));
        format();
        start();
    }

    private void format() throws Exception {
        KafkaNodes.format(1, Uuid.randomUuid().toString(), dataDirectory);
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

    @Override
    public void close() {
        stop();
    }
}
