package io.vellum.cluster.internal;

import io.vellum.engine.journal.JournalPosition;
import io.vellum.engine.internal.commit.BlockLog;
import io.vellum.engine.internal.commit.BlockLog.CommitLinger;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated ledger writer's block log, pipelined: the committer seals rounds and {@linkplain #submit submits}
 * them; a sender thread of this log puts every round waiting at that moment into one Kafka transaction on the
 * ledger's topic (one record per block, {@code acks=all}) and commits it; the committer then forces each round to
 * the local journal in order, only after Kafka committed it, so a node's journal never holds a block the topic does
 * not.
 *
 * <p>Any failure to get a transaction acknowledged — fenced by a newer writer ({@code ProducerFencedException},
 * {@code InvalidProducerEpochException}), a send that failed, a commit that timed out — fails its rounds and every
 * round submitted after them (none of which is ever sent), aborts the transaction where possible and closes the
 * producer; the committer, when it awaits the first failed round, steps this node down for good with UNAVAILABLE
 * (retryable: the client retries against the writer there is then). A commit whose outcome Kafka left unknown is
 * settled by reading the topic (the follower path applies it if it was committed).
 */
public final class KafkaBlockLog implements BlockLog.Pipelined, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBlockLog.class);

    private final LedgerTopic topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final BlockLog local;
    private final String nodeId;
    private final int epoch;
    private final int depth;
    private final Consumer<String> stepDown;
    private final CommitMetrics metrics;
    private final RedactedFormRecords redactedForms;
    private final CommitLinger linger;
    private final LinkedBlockingQueue<PendingRound> pending = new LinkedBlockingQueue<>();
    private final Thread sender;
    /** Why the sender stopped (a failed transaction or close); no round is queued after it is set. Under this. */
    private Throwable stopped;
    /** Whether this log stepped the ledger down already (committer thread only). */
    private boolean deposed;

    /**
     * @param producer a transactional producer on which {@code initTransactions} has run; owned by this log from now
     * @param local    the ledger's local journal, forced after Kafka acknowledged
     * @param depth    how many sealed rounds may wait for Kafka at a time (1: the committer seals the next round only
     *                 after the previous one was acknowledged)
     * @param stepDown makes the ledger a follower, given the reason; called on the committer thread before a failed
     *                 round throws
     * @param redactedForms the records a redaction block's transaction adds (the redacted forms it supersedes)
     */
    public KafkaBlockLog(LedgerTopic topic, KafkaProducer<byte[], byte[]> producer, BlockLog local, String nodeId,
                         int epoch, int depth, Consumer<String> stepDown, CommitMetrics metrics,
                         RedactedFormRecords redactedForms) {
        this(topic, producer, local, nodeId, epoch, depth, stepDown, metrics, redactedForms, CommitLinger.OFF);
    }

    /**
     * As above, with the committer's {@linkplain BlockLog.CommitLinger linger} before it seals a round (docs/CLUSTER.md,
     * "Committer linger"): it changes only when rounds are sealed, never what this log does with them.
     */
    public KafkaBlockLog(LedgerTopic topic, KafkaProducer<byte[], byte[]> producer, BlockLog local, String nodeId,
                         int epoch, int depth, Consumer<String> stepDown, CommitMetrics metrics,
                         RedactedFormRecords redactedForms, CommitLinger linger) {
        this.linger = linger;
        this.topic = topic;
        this.producer = producer;
        this.local = local;
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.depth = Math.max(1, depth);
        this.stepDown = stepDown;
        this.metrics = metrics;
        this.redactedForms = redactedForms;
        this.sender = new Thread(this::sendRounds, "vellum-kafka-commit-" + topic.ledger());
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public CommitLinger linger() {
        return linger;
    }

    @Override
    public void lingered(long nanos, int requests) {
        metrics.linger.record(nanos);
    }

    @Override
    public Round submit(List<JournalBlock> blocks, List<byte[]> payloads) {
        if (deposed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": node " + nodeId
                    + " is no longer its writer");
        }
        PendingRound round = new PendingRound(blocks, payloads, System.nanoTime());
        synchronized (this) {
            if (stopped != null) {
                round.replicated.completeExceptionally(stopped);
            } else {
                pending.add(round);
            }
        }
        return round;
    }

    @Override
    public List<JournalPosition> appendLocally(List<JournalBlock> blocks, List<byte[]> payloads) {
        long start = System.nanoTime();
        List<JournalPosition> positions = local.append(blocks, payloads);
        metrics.localForce.since(start);
        return positions;
    }

    /** The sender thread: one Kafka transaction for all rounds waiting, in order, until a failure or close. */
    private void sendRounds() {
        List<PendingRound> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                stop(new LedgerException(ErrorCode.UNAVAILABLE, "the block log is closed"), batch);
                return;
            }
            pending.drainTo(batch);
            try {
                sendTransaction(batch);
            } catch (ExecutionException e) {
                stopAfterFailure(e.getCause(), batch);
                return;
            } catch (InterruptedException e) {
                stopAfterFailure(e, batch);
                return;
            } catch (RuntimeException e) {
                stopAfterFailure(e, batch);
                return;
            }
            batch.forEach(round -> round.replicated.complete(null));
        }
    }

    private void sendTransaction(List<PendingRound> batch) throws ExecutionException, InterruptedException {
        long start = System.nanoTime();
        int blocks = 0;
        for (PendingRound round : batch) {
            metrics.queued.record(start - round.submittedNanos);
            blocks += round.blocks.size();
        }
        metrics.roundsPerTransaction.record(batch.size());
        metrics.blocksPerTransaction.record(blocks);
        producer.beginTransaction();
        List<Future<RecordMetadata>> sent = new ArrayList<>(blocks);
        for (PendingRound round : batch) {
            for (int i = 0; i < round.blocks.size(); i++) {
                JournalBlock block = round.blocks.get(i);
                sent.add(producer.send(BlockRecords.record(topic, block.blockAddress().sequenceNo(),
                        block.blockTimestamp().getMillis(), round.payloads.get(i), nodeId, epoch)));
                for (ProducerRecord<byte[], byte[]> form : redactedForms.of(block, epoch)) {
                    sent.add(producer.send(form)); // a redaction: compaction drops the originals it supersedes
                }
            }
        }
        long committing = System.nanoTime();
        metrics.send.record(committing - start);
        producer.commitTransaction();
        for (Future<RecordMetadata> future : sent) {
            future.get(); // done once the commit returned; a failed send throws here
        }
        metrics.commit.since(committing);
    }

    private void stopAfterFailure(Throwable cause, List<PendingRound> batch) {
        boolean fenced = fenced(cause);
        if (!fenced) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        stop(cause, batch);
    }

    /** Fails {@code batch} and every round queued after it; no round is queued from now on. */
    private void stop(Throwable cause, List<PendingRound> batch) {
        List<PendingRound> failed = new ArrayList<>(batch);
        synchronized (this) {
            stopped = cause;
            pending.drainTo(failed);
        }
        failed.forEach(round -> round.replicated.completeExceptionally(cause));
    }

    private static boolean fenced(Throwable cause) {
        return cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException;
    }

    /** Stops the sender thread; rounds still queued fail (the committer drains its rounds before a ledger closes). */
    @Override
    public void close() {
        sender.interrupt();
    }

    private LedgerException stepDown(long first, long last, Throwable cause) {
        boolean fenced = fenced(cause);
        String why = fenced ? "a newer writer took over the ledger"
                : "Kafka did not acknowledge the commit (" + cause.getClass().getSimpleName() + ")";
        if (!deposed) {
            deposed = true;
            LOG.warn("Ledger {}: blocks {}..{} not acknowledged, node {} (epoch {}) steps down as writer: {}: {}",
                    topic.ledger(), first, last, nodeId, epoch, why, cause.toString());
            stepDown.accept("ledger " + topic.ledger() + " is replicated from another writer; this node (" + nodeId
                    + ") is a follower since " + why);
        }
        return new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": the commit was not "
                + "acknowledged (block " + first + (last == first ? "" : ".." + last) + ") because " + why
                + "; this node is no longer the writer, retry the transaction", cause);
    }

    /** A round between submission and acknowledgement. */
    private final class PendingRound implements Round {
        private final List<JournalBlock> blocks;
        private final List<byte[]> payloads;
        private final long submittedNanos;
        private final CompletableFuture<Void> replicated = new CompletableFuture<>();

        private PendingRound(List<JournalBlock> blocks, List<byte[]> payloads, long submittedNanos) {
            this.blocks = blocks;
            this.payloads = payloads;
            this.submittedNanos = submittedNanos;
        }

        @Override
        public void awaitReplicated() {
            long start = System.nanoTime();
            try {
                replicated.get();
            } catch (ExecutionException e) {
                throw stepDown(first(), last(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw stepDown(first(), last(), e);
            } finally {
                metrics.awaited.since(start);
            }
        }

        @Override
        public boolean isSettled() {
            return replicated.isDone();
        }

        @Override
        public void whenSettled(Runnable action) {
            replicated.whenComplete((ignored, failure) -> action.run());
        }

        private long first() {
            return blocks.get(0).blockAddress().sequenceNo();
        }

        private long last() {
            return blocks.get(blocks.size() - 1).blockAddress().sequenceNo();
        }
    }
}
