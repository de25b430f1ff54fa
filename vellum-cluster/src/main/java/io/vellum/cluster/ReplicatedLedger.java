package io.vellum.cluster;

import io.vellum.cluster.ReplicationStatus.State;
import io.vellum.cluster.internal.BlockRecords;
import io.vellum.cluster.internal.CommitMetrics;
import io.vellum.cluster.internal.KafkaBlockLog;
import io.vellum.cluster.internal.KafkaClients;
import io.vellum.cluster.internal.LedgerTopic;
import io.vellum.cluster.internal.RedactedFormRecords;
import io.vellum.cluster.internal.TopicReader;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.commit.BlockLog;
import io.vellum.engine.internal.commit.LedgerReplica;
import io.vellum.engine.internal.commit.LedgerReplica.Role;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ledger of a cluster node: its local copy ({@link Ledger}, in a directory of its own) kept a prefix of the
 * ledger's Kafka topic, as the ledger's single writer or as a follower.
 *
 * <ul>
 *   <li><b>Follower</b> ({@link #openFollower}): a {@code read_committed} consumer applies every block of the topic
 *       through the engine's verifying follower path; write transactions fail with a retryable UNAVAILABLE, reads
 *       work. A block that does not verify stops this ledger's replication on this node (state FAILED, an ERROR
 *       log naming ledger and block), and nothing of it is applied.</li>
 *   <li><b>Writer</b> ({@link #openWriter}, or {@link #startWriter} on a follower): {@code initTransactions} on the
 *       ledger's transactional id fences any previous writer; then the topic is read to its end and every block
 *       applied, so the first commit chains to the last acknowledged block; only then are commits accepted. Each
 *       commit round is one Kafka transaction, acknowledged to clients only after Kafka ({@code acks=all}) and then
 *       the local journal have it. A writer that Kafka fences or fails steps down for good and follows.</li>
 * </ul>
 *
 * <p>A node with an empty directory adopts the topic's block 0 (a follower needs it to exist; a writer of a ledger
 * new to the cluster creates block 0 and publishes it). Thread-safe.
 */
public final class ReplicatedLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedLedger.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * How many sealed commit rounds may wait for Kafka at a time (system property {@code vellum.cluster.pipelineDepth},
     * read when a writer term starts). Default 1: each round is acknowledged before the next is sealed, because on
     * the 2-core test machine, where the CPU and not Kafka's latency is the limit, sealing ahead made smaller Kafka
     * transactions and was not faster (docs/CLUSTER.md); a deeper pipeline is for brokers across a network.
     */
    private static int pipelineDepth() {
        return Integer.getInteger("vellum.cluster.pipelineDepth", 1);
    }

    /**
     * How long a writer's committer may wait for more transactions before sealing a round, in milliseconds (system
     * property {@code vellum.cluster.commitLingerMs}, read when a writer term starts; default 0: off). It waits only
     * while no round is in flight and when the recent arrival rate says the wait gathers at least 2 more
     * transactions (docs/CLUSTER.md, "Committer linger"); single-node mode has no such wait.
     */
    static BlockLog.CommitLinger commitLinger() {
        String millis = System.getProperty("vellum.cluster.commitLingerMs", "0");
        try {
            return BlockLog.CommitLinger.ofMillis(Double.parseDouble(millis.trim()));
        } catch (IllegalArgumentException e) {
            LOG.warn("vellum.cluster.commitLingerMs must be a number of milliseconds from 0 to 60000, got '{}': the "
                    + "committer does not linger", millis);
            return BlockLog.CommitLinger.OFF;
        }
    }

    private final LedgerTopic topic;
    private final ClusterSettings settings;
    private final KafkaClients clients;
    private final Admin admin;
    private final Ledger ledger;
    private final LedgerReplica replica;
    private volatile State state = State.FOLLOWING;
    private volatile String failure;
    private volatile String writerNode;
    private volatile int writerEpoch = -1;
    private volatile TopicReader followerReader;
    private Thread followerThread;
    private volatile boolean following;
    private volatile boolean closed;
    /** The producer of this node's latest writer term (owned by its block log, closed here at the latest). */
    private KafkaProducer<byte[], byte[]> writerProducer;
    /** The block log of this node's latest writer term (its sender thread is stopped at close at the latest). */
    private KafkaBlockLog writerLog;
    private final CommitMetrics commitMetrics = new CommitMetrics();

    private ReplicatedLedger(LedgerTopic topic, ClusterSettings settings, KafkaClients clients, Admin admin,
                             Ledger ledger) {
        this.topic = topic;
        this.settings = settings;
        this.clients = clients;
        this.admin = admin;
        this.ledger = ledger;
        this.replica = ledger.replica();
    }

    /**
     * Opens ledger {@code name} in {@code directory} as a follower and starts replicating it from its topic.
     *
     * @throws LedgerException NOT_FOUND when the directory is empty and the topic has no block yet (the ledger's
     *                         first writer creates it); UNAVAILABLE when Kafka does not answer; VERIFICATION_FAILED
     *                         when the topic's block 0 does not verify
     */
    public static ReplicatedLedger openFollower(String name, Path directory, LedgerOptions options,
                                                ClusterSettings settings) {
        ReplicatedLedger opened = open(name, directory, options, settings, false);
        synchronized (opened) {
            opened.startFollowing();
        }
        return opened;
    }

    /**
     * Opens ledger {@code name} in {@code directory} (creating the ledger when neither the directory nor the topic
     * holds a block) and makes this node its writer ({@link #startWriter}).
     */
    public static ReplicatedLedger openWriter(String name, Path directory, LedgerOptions options,
                                              ClusterSettings settings) {
        ReplicatedLedger opened = open(name, directory, options, settings, true);
        try {
            opened.startWriter();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /**
     * Creates ledger {@code name}, new to the cluster, as its first writer: {@link #openWriter} on an empty
     * {@code directory} whose block 0 must become the topic's block 0. Of several nodes creating the same name at the
     * same time exactly one succeeds: a node that finds a block 0 in the topic (before it starts, or because another
     * creator's block 0 got in first and its own diverges, or because the other creator fenced it) fails.
     *
     * @throws LedgerException ALREADY_EXISTS when the topic holds a block 0 of another creation; UNAVAILABLE when
     *                         Kafka does not answer (the creation may be retried)
     */
    public static ReplicatedLedger createWriter(String name, Path directory, LedgerOptions options,
                                                ClusterSettings settings) {
        return finishCreation(prepareCreation(name, directory, options, settings));
    }

    /**
     * {@link #createWriter}'s first half: creates the local block 0 when the topic holds none yet (else
     * ALREADY_EXISTS). Separate so that a test can let two creations pass it before either finishes.
     */
    static ReplicatedLedger prepareCreation(String name, Path directory, LedgerOptions options,
                                            ClusterSettings settings) {
        return open(name, directory, options, settings, true, true);
    }

    /**
     * {@link #createWriter}'s second half: starts {@code opened} as the writer, whose block 0 must become the
     * topic's. Losing to a creation through another node at the same time is expected, not damage: it is logged
     * at INFO (the other creation's block 0 is the topic's, this node's local attempt is discarded by its caller)
     * and answered ALREADY_EXISTS. Only a failure that the race does not explain logs ERROR, as {@link #startWriter}
     * does.
     */
    static ReplicatedLedger finishCreation(ReplicatedLedger opened) {
        try {
            opened.startWriter(true);
        } catch (RuntimeException e) {
            opened.close();
            String name = opened.name();
            if (e instanceof LedgerException && hasBlockZero(name, opened.settings)) {
                LOG.info("Ledger {}: created through another node of the cluster at the same time, whose block 0 "
                        + "got into topic {} first; this node ({}) gave up its own creation (answered "
                        + "ResourceAlreadyExists, nothing to repair): {}", name, opened.topic.name(),
                        opened.settings.nodeId(), e.getMessage());
                throw new LedgerException(ErrorCode.ALREADY_EXISTS, "Ledger " + name + " already exists: it was "
                        + "created through another node of the cluster at the same time", e);
            }
            if (opened.state == State.FAILED) {
                opened.logStopped();
            }
            throw e;
        }
        return opened;
    }

    /**
     * Deletes the Kafka topic of ledger {@code name}, which was deleted from the cluster (its blocks go with it, so
     * that the name can be created again from nothing). Nothing when there is no such topic.
     *
     * @throws LedgerException UNAVAILABLE when Kafka does not answer in time or refuses
     */
    public static void deleteTopic(String name, ClusterSettings settings) {
        KafkaClients clients = new KafkaClients(settings.bootstrapServers(), settings.clientProperties());
        Admin admin = clients.admin();
        try {
            new LedgerTopic(name).delete(admin, settings.kafkaTimeout());
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** Whether the topic of ledger {@code name} holds a committed block 0 (an open first transaction is awaited). */
    private static boolean hasBlockZero(String name, ClusterSettings settings) {
        LedgerTopic topic = new LedgerTopic(name);
        KafkaClients clients = new KafkaClients(settings.bootstrapServers(), settings.clientProperties());
        Admin admin = clients.admin();
        try {
            return firstBlock(topic, clients, admin, settings.kafkaTimeout()) != null;
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static ReplicatedLedger open(String name, Path directory, LedgerOptions options,
                                         ClusterSettings settings, boolean mayCreate) {
        return open(name, directory, options, settings, mayCreate, false);
    }

    private static ReplicatedLedger open(String name, Path directory, LedgerOptions options,
                                         ClusterSettings settings, boolean mayCreate, boolean mustCreate) {
        LedgerTopic topic = new LedgerTopic(name);
        KafkaClients clients = new KafkaClients(settings.bootstrapServers(), settings.clientProperties());
        Admin admin = clients.admin();
        try {
            topic.ensureExists(admin, settings.kafkaTimeout());
            if (LedgerReplica.isEmpty(directory)) {
                byte[] genesis = firstBlock(topic, clients, admin, settings.kafkaTimeout());
                if (genesis != null && mustCreate) {
                    throw new LedgerException(ErrorCode.ALREADY_EXISTS, "Ledger " + name + " already exists: its "
                            + "topic " + topic.name() + " holds a block 0 (created through another node)");
                }
                if (genesis != null) {
                    LedgerReplica.seedGenesis(directory, genesis, options);
                    LOG.info("Ledger {}: empty local copy seeded with block 0 from topic {}", name, topic.name());
                } else if (!mayCreate) {
                    throw new LedgerException(ErrorCode.NOT_FOUND, "ledger " + name + " has no block in topic "
                            + topic.name() + " yet; its first writer creates it");
                }
            }
            Ledger ledger = Ledger.open(directory, options);
            ledger.replica().becomeFollower(followerReason(name, null, settings.nodeId()));
            return new ReplicatedLedger(topic, settings, clients, admin, ledger);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * The topic's block 0 (its first committed record), or null when the topic holds no committed block. A
     * transaction still open at the topic's start (the first writer's, whose commit markers Kafka writes after
     * {@code commitTransaction} returned) is waited for, up to {@code timeout}: until it settles the committed end
     * is 0 and the topic would look empty.
     */
    private static byte[] firstBlock(LedgerTopic topic, KafkaClients clients, Admin admin, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.committedReader()) {
            consumer.assign(Set.of(topic.partition()));
            consumer.seekToBeginning(Set.of(topic.partition()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long end = consumer.endOffsets(Set.of(topic.partition()), timeout).get(topic.partition());
            while (end == 0 && uncommittedEnd(topic, admin, timeout) > 0 && System.nanoTime() < deadline) {
                pauseBriefly();
                end = consumer.endOffsets(Set.of(topic.partition()), timeout).get(topic.partition());
            }
            while (consumer.position(topic.partition(), timeout) < end) {
                List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(POLL).records(topic.partition());
                if (!records.isEmpty()) {
                    return records.get(0).value();
                }
                if (System.nanoTime() > deadline) {
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": block 0 was "
                            + "not read from topic " + topic.name() + " within " + timeout);
                }
            }
            return null;
        }
    }

    /** The topic's end including records of open transactions. */
    private static long uncommittedEnd(LedgerTopic topic, Admin admin, Duration timeout) {
        try {
            return admin.listOffsets(Map.of(topic.partition(), OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).partitionResult(topic.partition())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": the end of topic "
                    + topic.name() + " was not read: Kafka failed (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while reading the end of topic "
                    + topic.name());
        }
    }

    private static void pauseBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String followerReason(String name, String writer, String nodeId) {
        return "ledger " + name + " is replicated from " + (writer == null ? "its writer node" : "writer node "
                + writer) + "; this node (" + nodeId + ") is a follower";
    }

    /** The local copy: reads anywhere; writes only while this node is the writer. */
    public Ledger ledger() {
        return ledger;
    }

    public String name() {
        return topic.ledger();
    }

    /**
     * Makes this node the ledger's writer: fences the previous writer ({@code initTransactions}), reads the topic to
     * its end applying every block, publishes local blocks the topic lacks (a new ledger's block 0, or a single-node
     * ledger joining a cluster; only when the topic is a prefix of the local journal), then accepts commits.
     *
     * @throws LedgerException UNAVAILABLE when Kafka fails or times out (this node stays a follower);
     *                         VERIFICATION_FAILED or CORRUPTION when the topic does not verify or the local journal
     *                         diverges from it (replication stops: state FAILED)
     */
    public void startWriter() {
        startWriter(false);
    }

    /**
     * {@link #startWriter} for a ledger this node brings into the cluster (made on a single node, unknown to the
     * cluster): a local journal that the topic does not prefix stops the replication as there, but is not logged
     * as damage to rebuild from the topic — the topic holds another ledger of the name, and the caller tells the
     * operator what to do instead.
     */
    public void startWriterOfLocalLedger() {
        startWriter(true);
    }

    /**
     * @param callerReports whether the caller logs a divergence from the topic (a creation, which may have lost to
     *                      another creation; a local ledger joining), instead of the ERROR of damage
     */
    private synchronized void startWriter(boolean callerReports) {
        if (closed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + name() + " is closed on this node");
        }
        if (state == State.FAILED) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + name() + ": replication stopped on this "
                    + "node: " + failure);
        }
        if (state == State.WRITING) {
            return;
        }
        long started = System.nanoTime();
        stopFollowing();
        state = State.STARTING_WRITER;
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            producer = clients.transactionalProducer(topic.transactionalId());
            producer.initTransactions();
            long fenced = System.nanoTime();
            int epoch = epoch();
            long epochRead = System.nanoTime();
            long caughtUp;
            try (TopicReader reader = new TopicReader(topic, clients.committedReader(), replica)) {
                long topicLast = reader.readToEnd(settings.kafkaTimeout());
                caughtUp = System.nanoTime();
                publishMissing(producer, topicLast, epoch);
            }
            writerProducer = producer;
            if (writerLog != null) {
                writerLog.close();
            }
            writerLog = new KafkaBlockLog(topic, producer, replica.localLog(), settings.nodeId(), epoch,
                    pipelineDepth(), this::deposed, commitMetrics,
                    new RedactedFormRecords(topic, settings.nodeId(), replica::blockPayload), commitLinger());
            replica.becomeWriter(writerLog);
            writerNode = settings.nodeId();
            writerEpoch = epoch;
            state = State.WRITING;
            // The parts of a failover this node spends: fencing, reading the epoch, catching up with the topic.
            LOG.info("Ledger {}: node {} is the writer (epoch {}) from block {}, after {} ms (initTransactions {} ms,"
                    + " epoch {} ms, catch-up {} ms)", name(), settings.nodeId(), epoch, replica.tipSequenceNo() + 1,
                    (System.nanoTime() - started) / 1_000_000, (fenced - started) / 1_000_000,
                    (epochRead - fenced) / 1_000_000, (caughtUp - epochRead) / 1_000_000);
        } catch (LedgerException e) {
            closeQuietly(producer);
            if (e.code() == ErrorCode.VERIFICATION_FAILED || e.code() == ErrorCode.CORRUPTION) {
                markStopped(e);
                if (!callerReports) {
                    logStopped();
                }
            } else {
                state = State.FOLLOWING;
                startFollowing();
            }
            throw e;
        } catch (KafkaException e) {
            closeQuietly(producer);
            state = State.FOLLOWING;
            startFollowing();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + name() + ": this node could not become "
                    + "the writer: Kafka failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Local blocks after the topic's last one go to the topic in one transaction before any new commit. */
    private void publishMissing(KafkaProducer<byte[], byte[]> producer, long topicLast, int epoch) {
        long tip = replica.tipSequenceNo();
        if (tip <= topicLast) {
            return;
        }
        producer.beginTransaction();
        for (long sequenceNo = topicLast + 1; sequenceNo <= tip; sequenceNo++) {
            byte[] payload = replica.blockPayload(sequenceNo);
            long millis = ledger.readBlock(new BlockAddress(ledger.strandId(), sequenceNo))
                    .blockTimestamp().getMillis();
            producer.send(BlockRecords.record(topic, sequenceNo, millis, payload, settings.nodeId(), epoch));
        }
        producer.commitTransaction();
        LOG.info("Ledger {}: published local blocks {}..{} that topic {} lacked", name(), topicLast + 1, tip,
                topic.name());
    }

    /** This writer's producer epoch, as the transaction coordinator holds it; -1 when Kafka does not say. */
    private int epoch() {
        try {
            return admin.describeTransactions(List.of(topic.transactionalId()))
                    .description(topic.transactionalId())
                    .get(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS).producerEpoch();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Ledger {}: writer epoch unknown: {}", name(), e.toString());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Called by the block log on the committer thread when Kafka fenced or failed this writer. */
    private void deposed(String reason) {
        replica.becomeFollower(reason);
        state = State.FOLLOWING;
        Thread restart = new Thread(() -> {
            synchronized (this) {
                if (!closed && state == State.FOLLOWING && !following) {
                    startFollowing();
                }
            }
        }, "vellum-follow-" + name());
        restart.setDaemon(true);
        restart.start();
    }

    /** Starts the follower thread (caller holds this object's lock). */
    private void startFollowing() {
        // A long-polling consumer for following (an idle follower asks Kafka twice a second, not 20 times), a
        // short-polling one for the positioning search only.
        TopicReader reader = new TopicReader(topic, clients.followingReader(), clients::committedReader, replica);
        followerReader = reader;
        following = true;
        state = State.FOLLOWING;
        followerThread = new Thread(() -> follow(reader), "vellum-replicate-" + name());
        followerThread.setDaemon(true);
        followerThread.start();
    }

    private void follow(TopicReader reader) {
        try {
            while (following) {
                try {
                    reader.pollOnce(POLL);
                    if (reader.writerNode() != null) {
                        writerNode = reader.writerNode();
                        writerEpoch = reader.writerEpoch();
                    }
                } catch (LedgerException e) {
                    if (e.code() == ErrorCode.VERIFICATION_FAILED || e.code() == ErrorCode.CORRUPTION
                            || replica.failure() != null) {
                        stopped(e);
                        return;
                    }
                    if (!following || closed) {
                        return;
                    }
                    LOG.warn("Ledger {}: replication paused: {}", name(), e.getMessage());
                    pause();
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    if (!following || closed) {
                        return;
                    }
                    LOG.warn("Ledger {}: reading topic {} failed, retrying: {}", name(), topic.name(), e.toString());
                    pause();
                }
            }
        } finally {
            reader.close();
        }
    }

    private void stopped(LedgerException cause) {
        markStopped(cause);
        logStopped();
    }

    private void markStopped(LedgerException cause) {
        failure = cause.getMessage();
        state = State.FAILED;
        following = false;
    }

    private void logStopped() {
        // The message names the ledger and the block (TopicReader), or the ledger and why its journal diverged.
        LOG.error("Replication stopped on node {}, the ledger needs an operator: {}", settings.nodeId(), failure);
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the follower thread and waits for it (caller holds this object's lock). */
    private void stopFollowing() {
        following = false;
        TopicReader reader = followerReader;
        if (reader != null) {
            reader.wakeup();
        }
        if (followerThread != null) {
            try {
                followerThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            followerThread = null;
        }
        followerReader = null;
    }

    /**
     * Makes this writer a follower (its election moved the ledger to another node): commits are refused from now
     * on with a retryable UNAVAILABLE naming {@code reason}, a round in flight may still finish or fail, the
     * writer's producer is closed and the topic is followed. Nothing when this node is not the writer.
     */
    public synchronized void stepDown(String reason) {
        if (closed || (state != State.WRITING && state != State.STARTING_WRITER)) {
            return;
        }
        replica.becomeFollower(reason); // waits for the rounds in flight to settle
        if (writerLog != null) {
            writerLog.close(); // its sender thread
            writerLog = null;
        }
        KafkaProducer<byte[], byte[]> producer = writerProducer;
        writerProducer = null;
        closeQuietly(producer);
        if (!following) {
            startFollowing();
        }
        LOG.info("Ledger {}: node {} stepped down as writer: {}", name(), settings.nodeId(), reason);
    }

    /**
     * Where this node's commit rounds as the ledger's writer spent their time, per stage, since it opened (all
     * writer terms): waiting for the Kafka transaction, the transaction's send and commit, the local force, and how
     * many rounds and blocks one Kafka transaction carried. Empty counts on a node that never wrote.
     */
    public List<CommitStageTimings> commitTimings() {
        return commitMetrics.snapshot();
    }

    /** What this node knows about the ledger's replication now. */
    public ReplicationStatus status() {
        Role role = replica.role();
        TopicReader reader = followerReader;
        long lag = role == Role.WRITER ? 0 : reader == null ? -1 : reader.lag();
        return new ReplicationStatus(name(), role, state, replica.committedSequenceNo(), lag, writerNode,
                writerEpoch, failure);
    }

    private static void closeQuietly(KafkaProducer<byte[], byte[]> producer) {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing a producer failed: {}", e.toString());
            }
        }
    }

    /** Stops replicating, finishes queued commits, closes the local copy. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopFollowing();
            if (state != State.FAILED) {
                state = State.STOPPED;
            }
        }
        try {
            ledger.close();
        } finally {
            synchronized (this) {
                if (writerLog != null) {
                    writerLog.close();
                }
            }
            closeQuietly(writerProducer);
            admin.close(Duration.ZERO);
        }
    }
}
