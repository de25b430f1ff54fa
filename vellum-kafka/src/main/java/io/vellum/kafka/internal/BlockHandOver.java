package io.vellum.kafka.internal;

import io.vellum.kafka.StreamErrorCause;
import io.vellum.kafka.StreamRecord;
import io.vellum.kafka.StreamRecords;
import io.vellum.kafka.StreamRequest;
import io.vellum.proof.block.JournalBlock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Runs on the ledger's follower thread during one delivery attempt: turns each block of the stream's time range
 * into its records, registers them with the tracker and hands them to the producer (whose callbacks report the
 * acknowledgements). Blocks before the start time are passed over; the first block at or after the end time ends
 * the intake. After a failure or the end it parks, so that the follower delivers nothing more until the attempt
 * closes it.
 */
final class BlockHandOver implements Consumer<JournalBlock> {
    private final StreamRequest request;
    private final StreamRecords records;
    private final StreamMessages messages;
    private final Producer<byte[], byte[]> producer;
    private final AcknowledgementTracker tracker;

    BlockHandOver(StreamRequest request, StreamRecords records, StreamMessages messages,
            Producer<byte[], byte[]> producer, AcknowledgementTracker tracker) {
        this.request = request;
        this.records = records;
        this.messages = messages;
        this.producer = producer;
        this.tracker = tracker;
    }

    @Override
    public void accept(JournalBlock block) {
        if (!tracker.accepting()) {
            tracker.parkUntilIntakeClosed();
            return;
        }
        long sequenceNo = block.blockAddress().sequenceNo();
        long commitMillis = block.blockTimestamp().getMillis();
        Instant committed = Instant.ofEpochMilli(commitMillis);
        if (committed.isBefore(request.inclusiveStartTime())) {
            tracker.skip(sequenceNo);
            return;
        }
        if (request.exclusiveEndTime() != null && !committed.isBefore(request.exclusiveEndTime())) {
            tracker.reachEnd(sequenceNo);
            tracker.parkUntilIntakeClosed();
            return;
        }
        List<StreamRecord> blockRecords;
        try {
            blockRecords = records.forBlock(block);
        } catch (IllegalArgumentException e) {
            tracker.fail(new DeliveryFailure(false, StreamErrorCause.LEDGER_DAMAGED, e.getMessage(), e));
            tracker.parkUntilIntakeClosed();
            return;
        }
        if (!tracker.awaitCapacity()) {
            tracker.parkUntilIntakeClosed();
            return;
        }
        tracker.register(sequenceNo, blockRecords.size(), commitMillis);
        for (StreamRecord record : blockRecords) {
            try {
                producer.send(messages.of(record), (metadata, error) -> {
                    if (error == null) {
                        tracker.acknowledged(sequenceNo);
                    } else {
                        tracker.fail(error);
                    }
                });
            } catch (RuntimeException e) {
                // Also an InterruptException when the follower is closed mid-block: the block stays pending (so the
                // position cannot pass it) and the failure makes an attempt that would wait for it start over.
                tracker.fail(e);
                tracker.parkUntilIntakeClosed();
                return;
            }
        }
    }
}
