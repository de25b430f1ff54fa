package io.vellum.kafka.internal;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which blocks of one delivery attempt Kafka has acknowledged completely, and so how far the stream's durable
 * position may advance: to the lowest block still waiting for an acknowledgement (acknowledgements of different
 * partitions arrive out of order, and a block counts only when every one of its records is in).
 *
 * <p>Three threads use it: the follower registers blocks in sequence order, the producer's I/O thread reports
 * acknowledgements and failures, the stream's supervisor reads the position and waits for changes. All methods
 * are thread-safe (one monitor).
 */
final class AcknowledgementTracker {
    /** Records of one block still unacknowledged, and when it was handed to the producer. */
    private static final class PendingBlock {
        int remainingRecords;
        final long commitMillis;
        final long sentMillis;

        PendingBlock(int records, long commitMillis, long sentMillis) {
            this.remainingRecords = records;
            this.commitMillis = commitMillis;
            this.sentMillis = sentMillis;
        }
    }

    private final Clock clock;
    private final int maxPendingBlocks;
    private final DeliveryCounters counters;
    private final TreeMap<Long, PendingBlock> pending = new TreeMap<>();
    /** The sequence number after the last block registered or skipped. */
    private long nextSequenceNo;
    private long lastAcknowledgementMillis;
    private long acknowledgements;
    private Throwable failure;
    /** The first block at or after the stream's exclusive end time, once seen; -1 before. */
    private long endSequenceNo = -1;
    /** Set when the attempt ends: the follower hands nothing more over (acknowledgements still count). */
    private boolean intakeClosed;

    AcknowledgementTracker(long startSequenceNo, Clock clock, int maxPendingBlocks, DeliveryCounters counters) {
        this.nextSequenceNo = startSequenceNo;
        this.clock = clock;
        this.maxPendingBlocks = maxPendingBlocks;
        this.counters = counters;
        this.lastAcknowledgementMillis = clock.millis();
    }

    /** Whether the follower should still hand blocks over (no failure, end not reached, intake open). */
    synchronized boolean accepting() {
        return failure == null && endSequenceNo < 0 && !intakeClosed;
    }

    /**
     * Waits while {@code maxPendingBlocks} blocks are unacknowledged, so a slow or absent Kafka bounds memory.
     *
     * @return whether to go on delivering (false: failed, intake closed, or this thread was interrupted)
     */
    synchronized boolean awaitCapacity() {
        try {
            while (pending.size() >= maxPendingBlocks && failure == null && !intakeClosed) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return failure == null && !intakeClosed;
    }

    /** A block of {@code records} records is being handed to the producer. */
    synchronized void register(long sequenceNo, int records, long commitMillis) {
        pending.put(sequenceNo, new PendingBlock(records, commitMillis, clock.millis()));
        nextSequenceNo = sequenceNo + 1;
        counters.recordsSent(records);
    }

    /** A block outside the stream's time range (before its start) passed; the position may move over it. */
    synchronized void skip(long sequenceNo) {
        nextSequenceNo = sequenceNo + 1;
        notifyAll();
    }

    /** {@code sequenceNo} is the first block at or after the exclusive end time: nothing from it on is sent. */
    synchronized void reachEnd(long sequenceNo) {
        endSequenceNo = sequenceNo;
        notifyAll();
    }

    /** Kafka acknowledged one record of block {@code sequenceNo}. Called on the producer's I/O thread. */
    synchronized void acknowledged(long sequenceNo) {
        PendingBlock block = pending.get(sequenceNo);
        if (block == null) {
            return;
        }
        long now = clock.millis();
        lastAcknowledgementMillis = now;
        acknowledgements++;
        counters.recordAcknowledged();
        if (--block.remainingRecords == 0) {
            pending.remove(sequenceNo);
            counters.blockAcknowledged(now - block.commitMillis);
        }
        notifyAll();
    }

    /** Delivery failed; the first failure is kept and ends the attempt. */
    synchronized void fail(Throwable error) {
        if (failure == null) {
            failure = error;
        }
        notifyAll();
    }

    /** The follower was closed: nothing more is handed over, and a parked hand-over returns. */
    synchronized void closeIntake() {
        intakeClosed = true;
        notifyAll();
    }

    /**
     * Parks the follower thread after a failure or the end, so that it hands over nothing more (the follower would
     * otherwise move on to the next block), until the intake closes or the follower's close interrupts it.
     */
    synchronized void parkUntilIntakeClosed() {
        try {
            while (!intakeClosed) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code millis} for an acknowledgement, failure or end. */
    synchronized void awaitChange(long millis) throws InterruptedException {
        wait(millis);
    }

    /** The next block not yet completely acknowledged: every block before it is (or was skipped). */
    synchronized long position() {
        Map.Entry<Long, PendingBlock> first = pending.firstEntry();
        return first == null ? nextSequenceNo : first.getKey();
    }

    synchronized boolean allAcknowledged() {
        return pending.isEmpty();
    }

    synchronized int pendingBlocks() {
        return pending.size();
    }

    synchronized long acknowledgements() {
        return acknowledgements;
    }

    /** How long the oldest unacknowledged block has waited without any acknowledgement arriving; 0 when none waits. */
    synchronized long stalledMillis() {
        Map.Entry<Long, PendingBlock> first = pending.firstEntry();
        if (first == null) {
            return 0;
        }
        return clock.millis() - Math.max(lastAcknowledgementMillis, first.getValue().sentMillis);
    }

    synchronized Throwable failure() {
        return failure;
    }

    synchronized boolean endReached() {
        return endSequenceNo >= 0;
    }
}
