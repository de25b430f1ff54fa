package io.vellum.cluster.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients of cluster mode, with the settings replication depends on fixed over the operator's extras. */
public final class KafkaClients {
    private final String bootstrapServers;
    private final Map<String, String> extra;

    public KafkaClients(String bootstrapServers, Map<String, String> extra) {
        this.bootstrapServers = bootstrapServers;
        this.extra = extra;
    }

    public Admin admin() {
        Map<String, Object> configs = new HashMap<>(extra);
        configs.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(configs);
    }

    /**
     * A writer's producer: transactional (so that a new writer's {@code initTransactions} fences this one),
     * idempotent, {@code acks=all} (a block is acknowledged only when every in-sync replica has it).
     */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> configs = new HashMap<>(extra);
        configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        configs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        configs.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // A Kafka transaction carries every round waiting (up to the pipeline depth): one produce request for all.
        configs.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        configs.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        configs.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(configs);
    }

    /**
     * How long a follower's fetch waits at the topic's end for the next committed block (system property
     * {@code vellum.cluster.followerFetchWaitMs}, read when a follower starts; default Kafka's own 500 ms). The
     * broker answers a waiting fetch as soon as a committed block is there, so this costs no replication lag; it
     * only sets how often an idle follower asks again (a shorter value is one fetch per ledger per node that often,
     * for nothing, on the brokers' CPU).
     */
    public static int followerFetchWaitMs() {
        return Integer.getInteger("vellum.cluster.followerFetchWaitMs", 500);
    }

    /**
     * A follower's consumer of committed blocks: as {@link #committedReader()}, but waiting
     * {@link #followerFetchWaitMs()} at the topic's end whatever the operator's {@code fetch.max.wait.ms} (that one
     * stays short for the probes that position a reader and for a new writer's catch-up, see {@code ClusterNode}).
     */
    public KafkaConsumer<byte[], byte[]> followingReader() {
        Map<String, Object> configs = committedReaderConfigs();
        configs.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(followerFetchWaitMs()));
        return new KafkaConsumer<>(configs);
    }

    /** A consumer of committed blocks only ({@code read_committed}), positioned by its caller (no group). */
    public KafkaConsumer<byte[], byte[]> committedReader() {
        return new KafkaConsumer<>(committedReaderConfigs());
    }

    private Map<String, Object> committedReaderConfigs() {
        Map<String, Object> configs = new HashMap<>(extra);
        configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        configs.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Answer a fetch as soon as one committed record is there; an idle follower asks again after 100 ms.
        configs.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        configs.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        configs.remove(ConsumerConfig.GROUP_ID_CONFIG);
        configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return configs;
    }
}
