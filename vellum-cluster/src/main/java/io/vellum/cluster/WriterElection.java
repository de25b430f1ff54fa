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
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
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
 * the broker's default minimum): a node that dies without leaving the group is noticed after it, unless another
 * node {@linkplain #evict evicts} it first; a node that stops cleanly leaves at once. Shorter sessions fail over
 * faster but depose writers that pause (GC, a slow disk) for less.
 *
 * <p><b>Static membership</b> ({@link #start(ClusterSettings, int, boolean, Listener)} with {@code staticMembership}):
 * the node id is the member's {@code group.instance.id}. Then another node may {@link #evict} a member it has strong
 * evidence is dead, and the rebalance begins at once instead of after the session. A node that restarts under its
 * id within the session takes its place back without a rebalance (its partitions come back to it); a second process
 * started under the same node id fences the first ({@code FENCED_INSTANCE_ID}): the first's election stops as if
 * closed (every partition lost, so it writes nothing) and it never removes the newer member. A static member does
 * not leave the group by itself when its consumer closes, so {@link #close} asks for it explicitly (a clean stop
 * still moves the partitions at once). Thread-safe.
 */
public final class WriterElection implements AutoCloseable {
    public static final String TOPIC = "vellum.writers";
    public static final String GROUP = "vellum.writers";
    /** Fixed for the life of a cluster: changing it moves ledgers between partitions. */
    public static final int PARTITIONS = 32;
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
    /** The longest heartbeat interval of the election (see {@link #heartbeatIntervalMs}). */
    static final int MAX_HEARTBEAT_INTERVAL_MS = 500;
    /** The longest {@link #evict} waits for Kafka: past it the session decides, as without eviction. */
    public static final Duration EVICTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(WriterElection.class);

    /** Told the partitions this node gained and lost, on the election's thread. */
    public interface Listener {
        void assignmentChanged(Set<Integer> assigned);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final Listener listener;
    private final Thread thread;
    private final ClusterSettings settings;
    private final boolean staticMembership;
    private volatile boolean running = true;
    /** Close without leaving the group: set when another process took this node's membership, and by tests. */
    private volatile boolean remainInGroup;
    private volatile boolean fenced;
    private Admin evictions;

    private WriterElection(KafkaConsumer<byte[], byte[]> consumer, Listener listener, ClusterSettings settings,
            boolean staticMembership) {
        this.consumer = consumer;
        this.listener = listener;
        this.settings = settings;
        this.staticMembership = staticMembership;
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
     * Creates topic {@value #TOPIC} when absent and joins group {@value #GROUP} as a dynamic member (no member can be
     * evicted; a dead one is noticed after its session).
     *
     * @param sessionTimeoutMs how long a node that stopped heartbeating keeps its partitions
     */
    public static WriterElection start(ClusterSettings settings, int sessionTimeoutMs, Listener listener) {
        return start(settings, sessionTimeoutMs, false, listener);
    }

    /**
     * Creates topic {@value #TOPIC} when absent and joins group {@value #GROUP}.
     *
     * @param sessionTimeoutMs how long a node that stopped heartbeating keeps its partitions
     * @param staticMembership join under the node id as {@code group.instance.id}, so that members can be
     *                         {@linkplain #evict evicted} (see the class comment for what else it changes)
     */
    public static WriterElection start(ClusterSettings settings, int sessionTimeoutMs, boolean staticMembership,
            Listener listener) {
        Map<String, Object> admin = new HashMap<>(settings.clientProperties());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            ClusterTopics.ensureExists(client, TOPIC, PARTITIONS, Map.of(), settings.kafkaTimeout());
        }
        Map<String, Object> configs = new HashMap<>(settings.clientProperties());
        configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        configs.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        configs.put(ConsumerConfig.CLIENT_ID_CONFIG, "vellum-election-" + settings.nodeId());
        if (staticMembership) {
            configs.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.nodeId());
        }
        configs.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(sessionTimeoutMs));
        configs.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(heartbeatIntervalMs(sessionTimeoutMs)));
        configs.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        WriterElection election = new WriterElection(new KafkaConsumer<>(configs), Objects.requireNonNull(listener),
                settings, staticMembership);
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
        } catch (FencedInstanceIdException e) {
            // Another process joined under this node's id: it is the member now. Stop as if closed, without leaving
            // (a leave under this id could only be refused; it must never remove the newer process).
            fenced = true;
            remainInGroup = true;
            LOG.error("Writer election stopped: another process joined the cluster as node {} (Kafka fenced this "
                    + "process's membership, FENCED_INSTANCE_ID). This process writes no ledger from now on and "
                    + "follows; two processes must never run under one --node-id: stop one of them",
                    settings.nodeId());
            lostEverything();
        } catch (RuntimeException e) {
            LOG.error("Writer election stopped: {}", e.toString());
            lostEverything();
        } finally {
            CloseOptions options = CloseOptions.timeout(Duration.ofSeconds(5));
            if (remainInGroup) {
                options = options.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
            } else if (staticMembership) {
                // A static member stays in the group when it closes unless told: a clean stop must move its
                // partitions at once, as a dynamic member's does.
                options = options.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
            }
            consumer.close(options);
        }
    }

    private void lostEverything() {
        assigned.clear();
        listener.assignmentChanged(Set.of());
    }

    /**
     * Removes node {@code nodeId} from the group now (Kafka's {@code removeMembersFromConsumerGroup}), which starts a
     * rebalance at once: its partitions go to the other members. For a node the caller has strong evidence is dead;
     * safety never depends on it being right — a live node evicted by mistake loses its partitions (its next Kafka
     * transaction is fenced by the next writer's {@code initTransactions}), rejoins under its id and is assigned
     * partitions again by the next rebalance.
     *
     * @return true when it was removed; false when it was no member (it left or was removed already) or Kafka
     *         refused or did not answer within {@link #EVICTION_TIMEOUT}
     * @throws IllegalStateException when this election does not use static membership, or for this node's own id
     */
    public boolean evict(String nodeId, String reason) {
        if (!staticMembership) {
            throw new IllegalStateException("only members of an election with static membership can be evicted");
        }
        if (nodeId.equals(settings.nodeId())) {
            throw new IllegalStateException("a node does not evict itself (node " + nodeId + ")");
        }
        Admin admin;
        synchronized (this) {
            if (!running) {
                return false; // closed: nothing is evicted by a node that left
            }
            if (evictions == null) {
                Map<String, Object> configs = new HashMap<>(settings.clientProperties());
                configs.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
                configs.put(AdminClientConfig.CLIENT_ID_CONFIG, "vellum-eviction-" + settings.nodeId());
                evictions = Admin.create(configs);
            }
            admin = evictions;
        }
        RemoveMembersFromConsumerGroupOptions options =
                new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(nodeId)));
        options.reason("evicted by node " + settings.nodeId() + ": " + reason);
        options.timeoutMs((int) Math.min(EVICTION_TIMEOUT.toMillis(), settings.kafkaTimeout().toMillis()));
        try {
            admin.removeMembersFromConsumerGroup(GROUP, options).all().get();
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownMemberIdException) {
                LOG.info("Writer election: node {} is no member of the group (left or removed already)", nodeId);
            } else {
                LOG.warn("Writer election: node {} could not be removed from the group: {}", nodeId,
                        cause == null ? e.toString() : cause.toString());
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (KafkaException e) {
            LOG.warn("Writer election: node {} could not be removed from the group: {}", nodeId, e.toString());
            return false;
        }
    }

    /** Whether another process joined under this node's id and took its membership (this election stopped). */
    public boolean fenced() {
        return fenced;
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
        stop();
    }

    /**
     * Stops heartbeating WITHOUT leaving the group, as a process that died would (tests of eviction and of a
     * restart under the same id): the group keeps the member, and its partitions, until its session expires or it
     * is evicted. Only with static membership does the member stay.
     */
    void abandon() {
        remainInGroup = true;
        stop();
    }

    private synchronized void stop() {
        if (!running) {
            return; // stopped already
        }
        running = false;
        try {
            consumer.wakeup();
        } catch (IllegalStateException e) {
            // the election thread closed the consumer already (it stopped on an error)
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assigned.clear();
        if (evictions != null) {
            evictions.close(Duration.ofSeconds(5));
            evictions = null;
        }
    }
}
