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
