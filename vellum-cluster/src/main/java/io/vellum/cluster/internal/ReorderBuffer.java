package io.vellum.cluster.internal;

import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocks a reader finds ahead of a gap. In a compacted ledger topic, a block whose revision was redacted is no
 * longer at its place: compaction dropped its original record and kept its redacted form, published later (right
 * after the redaction block). A reader that needs block N and reads N+1, N+2, … first holds them here until N's
 * redacted form arrives, then applies N and the held blocks in order.
 *
 * <p>Bounded ({@link #capacityBytes()}): once full, further records are not held; the reader reads on, looking for
 * the missing block only, and when it has it rereads from the first record it did not hold ({@link #rereadFrom}).
 * Memory stays bounded whatever the distance between a block and its redaction, at the price of reading that part
 * of the topic twice. Not thread-safe (the reader's thread only).
 */
final class ReorderBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(ReorderBuffer.class);
    private final LedgerTopic topic;
    private final long capacityBytes;
    private final TreeMap<Long, ConsumerRecord<byte[], byte[]>> held = new TreeMap<>();
    private long heldBytes;
    /** Offset of the first record not held for lack of room, -1 when none was dropped. */
    private long firstDropped = -1;
    /** The block last reported missing (logged once per gap). */
    private long reportedGap = -1;

    ReorderBuffer(LedgerTopic topic, long capacityBytes) {
        this.topic = topic;
        this.capacityBytes = capacityBytes;
    }

    /** Bytes of block records held at most (system property {@code vellum.cluster.reorderBufferBytes}, 64 MiB). */
    static long capacityBytes() {
        return Long.getLong("vellum.cluster.reorderBufferBytes", 64L << 20);
    }

    /** Holds block {@code sequenceNo}, read while block {@code missing} (smaller) is still to come. */
    void hold(ConsumerRecord<byte[], byte[]> record, long sequenceNo, long missing) {
        if (reportedGap != missing) {
            reportedGap = missing;
            LOG.info("Ledger {}: block {} is not at its place in topic {} (compaction kept its redacted form, later "
                    + "in the topic); reading on to it, holding the blocks after it", topic.ledger(), missing,
                    topic.name());
        }
        if (firstDropped >= 0) {
            return; // reread from the first dropped record anyway
        }
        long size = record.value() == null ? 0 : record.value().length;
        if (!held.isEmpty() && heldBytes + size > capacityBytes) {
            firstDropped = record.offset();
            LOG.info("Ledger {}: {} bytes of blocks held while waiting for block {}; reading on without holding "
                    + "more, from offset {} again once it arrived", topic.ledger(), heldBytes, missing, firstDropped);
            return;
        }
        ConsumerRecord<byte[], byte[]> previous = held.put(sequenceNo, record);
        heldBytes += size - (previous == null || previous.value() == null ? 0 : previous.value().length);
    }

    /** The held record of block {@code sequenceNo}, removed; null when not held. */
    ConsumerRecord<byte[], byte[]> take(long sequenceNo) {
        ConsumerRecord<byte[], byte[]> record = held.remove(sequenceNo);
        if (record != null && record.value() != null) {
            heldBytes -= record.value().length;
        }
        return record;
    }

    /**
     * Where to read again once the missing block arrived: the first record not held for lack of room, or -1 when
     * nothing was dropped. Forgets it (the caller seeks there).
     */
    long rereadFrom() {
        if (firstDropped < 0) {
            return -1;
        }
        long offset = firstDropped;
        firstDropped = -1;
        return offset;
    }

    /** The first block still missing while blocks after it are held or were dropped, or -1 when there is no gap. */
    long missing(long expected) {
        return held.isEmpty() && firstDropped < 0 ? -1 : expected;
    }
}
