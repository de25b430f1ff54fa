package io.vellum.cluster;

import io.vellum.cluster.internal.ClusterTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the writer of every ledger with Kafka's consumer-group assignment: topic {@value #TOPIC} has
 * {@link #PARTITIONS} partitions, ledger L belongs to partition {@link #partitionOf}(L), and every node's consumer in
 * group {@value #GROUP} is assigned some of them. A node is the writer candidate for exactly the ledgers of its
 * partitions; Kafka assigns each partition to one live member, so writers spread over the nodes.
 *
 * <p>Assignment alone never makes two writers safe or unsafe: a node that lost its partitions without noticing (a
 * paused JVM) is fenced by the next writer's {@code initTransactions} ({@link ReplicatedLedger#startWriter}). The
 * group uses the cooperative sticky assignor, so a rebalance moves only the partitions that must move and writers of
 * other ledgers keep writing.
 *
 * <p>Failover time is bounded by {@code session.timeout.ms} (default here {@value #DEFAULT_SESSION_TIMEOUT_MS} ms,
 * the broker's default minimum): a node that dies without leaving the group is noticed after it; a node that stops
 * cleanly leaves at once. Shorter sessions fail over faster but depose writers that pause (GC, a slow disk) for
 * less. Thread-safe.
 */
public final class WriterElection implements AutoCloseable {
    public static final String TOPIC = "vellum.writers";
    public static final String GROUP = "vellum.writers";
    /** Fixed for the life of a cluster: changing it moves ledgers between partitions. */
    public static final int PARTITIONS = 32;
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
    /** The longest heartbeat interval of the election (see {@link #heartbeatIntervalMs}). */
    static final int MAX_HEARTBEAT_INTERVAL_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(WriterElection.class);

    /** Told the partitions this node gained and lost, on the election's thread. */
    public interface Listener {
        void assignmentChanged(Set<Integer> assigned);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;

    private WriterElection(KafkaConsumer<byte[], byte[]> consumer, Listener listener) {
        this.consumer = consumer;
        this.listener = listener;
        this.thread = new Thread(this::run, "vellum-writer-election");
        this.thread.setDaemon(true);
    }

    /**
     * The partition of {@code ledger}: CRC32C of its UTF-8 name modulo {@code partitions}. Stable across nodes,
     * JVMs and versions (unlike {@code String.hashCode}, which is not specified to stay).
     */
    public static int partitionOf(String ledger, int partitions) {
        CRC32C crc = new CRC32C();
        crc.update(ledger.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /**
     * The election's heartbeat interval: a tenth of the session, at most {@value #MAX_HEARTBEAT_INTERVAL_MS} ms.
     * Survivors learn that a rebalance began only from a heartbeat's answer, so after a dead writer's session
     * expired the new assignment waits up to one interval (Kafka's usual third of a session: 2 s of a 6 s session).
     * A short interval does not depose anyone sooner — the session, counted from the last heartbeat, decides that —
     * it only shortens the tail: expiry 5.5–6 s after a death instead of 4–6 s, but rebalance noticed within 0.5 s
     * instead of 2 s (worst case 6.5 s instead of 8). Its price is a heartbeat per node every half second.
     */
    static int heartbeatIntervalMs(int sessionTimeoutMs) {
        return Math.max(1, Math.min(MAX_HEARTBEAT_INTERVAL_MS, sessionTimeoutMs / 10));
    }

    /**
     * Creates topic {@value #TOPIC} when absent and joins group {@value #GROUP}.
     *
     * @param sessionTimeoutMs how long a node that stopped heartbeating keeps its partitions
     */
    public static WriterElection start(ClusterSettings settings, int sessionTimeoutMs, Listener listener) {
        Map<String, Object> admin = new HashMap<>(settings.clientProperties());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            ClusterTopics.ensureExists(client, TOPIC, PARTITIONS, Map.of(), settings.kafkaTimeout());
        }
        Map<String, Object> configs = new HashMap<>(settings.clientProperties());
        configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        configs.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        configs.put(ConsumerConfig.CLIENT_ID_CONFIG, "vellum-election-" + settings.nodeId());
        configs.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(sessionTimeoutMs));
        configs.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(heartbeatIntervalMs(sessionTimeoutMs)));
        configs.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        WriterElection election = new WriterElection(new KafkaConsumer<>(configs), Objects.requireNonNull(listener));
        election.thread.start();
        return election;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    change(partitions, false);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    change(partitions, false);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    change(partitions, true);
                }
            });
            while (running) {
                // Nothing is ever produced to the topic: poll only keeps the membership and runs the callbacks.
                // Short, so that a rebalance a heartbeat announced is joined at once (poll runs the join).
                consumer.poll(Duration.ofMillis(100));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Writer election stopped: {}", e.toString());
            assigned.clear();
            listener.assignmentChanged(Set.of());
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void change(Collection<TopicPartition> partitions, boolean gained) {
        for (TopicPartition partition : partitions) {
            if (gained) {
                assigned.add(partition.partition());
            } else {
                assigned.remove(partition.partition());
            }
        }
        if (!partitions.isEmpty()) {
            Set<Integer> now = assigned();
            LOG.info("Writer election: {} partitions {}; this node now holds {}", gained ? "gained" : "lost",
                    partitions.stream().map(TopicPartition::partition).sorted().toList(), now);
            listener.assignmentChanged(now);
        }
    }

    /** The partitions assigned to this node now. */
    public Set<Integer> assigned() {
        return new TreeSet<>(assigned);
    }

    /** Whether this node is the writer candidate of {@code ledger} now. */
    public boolean holds(String ledger) {
        return assigned.contains(partitionOf(ledger, PARTITIONS));
    }

    /** Leaves the group (its partitions move to other nodes at once) and waits for the election thread. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assigned.clear();
    }
}
