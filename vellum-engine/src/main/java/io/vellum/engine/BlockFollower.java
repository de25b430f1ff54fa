package io.vellum.engine;

import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every committed block, in order, from a starting sequence number to a consumer on a thread of its own:
 * the ledger's change feed. Blocks committed before the follower started are read from the journal, so a consumer
 * that records the last sequence number it handled can resume exactly there after a restart (at-least-once when it
 * records after handling).
 *
 * <p>If the consumer throws, the follower stops (the failure is available from {@link #failure()}); closing the
 * ledger stops it too. Thread-safe to close from any thread.
 */
public final class BlockFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockFollower.class);

    private final Ledger ledger;
    private final Consumer<JournalBlock> consumer;
    private final Thread thread;
    private volatile long nextSequenceNo;
    private volatile boolean stopped;
    private volatile Throwable failure;

    BlockFollower(Ledger ledger, long fromSequenceNo, Consumer<JournalBlock> consumer, String name) {
        if (fromSequenceNo < 0) {
            throw new IllegalArgumentException("fromSequenceNo must be >= 0, got " + fromSequenceNo);
        }
        this.ledger = ledger;
        this.consumer = consumer;
        this.nextSequenceNo = fromSequenceNo;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopped) {
                long tip = ledger.digest().tipAddress().sequenceNo();
                while (nextSequenceNo <= tip && !stopped) {
                    JournalBlock block = ledger.readBlock(new BlockAddress(ledger.strandId(), nextSequenceNo));
                    consumer.accept(block);
                    nextSequenceNo++;
                }
                if (!stopped && !ledger.awaitCommitted(nextSequenceNo, 1_000) && ledger.isClosed()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LedgerException e) {
            if (!ledger.isClosed()) {
                failure = e;
                LOG.error("Block follower {} stopped at block {}: {}", thread.getName(), nextSequenceNo, e.toString());
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("Block follower {} stopped at block {}: consumer failed", thread.getName(), nextSequenceNo, e);
        }
    }

    /** The sequence number of the next block to deliver (every earlier one was delivered). */
    public long nextSequenceNo() {
        return nextSequenceNo;
    }

    /** Why the follower stopped, or null while it runs (or after a clean close). */
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
