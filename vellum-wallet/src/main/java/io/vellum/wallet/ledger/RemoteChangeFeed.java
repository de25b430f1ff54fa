package io.vellum.wallet.ledger;

import io.vellum.proof.verify.BlockProof;
import io.vellum.client.LedgerVerifier;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.VerificationException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of a ledger on a server, read with the QLDB control plane: GetDigest for the tip, then GetBlock for
 * every block up to it (several requests in flight, delivered in order). Nothing is taken on the server's word: each block's hashes are recomputed, its proof
 * must fold to the digest, and it must chain to the block before ({@code previousBlockHash}), so the consumer only
 * ever sees blocks of one unbroken, verified journal.
 *
 * <p>When caught up it polls the tip every {@code pollInterval}, or at once when {@link #wake} says a newer block is
 * known. Network failures are retried with a growing pause; a block that does not verify, or a consumer that throws,
 * stops the feed ({@link #failure()}).
 */
final class RemoteChangeFeed implements ChangeSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteChangeFeed.class);
    /** Threads fetching and verifying blocks. */
    private static final int FETCHERS = 2;
    /** Blocks requested ahead of the one being delivered. */
    private static final int FETCHES_IN_FLIGHT = 4;

    private final LedgerVerifier ledger;
    private final Consumer<JournalBlock> consumer;
    private final Duration pollInterval;
    private final Thread thread;
    private final ExecutorService fetchers;
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
        this.fetchers = Executors.newFixedThreadPool(FETCHERS, runnable -> {
            Thread fetcher = new Thread(runnable, "wallet-change-feed-fetch-" + ledgerName);
            fetcher.setDaemon(true);
            return fetcher;
        });
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
        ArrayDeque<Future<JournalBlock>> inFlight = new ArrayDeque<>();
        long requested = nextSequenceNo;
        try {
            while (!stopped && nextSequenceNo <= tip.sequenceNo()) {
                // Several GetBlock requests at once: one at a time, the round trips alone cap the feed's speed.
                while (requested <= tip.sequenceNo() && inFlight.size() < FETCHES_IN_FLIGHT) {
                    BlockAddress address = new BlockAddress(tip.strandId(), requested++);
                    inFlight.add(fetchers.submit(() -> fetchVerified(address, digest)));
                }
                JournalBlock block = await(inFlight.removeFirst());
                if (previous != null) {
                    block.verifyFollows(previous);
                }
                consumer.accept(block);
                previous = block;
                nextSequenceNo = block.blockAddress().sequenceNo() + 1;
            }
        } finally {
            inFlight.forEach(fetch -> fetch.cancel(true));
        }
    }

    /** GetBlock, checked: the block asked for, its own hashes, and its proof to {@code digest}. */
    private JournalBlock fetchVerified(BlockAddress address, LedgerDigest digest) {
        BlockProof answer = ledger.getBlock(address, digest.tipAddress());
        JournalBlock block = answer.block();
        if (!block.blockAddress().equals(address)) {
            throw new VerificationException("GetBlock must return the block asked for", address.toIonText(),
                    block.blockAddress().toIonText());
        }
        answer.verify(digest);
        return block;
    }

    private static JournalBlock await(Future<JournalBlock> fetch) {
        try {
            return fetch.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("GetBlock failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while fetching a block", e);
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
        fetchers.shutdownNow();
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
        fetchers.shutdownNow();
    }
}
