package io.vellum.cluster.internal;

import io.vellum.engine.internal.commit.LedgerReplica;
import io.vellum.proof.block.JournalBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records a writer adds to the Kafka transaction of a redaction block: the redacted form of each block it
 * redacts a revision of, keyed by that block's sequence number, so that the topic's compaction
 * ({@code cleanup.policy=compact}) drops the block's original record and with it the redacted bytes. In the same
 * transaction as the redaction block, so the topic never holds one without the other.
 *
 * <p>Each form is computed from this node's journal, or from the form this writer sent last for that block when that
 * is newer (a later redaction of the same block in the same round, or sealed before the earlier one was applied
 * locally), so every new form carries every earlier redaction of its block. Not thread-safe: {@code KafkaBlockLog}'s
 * sender thread calls it.
 */
public final class RedactedFormRecords {
    private static final int REMEMBERED = 1024;
    private final LedgerTopic topic;
    private final String nodeId;
    private final LongFunction<byte[]> journal;
    /**
     * The newest form this writer sent of each block, newest {@value #REMEMBERED} blocks (an entry is needed only
     * until the redaction is applied to the local journal, a few rounds later; it is never less redacted than the
     * journal, so keeping it longer is harmless). The sender thread's only.
     */
    private final Map<Long, byte[]> sent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param journal a committed block's full Ion binary from this node's journal ({@link LedgerReplica#blockPayload})
     */
    public RedactedFormRecords(LedgerTopic topic, String nodeId, LongFunction<byte[]> journal) {
        this.topic = topic;
        this.nodeId = nodeId;
        this.journal = journal;
    }

    /** The records of the redacted forms {@code block} calls for; none when it redacts nothing. */
    public List<ProducerRecord<byte[], byte[]>> of(JournalBlock block, int epoch) {
        if (block.redactionInfo() == null) {
            return List.of();
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (LedgerReplica.RedactedForm form : LedgerReplica.redactedForms(block,
                sequenceNo -> sent.getOrDefault(sequenceNo, journal.apply(sequenceNo)))) {
            sent.put(form.sequenceNo(), form.payload());
            records.add(BlockRecords.redactedForm(topic, form.sequenceNo(), form.timestampMillis(), form.payload(),
                    nodeId, epoch, block.blockAddress().sequenceNo()));
        }
        return records;
    }
}
