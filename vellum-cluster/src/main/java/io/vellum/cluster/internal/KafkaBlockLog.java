package io.vellum.cluster.internal;

import io.vellum.engine.journal.JournalPosition;
import io.vellum.engine.transaction.BlockLog;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated ledger writer's block log: each commit round is one Kafka transaction on the ledger's topic (one
 * record per block, {@code acks=all}); only after Kafka committed it is the round forced to the local journal, so a
 * node's journal never holds a block the topic does not.
 *
 * <p>Any failure to get the round acknowledged — fenced by a newer writer ({@code ProducerFencedException},
 * {@code InvalidProducerEpochException}), a send that failed, a commit that timed out — fails the round with
 * UNAVAILABLE (retryable: the client retries against the writer there is then), closes the producer and steps this
 * node down for good: it never appends again with this log. A commit whose outcome Kafka left unknown is settled by
 * reading the topic (the follower path applies it if it was committed).
 *
 * <p>Used by the committer thread only.
 */
public final class KafkaBlockLog implements BlockLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBlockLog.class);

    private final LedgerTopic topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final BlockLog local;
    private final String nodeId;
    private final int epoch;
    private final Consumer<String> stepDown;
    private boolean deposed;

    /**
     * @param producer a transactional producer on which {@code initTransactions} has run; owned by this log from now
     * @param local    the ledger's local journal, forced after Kafka acknowledged
     * @param stepDown makes the ledger a follower, given the reason; called before a failed round throws
     */
    public KafkaBlockLog(LedgerTopic topic, KafkaProducer<byte[], byte[]> producer, BlockLog local, String nodeId,
                         int epoch, Consumer<String> stepDown) {
        this.topic = topic;
        this.producer = producer;
        this.local = local;
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.stepDown = stepDown;
    }

    @Override
    public List<JournalPosition> append(List<JournalBlock> blocks, List<byte[]> payloads) {
        long first = blocks.get(0).blockAddress().sequenceNo();
        long last = blocks.get(blocks.size() - 1).blockAddress().sequenceNo();
        if (deposed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": node " + nodeId
                    + " is no longer its writer");
        }
        try {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(blocks.size());
            for (int i = 0; i < blocks.size(); i++) {
                JournalBlock block = blocks.get(i);
                sent.add(producer.send(BlockRecords.record(topic, block.blockAddress().sequenceNo(),
                        block.blockTimestamp().getMillis(), payloads.get(i), nodeId, epoch)));
            }
            producer.commitTransaction();
            for (Future<RecordMetadata> future : sent) {
                future.get(); // done once the commit returned; a failed send throws here
            }
        } catch (ExecutionException e) {
            throw stepDown(first, last, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stepDown(first, last, e);
        } catch (RuntimeException e) {
            throw stepDown(first, last, e);
        }
        return local.append(blocks, payloads);
    }

    private LedgerException stepDown(long first, long last, Throwable cause) {
        deposed = true;
        boolean fenced = cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException;
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
        String why = fenced ? "a newer writer took over the ledger"
                : "Kafka did not acknowledge the commit (" + cause.getClass().getSimpleName() + ")";
        LOG.warn("Ledger {}: blocks {}..{} not acknowledged, node {} (epoch {}) steps down as writer: {}: {}",
                topic.ledger(), first, last, nodeId, epoch, why, cause.toString());
        stepDown.accept("ledger " + topic.ledger() + " is replicated from another writer; this node (" + nodeId
                + ") is a follower since " + why);
        return new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + topic.ledger() + ": the commit was not "
                + "acknowledged (block " + first + (last == first ? "" : ".." + last) + ") because " + why
                + "; this node is no longer the writer, retry the transaction", cause);
    }
}
