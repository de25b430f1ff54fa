package io.vellum.kafka.internal;

import io.vellum.engine.BlockFollower;
import io.vellum.engine.Ledger;
import io.vellum.kafka.ControlRecordType;
import io.vellum.kafka.LedgerSource;
import io.vellum.kafka.StreamDefinition;
import io.vellum.kafka.StreamErrorCause;
import io.vellum.kafka.StreamRecord;
import io.vellum.kafka.StreamRecords;
import io.vellum.kafka.StreamRequest;
import io.vellum.kafka.StreamSettings;
import io.vellum.kafka.StreamStatistics;
import io.vellum.kafka.StreamStatus;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running stream: follows its ledger from its durable position and produces the stream records of every block
 * in its time range to its Kafka topic, at least once.
 *
 * <p>Order of events: CONTROL CREATED (once per stream, before any block); then, per block from the first one whose
 * {@code blockTimestamp} is at or after the start time, its BLOCK_SUMMARY and REVISION_DETAILS; for a bounded
 * stream, CONTROL COMPLETED once every block before the end time is acknowledged.
 *
 * <p>Durability and delivery: the position ({@link StreamState#nextSequenceNo()}) is written to the stream's file
 * only after Kafka acknowledged every record of every block before it (idempotent producer, {@code acks=all}), so
 * after a crash or restart delivery resumes at a block whose records may already be in Kafka (duplicates, same keys)
 * but never after a block that is not. A delivery attempt that fails (the producer gave up on a record, the ledger
 * went away) ends; the stream turns IMPAIRED, waits (backoff) and starts a new attempt from the position with a new
 * producer: nothing is skipped. While Kafka is merely slow or away, the producer retries by itself, and the stream
 * turns IMPAIRED when no acknowledgement came for {@link StreamSettings#impairedAfter()} and ACTIVE again at the
 * next one. Unrecoverable errors (see {@link DeliveryFailure#of}) turn it FAILED.
 *
 * <p>Threads: a supervisor thread of its own (attempts, checkpoints, status), the ledger's follower thread (turns
 * blocks into records and hands them to the producer) and the producer's I/O thread (acknowledgements). The
 * supervisor is never interrupted, so that a checkpoint write cannot be cut short. Public methods are thread-safe.
 */
public final class JournalStream {
    private static final Logger LOG = LoggerFactory.getLogger(JournalStream.class);
    /** How often the supervisor checkpoints and checks health while blocks flow. */
    private static final long SUPERVISION_INTERVAL_MILLIS = 100;
    /** Longer than the follower's close (5 s) plus a producer close, so close normally returns only when done. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(15);

    private enum Outcome { STOPPED, END_REACHED }

    private final DurableStreamState state;
    private final LedgerSource ledgers;
    private final StreamSettings settings;
    private final StreamRecords records;
    private final StreamMessages messages;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final Thread thread;
    private volatile boolean stopRequested;
    private final Object pause = new Object();
    /** Acknowledgements counted by the current attempt's tracker when it turned IMPAIRED; -1 otherwise. */
    private long acknowledgementsWhenImpaired = -1;

    public JournalStream(StreamState initial, StreamStore store, LedgerSource ledgers, StreamSettings settings) {
        this.state = new DurableStreamState(initial, store);
        this.ledgers = ledgers;
        this.settings = settings;
        this.records = new StreamRecords(initial.definition().arn());
        this.messages = new StreamMessages(initial.definition());
        this.thread = new Thread(this::run, "vellum-stream-" + initial.definition().streamId());
        thread.setDaemon(true);
    }

    /**
     * The first block whose {@code blockTimestamp} is at or after {@code time}, or the next block to be committed
     * when there is none yet. A binary search: block timestamps come from the committer's clock when blocks are
     * sealed in sequence order, so they do not decrease along the journal (a clock stepped back by hand would make
     * the boundary approximate; the follower still skips earlier-stamped blocks it meets).
     */
    public static long firstBlockAtOrAfter(Ledger ledger, Instant time) {
        BlockAddress tip = ledger.digest().tipAddress();
        long low = 0;
        long high = tip.sequenceNo() + 1;
        while (low < high) {
            long middle = (low + high) >>> 1;
            JournalBlock block = ledger.readBlock(new BlockAddress(tip.strandId(), middle));
            if (Instant.ofEpochMilli(block.blockTimestamp().getMillis()).isBefore(time)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Starts delivering on the stream's own thread, unless the stream is terminal. */
    public void start() {
        if (!state.definition().status().isTerminal()) {
            thread.start();
        }
    }

    public StreamState state() {
        return state.get();
    }

    /** Whether this object delivers now: {@link #start}ed and its thread not ended. */
    public boolean running() {
        return thread.isAlive();
    }

    /** Whether {@link #start} ran its thread once already (a stream object delivers at most once; then a new one). */
    public boolean started() {
        return thread.getState() != Thread.State.NEW;
    }

    public StreamDefinition definition() {
        return state.definition();
    }

    public StreamStatistics statistics() {
        return new StreamStatistics(state.get().nextSequenceNo(), counters.recordsSent.get(),
                counters.recordsAcknowledged.get(), counters.blocksAcknowledged.get(), counters.deliveryAttempts.get(),
                counters.lag.percentile(50), counters.lag.percentile(99), counters.lag.percentile(100));
    }

    /**
     * Cancels the stream: CANCELED is written to its file first (so no restart resumes it), then delivery stops.
     * Returns when the stream's thread has ended.
     *
     * @throws StreamNotActiveException when the stream is already COMPLETED, CANCELED or FAILED
     */
    public StreamDefinition cancel() {
        state.cancel();
        stop();
        return state.definition();
    }

    /**
     * Stops delivering without changing the status, so that a new manager resumes the stream. Records in flight get
     * up to {@link StreamSettings#closeTimeout()} to be acknowledged and the position is written once more; returns
     * when the stream's thread has ended.
     */
    public void close() {
        stop();
    }

    /** Asks the stream to stop and returns at once; {@link #close} then waits (stopping many streams in parallel). */
    public void requestStop() {
        stopRequested = true;
        synchronized (pause) {
            pause.notifyAll();
        }
    }

    private void stop() {
        requestStop();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(settings.closeTimeout().plus(STOP_MARGIN).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Stream {} did not stop within {}", state.definition().streamId(),
                        settings.closeTimeout().plus(STOP_MARGIN));
            }
        }
    }

    private void run() {
        Duration delay = settings.initialRetryDelay();
        while (!stopRequested) {
            counters.deliveryAttempts.incrementAndGet();
            long acknowledgedBefore = counters.recordsAcknowledged.get();
            DeliveryFailure failure;
            try {
                deliver();
                return;
            } catch (DeliveryFailure e) {
                failure = e;
            } catch (RuntimeException | Error e) {
                failure = DeliveryFailure.of(e);
                LOG.error("Stream {}: unexpected error, retrying", state.definition().streamId(), e);
            }
            if (stopRequested) {
                return;
            }
            if (!failure.recoverable()) {
                state.fail(failure.errorCause(), failure.getMessage());
                return;
            }
            state.impair(failure.errorCause(), failure.getMessage());
            if (counters.recordsAcknowledged.get() > acknowledgedBefore) {
                delay = settings.initialRetryDelay();
            }
            pause(delay);
            delay = delay.multipliedBy(2).compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay()
                    : delay.multipliedBy(2);
        }
    }

    /** One delivery attempt with one producer; returns when completed or stopped, throws when it fails. */
    private void deliver() throws DeliveryFailure {
        StreamDefinition definition = state.definition();
        Ledger ledger = ledgers.find(definition.ledgerName()).orElseThrow(() -> new DeliveryFailure(true,
                StreamErrorCause.LEDGER_UNAVAILABLE, "ledger " + definition.ledgerName() + " is not open", null));
        StreamRequest request = definition.request();
        Producer<byte[], byte[]> producer;
        try {
            producer = KafkaProducers.create(request.target(), "vellum-stream-" + definition.streamId());
        } catch (KafkaException e) {
            throw DeliveryFailure.of(e);
        }
        AcknowledgementTracker tracker = null;
        boolean graceful = false;
        try {
            probe(producer, request.target().topic());
            state.activate();
            acknowledgementsWhenImpaired = -1;
            if (!state.get().createdAcknowledged()) {
                if (!awaitAcknowledged(send(producer, records.control(ControlRecordType.CREATED)), producer)) {
                    graceful = true;
                    return;
                }
                state.markCreatedAcknowledged();
            }
            tracker = new AcknowledgementTracker(state.get().nextSequenceNo(), settings.clock(),
                    settings.maxPendingBlocks(), counters);
            Outcome outcome = follow(ledger, producer, tracker);
            if (outcome == Outcome.STOPPED || !awaitAllAcknowledged(tracker, producer)) {
                graceful = true;
                return;
            }
            state.checkpoint(tracker.position());
            if (!awaitAcknowledged(send(producer, records.control(ControlRecordType.COMPLETED)), producer)) {
                graceful = true;
                return;
            }
            state.complete();
            graceful = true;
        } finally {
            closeProducer(producer, graceful ? settings.closeTimeout() : Duration.ZERO);
            if (tracker != null) {
                checkpointQuietly(tracker.position());
            }
        }
    }

    /** Fetches the topic's partitions: proves the cluster answers and the topic exists (or was auto-created). */
    private static void probe(Producer<byte[], byte[]> producer, String topic) throws DeliveryFailure {
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            throw classify(e, producer);
        }
    }

    /**
     * {@link DeliveryFailure#of}, except that the producer reports "topic not present in metadata" both for a
     * missing topic and for a cluster it cannot reach: only its open connections tell them apart.
     */
    private static DeliveryFailure classify(Throwable error, Producer<byte[], byte[]> producer) {
        DeliveryFailure failure = DeliveryFailure.of(error);
        if (failure.errorCause() == StreamErrorCause.KAFKA_TOPIC_NOT_FOUND && openConnections(producer) == 0) {
            return new DeliveryFailure(true, StreamErrorCause.KAFKA_UNAVAILABLE, "Kafka unreachable: "
                    + failure.getCause().getMessage(), failure.getCause());
        }
        return failure;
    }

    private static double openConnections(Producer<byte[], byte[]> producer) {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            if (metric.getKey().name().equals("connection-count")
                    && metric.getKey().group().equals("producer-metrics")
                    && metric.getValue().metricValue() instanceof Number count) {
                return count.doubleValue();
            }
        }
        return 0;
    }

    /** Hands blocks over from the follower thread and supervises until stopped, failed or past the end. */
    private Outcome follow(Ledger ledger, Producer<byte[], byte[]> producer, AcknowledgementTracker tracker)
            throws DeliveryFailure {
        StreamRequest request = state.definition().request();
        BlockFollower follower = ledger.follow(tracker.position(),
                new BlockHandOver(request, records, messages, producer, tracker));
        try {
            while (true) {
                tracker.awaitChange(SUPERVISION_INTERVAL_MILLIS);
                if (stopRequested) {
                    return Outcome.STOPPED;
                }
                checkFailures(tracker, producer);
                if (follower.failure() != null) {
                    throw DeliveryFailure.of(follower.failure());
                }
                if (ledgers.find(state.definition().ledgerName()).orElse(null) != ledger) {
                    throw new DeliveryFailure(true, StreamErrorCause.LEDGER_UNAVAILABLE, "ledger "
                            + state.definition().ledgerName() + " was closed or replaced", null);
                }
                state.checkpoint(tracker.position());
                watchHealth(tracker);
                if (tracker.endReached() || endTimePassed(ledger, follower, request)) {
                    return Outcome.END_REACHED;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.STOPPED;
        } finally {
            // Close the follower first: its interrupt wakes a hand-over parked or blocked in send.
            follower.close();
            tracker.closeIntake();
        }
    }

    /**
     * Whether a bounded stream's end time is behind us by the grace period and the follower has delivered every
     * block committed so far: no block stamped before the end can still appear.
     */
    private boolean endTimePassed(Ledger ledger, BlockFollower follower, StreamRequest request)
            throws InterruptedException {
        Instant end = request.exclusiveEndTime();
        // awaitCommitted with no wait only reads the committed sequence number (no storage access).
        return end != null && !settings.clock().instant().isBefore(end.plus(settings.endTimeGrace()))
                && !ledger.awaitCommitted(follower.nextSequenceNo(), 0);
    }

    /** Waits until every block handed over is acknowledged; false when stopped first. */
    private boolean awaitAllAcknowledged(AcknowledgementTracker tracker, Producer<byte[], byte[]> producer)
            throws DeliveryFailure {
        try {
            while (!tracker.allAcknowledged()) {
                tracker.awaitChange(SUPERVISION_INTERVAL_MILLIS);
                if (stopRequested) {
                    return false;
                }
                checkFailures(tracker, producer);
                state.checkpoint(tracker.position());
                watchHealth(tracker);
            }
            checkFailures(tracker, producer);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void checkFailures(AcknowledgementTracker tracker, Producer<byte[], byte[]> producer)
            throws DeliveryFailure {
        Throwable failure = tracker.failure();
        if (failure != null) {
            throw classify(failure, producer);
        }
    }

    /** IMPAIRED when acknowledgements stall; ACTIVE again once one arrives. */
    private void watchHealth(AcknowledgementTracker tracker) {
        long stalledMillis = tracker.stalledMillis();
        if (stalledMillis >= settings.impairedAfter().toMillis()) {
            if (state.definition().status() != StreamStatus.IMPAIRED) {
                acknowledgementsWhenImpaired = tracker.acknowledgements();
                state.impair(StreamErrorCause.KAFKA_UNAVAILABLE, "no acknowledgement from Kafka for " + stalledMillis
                        + " ms; " + tracker.pendingBlocks() + " blocks waiting from block " + tracker.position());
            }
        } else if (acknowledgementsWhenImpaired >= 0 && tracker.acknowledgements() > acknowledgementsWhenImpaired) {
            acknowledgementsWhenImpaired = -1;
            state.activate();
        }
    }

    /** Sends a CONTROL record; a synchronous producer error is a delivery failure. */
    private Future<RecordMetadata> send(Producer<byte[], byte[]> producer, StreamRecord record)
            throws DeliveryFailure {
        try {
            counters.recordsSent(1);
            return producer.send(messages.of(record));
        } catch (KafkaException e) {
            throw classify(e, producer);
        }
    }

    /** Waits for a CONTROL record's acknowledgement; false when stopped first. */
    private boolean awaitAcknowledged(Future<RecordMetadata> acknowledgement, Producer<byte[], byte[]> producer)
            throws DeliveryFailure {
        long started = settings.clock().millis();
        while (true) {
            if (stopRequested) {
                return false;
            }
            try {
                acknowledgement.get(SUPERVISION_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                counters.recordAcknowledged();
                state.activate();
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                long waited = settings.clock().millis() - started;
                if (waited >= settings.impairedAfter().toMillis()
                        && state.definition().status() != StreamStatus.IMPAIRED) {
                    state.impair(StreamErrorCause.KAFKA_UNAVAILABLE, "no acknowledgement from Kafka for " + waited
                            + " ms of a CONTROL record");
                }
            } catch (ExecutionException e) {
                throw classify(e.getCause(), producer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void closeProducer(Producer<byte[], byte[]> producer, Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.warn("Stream {}: closing the producer failed: {}", state.definition().streamId(), e.toString());
        }
    }

    private void checkpointQuietly(long position) {
        try {
            state.checkpoint(position);
        } catch (RuntimeException e) {
            LOG.error("Stream {}: cannot write its position {} (delivery resumes from the last written one): {}",
                    state.definition().streamId(), position, e.toString());
        }
    }

    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (pause) {
            while (!stopRequested) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(pause, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
