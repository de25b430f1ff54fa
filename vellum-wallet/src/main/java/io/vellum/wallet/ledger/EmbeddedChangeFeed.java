package io.vellum.wallet.ledger;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerHealth;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of a ledger in this process, as {@link io.vellum.engine.BlockFollower} delivers it (every committed
 * block in order, on a thread of its own, stopping when the consumer throws or the ledger closes), with one
 * difference: before reading block N from the journal it asks {@code handledWithoutReading} whether the subscriber
 * knew block N's contents already (the subscriber's own commit); such a block is skipped, not read, decoded and
 * hash-checked. That reading is what a follower costs per block, and the wallet wrote nearly every block itself.
 */
final class EmbeddedChangeFeed implements ChangeSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedChangeFeed.class);

    private final Ledger ledger;
    private final LongPredicate handledWithoutReading;
    private final Consumer<JournalBlock> consumer;
    private final Thread thread;
    private volatile long nextSequenceNo;
    private volatile boolean stopped;
    private volatile Throwable failure;

    EmbeddedChangeFeed(Ledger ledger, long fromSequenceNo, LongPredicate handledWithoutReading,
                       Consumer<JournalBlock> consumer) {
        if (fromSequenceNo < 0) {
            throw new IllegalArgumentException("fromSequenceNo must be >= 0, got " + fromSequenceNo);
        }
        this.ledger = ledger;
        this.handledWithoutReading = handledWithoutReading;
        this.consumer = consumer;
        this.nextSequenceNo = fromSequenceNo;
        this.thread = new Thread(this::run, "wallet-feed-" + ledger.strandId() + "-" + fromSequenceNo);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopped) {
                if (!ledger.awaitCommitted(nextSequenceNo, 1_000)) {
                    LedgerHealth health = ledger.health();
                    if (health.state() == LedgerHealth.State.CLOSED) {
                        return;
                    }
                    if (health.state() == LedgerHealth.State.FAILED) {
                        // A failed ledger commits nothing more and answers at once: stop instead of spinning.
                        throw new LedgerException(io.vellum.error.ErrorCode.UNAVAILABLE, "the ledger failed: "
                                + health.reason().orElse("no reason given"));
                    }
                    continue;
                }
                long sequenceNo = nextSequenceNo;
                if (!handledWithoutReading.test(sequenceNo)) {
                    consumer.accept(ledger.readBlock(new BlockAddress(ledger.strandId(), sequenceNo)));
                }
                nextSequenceNo = sequenceNo + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LedgerException e) {
            if (ledger.health().state() != LedgerHealth.State.CLOSED) {
                failure = e;
                LOG.error("Change feed {} stopped at block {}: {}", thread.getName(), nextSequenceNo, e.toString());
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("Change feed {} stopped at block {}: consumer failed", thread.getName(), nextSequenceNo, e);
        }
    }

    @Override
    public long nextSequenceNo() {
        return nextSequenceNo;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    /** Stops delivering; waits for the block being delivered (if any) to finish. */
    @Override
    public void close() {
        stopped = true;
        if (Thread.currentThread() != thread) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
