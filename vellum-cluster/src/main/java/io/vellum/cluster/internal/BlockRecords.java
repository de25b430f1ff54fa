package io.vellum.cluster.internal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The record layout of a ledger topic (see {@link LedgerTopic}): key, value, timestamp, headers. */
public final class BlockRecords {
    private BlockRecords() {
    }

    /** The record of block {@code sequenceNo}, written by node {@code nodeId} with producer epoch {@code epoch}. */
    public static ProducerRecord<byte[], byte[]> record(LedgerTopic topic, long sequenceNo, long timestampMillis,
                                                         byte[] payload, String nodeId, int epoch) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerTopic.NODE_HEADER, nodeId.getBytes(StandardCharsets.UTF_8));
        headers.add(LedgerTopic.EPOCH_HEADER, ByteBuffer.allocate(4).putInt(epoch).array());
        return new ProducerRecord<>(topic.name(), 0, timestampMillis, key(sequenceNo), payload, headers);
    }

    /**
     * The redacted form of block {@code sequenceNo} (same key as the block's own record, so that compaction drops the
     * original), published in the same Kafka transaction right after redaction block {@code redactedBy}, which it
     * names in header {@value LedgerTopic#REDACTED_BY_HEADER} (8 bytes big-endian).
     */
    public static ProducerRecord<byte[], byte[]> redactedForm(LedgerTopic topic, long sequenceNo, long timestampMillis,
                                                              byte[] payload, String nodeId, int epoch,
                                                              long redactedBy) {
        ProducerRecord<byte[], byte[]> record = record(topic, sequenceNo, timestampMillis, payload, nodeId, epoch);
        record.headers().add(LedgerTopic.REDACTED_BY_HEADER, key(redactedBy));
        return record;
    }

    /** The redaction block a redacted form names, or -1 for a block's own record. */
    public static long redactedBy(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(LedgerTopic.REDACTED_BY_HEADER);
        return header == null || header.value().length != 8 ? -1 : ByteBuffer.wrap(header.value()).getLong();
    }

    /**
     * Where a record stands in the topic's order: a block's own record its sequence number, a redacted form the
     * redaction block it follows. Never decreases with the offset (one writer at a time, a redacted form right
     * after its redaction block), so positioning can binary-search on it.
     */
    public static long orderKey(LedgerTopic topic, ConsumerRecord<byte[], byte[]> record) {
        long redactedBy = redactedBy(record);
        return redactedBy >= 0 ? redactedBy : sequenceNo(topic, record);
    }

    public static byte[] key(long sequenceNo) {
        return ByteBuffer.allocate(8).putLong(sequenceNo).array();
    }

    /**
     * The sequence number a record's key announces. Only a hint for skipping what is held already: the block
     * itself is verified before it is applied.
     */
    public static long sequenceNo(LedgerTopic topic, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.key().length != 8) {
            throw new LedgerException(ErrorCode.CORRUPTION, "ledger " + topic.ledger() + ": record at offset "
                    + record.offset() + " of topic " + topic.name() + " has no 8-byte sequence number key");
        }
        return ByteBuffer.wrap(record.key()).getLong();
    }

    public static String node(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(LedgerTopic.NODE_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static int epoch(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(LedgerTopic.EPOCH_HEADER);
        return header == null || header.value().length != 4 ? -1 : ByteBuffer.wrap(header.value()).getInt();
    }
}
