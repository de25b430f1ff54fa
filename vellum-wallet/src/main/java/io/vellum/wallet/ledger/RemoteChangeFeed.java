package io.vellum.wallet.ledger;

import io.vellum.client.BlockProof;
import io.vellum.client.LedgerVerifier;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import io.vellum.proof.VerificationException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of a ledger on a server, read with the QLDB control plane: GetDigest for the tip, then GetBlock for
 * every block up to it, in order. Nothing is taken on the server's word: each block's hashes are recomputed, its proof
 * must fold to the digest, and it must chain to the block before ({@code previousBlockHash}), so the consumer only
 * ever sees blocks of one unbroken, verified journal.
 *
 * <p>When caught up it polls the tip every {@code pollInterval}, or at once when {@link #wake} says a newer block is
 * known. Network failures are retried with a growing pause; a block that does not verify, or a consumer that throws,
 * stops the feed ({@link #failure()}).
 */
final class RemoteChangeFeed implements ChangeSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteChangeFeed.class);

    private final LedgerVerifier ledger;
    private final Consumer<JournalBlock> consumer;
    private final Duration pollInterval;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile long nextSequenceNo;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private boolean woken;
    private JournalBlock previous;

    RemoteChangeFeed(LedgerVerifier ledger, long fromSequenceNo, Consumer<JournalBlock> consumer, Duration pollInterval,
                     String ledgerName) {
        if (fromSequenceNo < 0) {
            throw new IllegalArgumentException("fromSequenceNo must be >= 0, got " + fromSequenceNo);
        }
        this.ledger = ledger;
        this.consumer = consumer;
        this.pollInterval = pollInterval;
        this.nextSequenceNo = fromSequenceNo;
        this.thread = new Thread(this::run, "wallet-change-feed-" + ledgerName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks for a look at the tip now rather than at the next poll. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        int failuresInARow = 0;
        while (!stopped) {
            try {
                deliverUpToTip();
                failuresInARow = 0;
                pause(pollInterval.toMillis());
            } catch (VerificationException e) {
                stop(e, "a block did not verify");
                return;
            } catch (LedgerException e) {
                if (stopped) {
                    return;
                }
                if (!e.retryable() && e.code() != ErrorCode.NOT_FOUND) {
                    stop(e, "the server refused");
                    return;
                }
                failuresInARow++;
                LOG.warn("Change feed at block {}: {}; retrying", nextSequenceNo, e.toString());
                pause(Math.min(100L << Math.min(failuresInARow, 6), 5_000L));
            } catch (RuntimeException | Error e) {
                stop(e, "the consumer failed");
                return;
            }
        }
    }

    private void deliverUpToTip() {
        LedgerDigest digest = ledger.getDigest();
        BlockAddress tip = digest.tipAddress();
        while (!stopped && nextSequenceNo <= tip.sequenceNo()) {
            BlockAddress address = new BlockAddress(tip.strandId(), nextSequenceNo);
            BlockProof answer = ledger.getBlock(address, tip);
            JournalBlock block = answer.block();
            if (!block.blockAddress().equals(address)) {
                throw new VerificationException("GetBlock must return the block asked for", address.toIonText(),
                        block.blockAddress().toIonText());
            }
            answer.verify(digest);
            if (previous != null) {
                block.verifyFollows(previous);
            }
            consumer.accept(block);
            previous = block;
            nextSequenceNo = address.sequenceNo() + 1;
        }
    }

    private void pause(long millis) {
        synchronized (signal) {
            if (!woken && !stopped) {
                try {
                    signal.wait(Math.max(1, millis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            woken = false;
        }
    }

    private void stop(Throwable cause, String why) {
        failure = cause;
        stopped = true;
        LOG.error("Change feed stopped at block {}: {}", nextSequenceNo, why, cause);
    }

    @Override
    public long nextSequenceNo() {
        return nextSequenceNo;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        stopped = true;
        wake();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
