package io.vellum.cluster.internal;

import io.vellum.engine.internal.commit.LedgerReplica;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a ledger's topic ({@code read_committed}: only blocks of committed Kafka transactions) and applies each
 * block this node does not hold through the engine's verifying follower path ({@link LedgerReplica#apply}).
 *
 * <p><b>Where it starts.</b> At the record of the local tip block, found by binary search over the topic's offsets on
 * the record keys (sequence numbers grow with offsets: one writer at a time, one transaction per round), about
 * log2(records) single-record reads and no state beside the journal; when the topic ends before the local tip, at
 * its last record. That record is compared byte for byte with the local block (the hash chain makes that one
 * comparison cover the whole prefix), so a node whose journal diverged from the topic stops instead of extending
 * it. Keys only steer the search: a wrong key can make the reader start at the wrong place, and then the next block
 * fails verification; it can never get a block applied that does not verify.
 *
 * <p><b>Redacted forms.</b> A redaction's Kafka transaction also holds the redacted form of each block it redacts,
 * under that block's key ({@link RedactedFormRecords}); compaction then drops the original. The search orders
 * records by {@link BlockRecords#orderKey} (a redacted form stands where its redaction block does), which never
 * decreases with the offset. A redacted form of a block this node holds (or is about to apply) is checked to have
 * that block's hash ({@link RedactedForms#check}) and not stored: the redaction block, before it in the topic,
 * erases the node's own copy. In a compacted topic a block can be missing from its place; the blocks read after
 * the gap wait in a {@link ReorderBuffer} until the block's redacted form arrives, and are then applied in order.
 *
 * <p>Not thread-safe: one thread polls; {@link #wakeup} may be called from any thread.
 */
public final class TopicReader implements AutoCloseable {
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(30);
    private final LedgerTopic topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final java.util.function.Supplier<KafkaConsumer<byte[], byte[]>> probes;
    private final LedgerReplica replica;
    /** The consumer of the positioning search: {@link #consumer} itself, or one of {@link #probes} meanwhile. */
    private volatile KafkaConsumer<byte[], byte[]> probe;
    private boolean overlapChecked;
    private boolean positioned;
    private long lastSequenceNo = -1;
    private byte[] lastPayload;
    private volatile String writerNode;
    private volatile int writerEpoch = -1;
    private volatile long lag = -1;
    /** Blocks read ahead of a gap that a redacted form later in a compacted topic fills. */
    private final ReorderBuffer reordering;

    public TopicReader(LedgerTopic topic, KafkaConsumer<byte[], byte[]> consumer, LedgerReplica replica) {
        this(topic, consumer, null, replica);
    }

    /**
     * @param consumer the consumer that reads and applies blocks
     * @param probes   makes the consumer of the positioning search (closed when it is done) when {@code consumer}
     *                 waits long at the topic's end (a follower's): the search's probes near the end would each wait
     *                 that long; null: the search uses {@code consumer}
     */
    public TopicReader(LedgerTopic topic, KafkaConsumer<byte[], byte[]> consumer,
                       java.util.function.Supplier<KafkaConsumer<byte[], byte[]>> probes, LedgerReplica replica) {
        this.topic = topic;
        this.consumer = consumer;
        this.probes = probes;
        this.replica = replica;
        this.probe = consumer;
        this.reordering = new ReorderBuffer(topic, ReorderBuffer.capacityBytes());
        consumer.assign(Set.of(topic.partition()));
    }

    /** Seeks to the record of the local tip block, or the topic's last record when the topic ends before it. */
    private void position(Duration timeout) {
        if (positioned) {
            return;
        }
        TopicPartition partition = topic.partition();
        if (probes != null) {
            probe = probes.get();
            probe.assign(Set.of(partition));
        }
        try {
            long begin = probe.beginningOffsets(Set.of(partition), timeout).get(partition);
            long end = probe.endOffsets(Set.of(partition), timeout).get(partition);
            long tip = replica.tipSequenceNo();
            long atTip = firstOffsetWhere(begin, end, record -> record == null
                    || BlockRecords.orderKey(topic, record) >= tip, timeout);
            long start = atTip;
            if (atTip < end && firstAtOrAfter(atTip, end, timeout) == null || atTip == end) {
                // Nothing at or after the tip: start at the topic's last block (if any) to compare it; when the last
                // record is a redacted form, at the redaction block it follows.
                long afterLast = firstOffsetWhere(begin, end, record -> record == null, timeout);
                start = afterLast > begin ? afterLast - 1 : begin;
                ConsumerRecord<byte[], byte[]> last = afterLast > begin ? firstAtOrAfter(start, end, timeout) : null;
                if (last != null && BlockRecords.redactedBy(last) >= 0) {
                    long lastBlock = BlockRecords.redactedBy(last);
                    start = firstOffsetWhere(begin, end, record -> record == null
                            || BlockRecords.orderKey(topic, record) >= lastBlock, timeout);
                }
            }
            consumer.seek(partition, start);
        } finally {
            if (probe != consumer) {
                probe.close(CloseOptions.timeout(Duration.ZERO));
                probe = consumer;
            }
        }
        positioned = true;
    }

    /**
     * The smallest offset in [from, end] whose first record at or after it satisfies {@code condition} (null: no
     * record there); the condition must hold for all offsets from some point on.
     */
    private long firstOffsetWhere(long from, long end, java.util.function.Predicate<ConsumerRecord<byte[], byte[]>>
            condition, Duration timeout) {
        long low = from;
        long high = end;
        while (low < high) {
            long middle = low + (high - low) / 2;
            ConsumerRecord<byte[], byte[]> record = firstAtOrAfter(middle, end, timeout);
            if (condition.test(record)) {
                high = middle;
            } else {
                low = record.offset() + 1;
            }
        }
        return low;
    }

    /** The first committed record at or after {@code offset}, or null when there is none before {@code end}. */
    private ConsumerRecord<byte[], byte[]> firstAtOrAfter(long offset, long end, Duration timeout) {
        TopicPartition partition = topic.partition();
        probe.seek(partition, offset);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (probe.position(partition, timeout) < end) {
            List<ConsumerRecord<byte[], byte[]>> records = probe.poll(Duration.ofMillis(200)).records(partition);
            if (!records.isEmpty()) {
                return records.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": no record of topic "
                        + topic.name() + " at offset " + offset + " was read within " + timeout);
            }
        }
        return null;
    }

    /**
     * Polls once and applies what arrived.
     *
     * @return blocks applied
     * @throws LedgerException VERIFICATION_FAILED or CORRUPTION naming the ledger and the block that was refused
     *                         (the blocks before it are applied)
     */
    public int pollOnce(Duration timeout) {
        position(POSITION_TIMEOUT);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        int applied = 0;
        if (!records.isEmpty()) {
            applied = apply(records.records(topic.partition()));
        }
        OptionalLong currentLag = consumer.currentLag(topic.partition());
        lag = currentLag.isPresent() ? currentLag.getAsLong() : -1;
        return applied;
    }

    private int apply(List<ConsumerRecord<byte[], byte[]>> records) {
        long tip = replica.tipSequenceNo();
        long expected = tip + 1;
        List<byte[]> batch = new ArrayList<>(records.size());
        List<ConsumerRecord<byte[], byte[]>> formsToCheck = new ArrayList<>();
        ConsumerRecord<byte[], byte[]> lastApplied = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long sequenceNo = BlockRecords.sequenceNo(topic, record);
            boolean redactedForm = BlockRecords.redactedBy(record) >= 0;
            if (sequenceNo < expected) {
                if (redactedForm) {
                    // A block held or about to be: its redaction block, before it in the topic, erases it here.
                    formsToCheck.add(record);
                } else if (sequenceNo <= tip && batch.isEmpty()) {
                    lastSequenceNo = Math.max(lastSequenceNo, sequenceNo);
                    lastPayload = record.value();
                    if (sequenceNo == tip) {
                        checkOverlap(sequenceNo, record.value());
                    }
                }
                continue;
            }
            if (sequenceNo > expected) {
                // A compacted topic: block {expected}'s record was superseded by its redacted form, later.
                reordering.hold(record, sequenceNo, expected);
                continue;
            }
            lastSequenceNo = Math.max(lastSequenceNo, sequenceNo);
            batch.add(record.value());
            lastApplied = record;
            expected++;
            for (ConsumerRecord<byte[], byte[]> held = reordering.take(expected); held != null;
                 held = reordering.take(expected)) {
                lastSequenceNo = Math.max(lastSequenceNo, expected);
                batch.add(held.value());
                lastApplied = held;
                expected++;
            }
            long rereadFrom = reordering.rereadFrom();
            if (rereadFrom >= 0) {
                consumer.seek(topic.partition(), rereadFrom); // records the buffer had no room for
                break;
            }
        }
        int applied = 0;
        if (!batch.isEmpty()) {
            try {
                long newTip = replica.apply(batch);
                writerNode = BlockRecords.node(lastApplied);
                writerEpoch = BlockRecords.epoch(lastApplied);
                overlapChecked = true;
                applied = (int) (newTip - tip);
            } catch (LedgerException e) {
                throw new LedgerException(e.code(), "ledger " + topic.ledger() + ": replication stopped at block "
                        + (replica.tipSequenceNo() + 1) + ": " + e.getMessage(), e);
            }
        }
        for (ConsumerRecord<byte[], byte[]> form : formsToCheck) {
            RedactedForms.check(topic, form, replica);
        }
        return applied;
    }

    /** The topic's block at the local tip must be the local block: else this node's journal diverged. */
    private void checkOverlap(long sequenceNo, byte[] payload) {
        if (overlapChecked) {
            return;
        }
        byte[] local = replica.blockPayload(sequenceNo);
        if (!Arrays.equals(payload, local) && !RedactedForms.sameBlock(payload, local)) {
            throw new LedgerException(ErrorCode.CORRUPTION, "ledger " + topic.ledger() + ": the local journal "
                    + "diverges from topic " + topic.name() + " at block " + sequenceNo + " (the local block differs "
                    + "from the topic's); rebuild this node's copy of the ledger from the topic");
        }
        overlapChecked = true;
    }

    /**
     * Reads and applies until the topic's end as of this call (its last stable offset: with the previous writer
     * fenced, nothing is pending), then checks that the topic's last block is the local one if the local journal
     * goes further (a new ledger's block 0, or a single-node ledger moving to a cluster).
     *
     * @return the sequence number of the topic's last block, -1 for an empty topic
     * @throws LedgerException UNAVAILABLE when the end is not reached within {@code timeout}; what applying threw
     */
    public long readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        position(timeout);
        long end = consumer.endOffsets(Set.of(topic.partition()), timeout).get(topic.partition());
        while (consumer.position(topic.partition(), timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": topic "
                        + topic.name() + " was not read to its end (offset " + end + ") within " + timeout);
            }
            pollOnce(Duration.ofMillis(200));
        }
        long missing = reordering.missing(replica.tipSequenceNo() + 1);
        if (missing >= 0) {
            throw new LedgerException(ErrorCode.CORRUPTION, "ledger " + topic.ledger() + ": block " + missing
                    + " is missing from topic " + topic.name() + ": read to its end (offset " + end + "), later "
                    + "blocks are there but neither block " + missing + "'s record nor a redacted form of it");
        }
        if (lastSequenceNo >= 0 && lastSequenceNo < replica.tipSequenceNo() && !overlapChecked) {
            checkOverlap(lastSequenceNo, lastPayload);
        }
        return lastSequenceNo;
    }

    /** Writer node of the last block applied, or null. */
    public String writerNode() {
        return writerNode;
    }

    /** Producer epoch of the writer of the last block applied, or -1. */
    public int writerEpoch() {
        return writerEpoch;
    }

    /** Records not yet read as of the last poll, or -1 when not known. */
    public long lag() {
        return lag;
    }

    public void wakeup() {
        KafkaConsumer<byte[], byte[]> searching = probe;
        if (searching != consumer) {
            try {
                searching.wakeup();
            } catch (IllegalStateException e) {
                // the search ended and closed its consumer meanwhile; waking the reading consumer is enough
            }
        }
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
}
