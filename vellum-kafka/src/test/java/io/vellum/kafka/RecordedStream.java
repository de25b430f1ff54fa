package io.vellum.kafka;

import io.vellum.engine.Ledger;
import io.vellum.proof.block.JournalBlock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a consumer made of a stream's messages: the blocks it rebuilt (by sequence number), CONTROL records, and
 * duplicates (messages whose key it had seen before). Test-side only.
 */
final class RecordedStream {
    final TreeMap<Long, JournalBlock> blocks = new TreeMap<>();
    final List<ControlRecordType> controlRecords;
    final long messages;
    final long duplicateMessages;
    final long duplicateBlocks;

    private RecordedStream(BlockAssembler assembler, long messages, long duplicateMessages, long duplicateBlocks,
            Map<Long, JournalBlock> blocks) {
        this.controlRecords = assembler.controlRecords();
        this.messages = messages;
        this.duplicateMessages = duplicateMessages;
        this.duplicateBlocks = duplicateBlocks;
        this.blocks.putAll(blocks);
    }

    /** Rebuilds the blocks of {@code streamId}'s messages (Ion) among {@code messages}. */
    static RecordedStream of(String streamId, List<ConsumerRecord<byte[], byte[]>> messages) {
        BlockAssembler assembler = new BlockAssembler();
        Map<String, Integer> keys = new HashMap<>();
        Map<Long, JournalBlock> blocks = new HashMap<>();
        long duplicates = 0;
        long count = 0;
        for (ConsumerRecord<byte[], byte[]> message : messages) {
            String key = new String(message.key(), StandardCharsets.UTF_8);
            if (!key.startsWith(streamId + "/")) {
                continue;
            }
            count++;
            if (keys.merge(key, 1, Integer::sum) > 1) {
                duplicates++;
            }
            assembler.add(StreamRecords.parse(message.value())).ifPresent(block ->
                    blocks.put(block.blockAddress().sequenceNo(), block));
        }
        long duplicateBlocks = keys.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("/0") && entry.getValue() > 1).count();
        return new RecordedStream(assembler, count, duplicates, duplicateBlocks, blocks);
    }

    /** Whether blocks {@code first..last} were all rebuilt. */
    boolean hasBlocks(long first, long last) {
        for (long sequenceNo = first; sequenceNo <= last; sequenceNo++) {
            if (!blocks.containsKey(sequenceNo)) {
                return false;
            }
        }
        return true;
    }

    /** Checks the rebuilt blocks as a verifying consumer does; see {@link RecordedStreamCheck}. */
    void verifyAgainst(Ledger ledger) {
        RecordedStreamCheck.verify(blocks, ledger);
    }

    @Override
    public String toString() {
        return "messages=" + messages + " blocks=" + blocks.size() + " duplicateMessages=" + duplicateMessages
                + " duplicateBlocks=" + duplicateBlocks + " control=" + controlRecords;
    }
}
