package io.vellum.engine;

import io.vellum.engine.internal.commit.BlockLog;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.JournalBlock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger's own journal as the committer's (non-pipelined) log, with one round that can be held before it is
 * made durable ({@link #holdNextRound}) and then let through or failed; and the last block made durable so far.
 * For the early-lock-release tests: what happens while a sealed round is not yet durable, without timing.
 */
final class GatedLocalLog implements BlockLog {
    private final BlockLog journal;
    private final AtomicLong durableThrough = new AtomicLong(-1);
    private volatile CountDownLatch held;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Runnable failure;

    GatedLocalLog(Ledger ledger) {
        this.journal = ledger.replica().localLog();
        ledger.replica().becomeWriter(this);
    }

    /** The next round stops before it is written and forced, until {@link #release} or {@link #fail}. */
    void holdNextRound() {
        held = released;
    }

    /** Waits until the held round reached this log; returns its first block's sequence number. */
    long awaitHeldRound() throws InterruptedException {
        if (!entered.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("no round reached the log");
        }
        return heldFirst;
    }

    private volatile long heldFirst = -1;

    /** Lets the held round be written and forced. */
    void release() {
        released.countDown();
    }

    /**
     * Fails the held round without writing anything of it, after running {@code before} on the committer's thread
     * (e.g. stepping the ledger down); without a step-down the failure stops the ledger, as a journal failure does.
     */
    void fail(Runnable before) {
        failure = before;
        released.countDown();
    }

    /** The last block this log made durable, or -1. */
    long durableThrough() {
        return durableThrough.get();
    }

    @Override
    public List<JournalPosition> append(List<JournalBlock> blocks, List<byte[]> payloads) {
        CountDownLatch gate = held;
        if (gate != null) {
            held = null;
            heldFirst = blocks.get(0).blockAddress().sequenceNo();
            entered.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "gated log: the test never released the round");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerException(ErrorCode.UNAVAILABLE, "gated log: interrupted");
            }
            Runnable failing = failure;
            if (failing != null) {
                failing.run();
                throw new LedgerException(ErrorCode.UNAVAILABLE, "gated log: block " + heldFirst
                        + " could not be made durable");
            }
        }
        List<JournalPosition> positions = journal.append(blocks, payloads);
        durableThrough.accumulateAndGet(blocks.get(blocks.size() - 1).blockAddress().sequenceNo(), Math::max);
        return positions;
    }
}
