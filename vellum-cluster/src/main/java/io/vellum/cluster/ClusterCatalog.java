package io.vellum.cluster;

import io.vellum.cluster.internal.BrokerSettings;
import io.vellum.cluster.internal.ClusterTopics;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's shared catalog: a compacted Kafka topic ({@value #TOPIC}, one partition, so one order) of
 * key → value entries that every node applies in topic order (ledger metadata, node addresses, writers). A null
 * value deletes its key (a tombstone). Compaction keeps the last entry per key, so a node reading the topic from the
 * beginning ends with the same entries as one that read every record, provided applying an entry means "make the
 * local state equal to this entry" (idempotent, order within a key preserved). Thread-safe.
 */
public final class ClusterCatalog implements AutoCloseable {
    public static final String TOPIC = "vellum.ledgers";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCatalog.class);
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    /** Applies one entry, on the catalog's thread, in topic order; {@code value} is null for a deletion. */
    public interface Listener {
        void apply(String key, byte[] value);
    }

    private final ClusterSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Listener listener;
    private final Thread thread;
    private final Object progress = new Object();
    /** Offset of the next record to apply; guarded by {@code progress}. */
    private long applied;
    private volatile boolean running = true;
    /** For the catalog's end offset; created at the first {@link #awaitCaughtUp}, guarded by {@code this}. */
    private Admin admin;

    private ClusterCatalog(ClusterSettings settings, KafkaProducer<String, byte[]> producer,
                           KafkaConsumer<String, byte[]> consumer, Listener listener) {
        this.settings = settings;
        this.producer = producer;
        this.consumer = consumer;
        this.listener = listener;
        this.thread = new Thread(this::run, "vellum-catalog");
        this.thread.setDaemon(true);
    }

    /** Creates the topic when absent (compacted, never deleted by time) and starts applying it from its start. */
    public static ClusterCatalog start(ClusterSettings settings, Listener listener) {
        Map<String, Object> admin = new HashMap<>(settings.clientProperties());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            ClusterTopics.ensureExists(client, TOPIC, 1, Map.of("cleanup.policy", "compact",
                    "unclean.leader.election.enable", "false", "retention.ms", "-1"), settings.kafkaTimeout());
        }
        // Once per node, without delaying its start: a broker setting left at Kafka's default costs every writer
        // most of its throughput.
        BrokerSettings.warnAboutSlowSettingsInBackground(admin, settings.kafkaTimeout());
        Map<String, Object> producerConfigs = new HashMap<>(settings.clientProperties());
        producerConfigs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        producerConfigs.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfigs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfigs.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerConfigs.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfigs.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Map<String, Object> consumerConfigs = new HashMap<>(settings.clientProperties());
        consumerConfigs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        consumerConfigs.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfigs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfigs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfigs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        ClusterCatalog catalog = new ClusterCatalog(settings, new KafkaProducer<>(producerConfigs),
                new KafkaConsumer<>(consumerConfigs), listener);
        catalog.consumer.assign(Set.of(PARTITION));
        catalog.consumer.seekToBeginning(Set.of(PARTITION));
        catalog.thread.start();
        return catalog;
    }

    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            listener.apply(record.key(), record.value());
                        } catch (RuntimeException e) {
                            LOG.error("Catalog entry {} at offset {} could not be applied: {}", record.key(),
                                    record.offset(), e.toString());
                        }
                    }
                    long position = consumer.position(PARTITION);
                    synchronized (progress) {
                        applied = position;
                        progress.notifyAll();
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("Reading the cluster catalog failed, retrying: {}", e.toString());
                    sleep();
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    /**
     * Writes an entry and returns once Kafka acknowledged it ({@code acks=all}); every node, this one included,
     * applies it when it reads it.
     *
     * @param value null deletes the key
     * @throws LedgerException UNAVAILABLE when Kafka does not acknowledge within the settings' timeout
     */
    public void publish(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, key, value))
                    .get(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the cluster catalog did not take entry " + key
                    + " (" + (e instanceof ExecutionException ? e.getCause() : e).getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while publishing " + key, e);
        }
    }

    /**
     * Writes an entry without waiting: entries of this catalog object reach the topic in the order they were given
     * (one idempotent producer, one partition), so a later entry of a key never lands before an earlier one. An entry
     * Kafka does not take is logged and lost; use it only for entries whose loss a later entry of the same key heals
     * (progress that is republished).
     */
    public void publishLater(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, key, value), (metadata, failure) -> {
                if (failure != null) {
                    LOG.warn("The cluster catalog did not take entry {}: {}", key, failure.toString());
                }
            });
        } catch (KafkaException e) {
            LOG.warn("The cluster catalog did not take entry {}: {}", key, e.toString());
        }
    }

    /**
     * Waits until every entry written before this call has been applied on this node.
     *
     * @throws LedgerException UNAVAILABLE when that takes longer than {@code timeout}
     */
    public void awaitCaughtUp(Duration timeout) {
        awaitCaughtUp(timeout, timeout);
    }

    /**
     * Waits until every entry written before this call has been applied on this node: Kafka must name the
     * catalog's end within {@code endTimeout} (a node cut off from Kafka learns that quickly), and this node's reader
     * must apply everything before it within {@code applyTimeout} (applying can be slow: a new ledger is opened).
     *
     * @throws LedgerException UNAVAILABLE when either takes longer
     */
    public void awaitCaughtUp(Duration endTimeout, Duration applyTimeout) {
        Duration timeout = applyTimeout;
        long end;
        try {
            end = consumerEnd(endTimeout);
        } catch (KafkaException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the end of the cluster catalog is unknown ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (applied < end) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "the cluster catalog was not read to offset "
                            + end + " within " + timeout + " (at " + applied + ")");
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while reading the catalog", e);
                }
            }
        }
    }

    private long consumerEnd(Duration timeout) {
        try {
            return admin().listOffsets(Map.of(PARTITION, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(PARTITION).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the end of the cluster catalog is unknown ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while reading the catalog's end", e);
        }
    }

    /**
     * One admin client for the life of the catalog: {@link #awaitCaughtUp} runs before control plane reads, and a
     * new client per call would pay a connection and a metadata request each time.
     */
    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> configs = new HashMap<>(settings.clientProperties());
            configs.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            admin = Admin.create(configs);
        }
        return admin;
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }
}
