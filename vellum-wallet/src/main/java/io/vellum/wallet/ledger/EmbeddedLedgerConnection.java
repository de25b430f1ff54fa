package io.vellum.wallet.ledger;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.BlockFollower;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerHealth;
import io.vellum.error.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.engine.Transaction;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link LedgerConnection} to a ledger in this process. It uses only the ledger's public, client-like surface:
 * {@link Ledger#execute}, {@link Ledger#digest()}, {@link Ledger#revision} and {@link Ledger#follow}.
 */
public final class EmbeddedLedgerConnection implements LedgerConnection {
    /**
     * How {@link #execute} retries conflicts before it gives up (the request then gets a 503): under heavy contention
     * on one document (fifty withdrawals from one account) every attempt may still be making progress, so 200
     * attempts with pauses of {@code min(1 ms * 2^n, 100 ms)} (equal jitter), 10 to 20 s in all, the patience the
     * wallet had before; conflicts only, as {@link Ledger#execute} (an UNAVAILABLE ledger in this process is closed
     * or failed). {@link Ledger#execute(Function, RetryPolicy)} runs the attempts: nothing retries around it.
     */
    public static final RetryPolicy DEFAULT_RETRY_POLICY =
            RetryPolicy.of(200, Duration.ofMillis(1), Duration.ofMillis(100)).retryingOnly(ErrorCode.OCC_CONFLICT);

    private final Ledger ledger;
    private final boolean ownsLedger;
    private final IonSystem ion = IonSystemBuilder.standard().build();
    private final RetryPolicy retryPolicy;

    private EmbeddedLedgerConnection(Ledger ledger, boolean ownsLedger, RetryPolicy retryPolicy) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.ownsLedger = ownsLedger;
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    /** Opens (or creates) the ledger in {@code directory}; closing the connection closes the ledger. */
    public static EmbeddedLedgerConnection open(Path directory) {
        return new EmbeddedLedgerConnection(Ledger.open(directory), true, DEFAULT_RETRY_POLICY);
    }

    /**
     * A connection to a ledger someone else opened and will close (e.g. the one {@code vellum serve} hosts); closing
     * the connection leaves the ledger open.
     */
    public static EmbeddedLedgerConnection sharing(Ledger ledger) {
        return new EmbeddedLedgerConnection(ledger, false, DEFAULT_RETRY_POLICY);
    }

    /** {@link #sharing(Ledger)} retrying as {@code retryPolicy} says instead of {@link #DEFAULT_RETRY_POLICY}. */
    public static EmbeddedLedgerConnection sharing(Ledger ledger, RetryPolicy retryPolicy) {
        return new EmbeddedLedgerConnection(ledger, false, retryPolicy);
    }

    @Override
    public <T> T execute(Function<WalletTransaction, T> work) {
        return ledger.execute(transaction -> work.apply(new EmbeddedTransaction(transaction)), retryPolicy);
    }

    /**
     * The same transaction as {@link #execute} (the same retry policy, attempts and aborts), run here rather than by
     * {@link Ledger#execute} so that the commit's block address reaches the caller: the wallet's receipt names that
     * block without reading it back in a second transaction.
     */
    @Override
    public <T> Committed<T> executeCommitted(Function<WalletTransaction, T> work) {
        return retryPolicy.run(() -> {
            Transaction transaction = ledger.begin();
            try {
                T result = work.apply(new EmbeddedTransaction(transaction));
                CommitResult commit = transaction.commit();
                return new Committed<>(result, commit.blockAddress());
            } catch (RuntimeException | Error e) {
                transaction.abort();
                throw e;
            }
        });
    }

    @Override
    public IonSystem ionSystem() {
        return ion;
    }

    @Override
    public LedgerDigest digest() {
        return ledger.digest();
    }

    @Override
    public RevisionProof revisionProof(BlockAddress blockAddress, String documentId, LedgerDigest tip) {
        return ledger.revision(blockAddress, documentId, tip.tipAddress());
    }

    @Override
    public long committedTip() {
        return ledger.digest().tipAddress().sequenceNo();
    }

    @Override
    public ChangeSubscription changes(long fromSequenceNo, Consumer<JournalBlock> consumer) {
        BlockFollower follower = ledger.follow(fromSequenceNo, consumer);
        return new ChangeSubscription() {
            @Override
            public long nextSequenceNo() {
                return follower.nextSequenceNo();
            }

            @Override
            public Throwable failure() {
                return follower.failure();
            }

            @Override
            public void close() {
                follower.close();
            }
        };
    }

    /**
     * Delivered by a feed of this connection's own ({@link ChangeFeed}) that asks {@code known} before reading each
     * block from the journal.
     */
    @Override
    public ChangeSubscription changes(long fromSequenceNo, KnownBlocks known, Consumer<JournalBlock> consumer) {
        ChangeFeed feed = new ChangeFeed(ledger, fromSequenceNo, known, consumer);
        feed.start();
        return feed;
    }

    @Override
    public void close() {
        if (ownsLedger) {
            ledger.close();
        }
    }

    @Override
    public String toString() {
        return "embedded ledger (strand " + ledger.strandId() + ")";
    }

    /** The engine's transaction seen through the wallet's interface. */
    private record EmbeddedTransaction(Transaction transaction) implements WalletTransaction {
        @Override
        public List<IonValue> execute(String statement, IonValue... parameters) {
            return transaction.execute(statement, parameters);
        }

        @Override
        public String transactionId() {
            return transaction.id();
        }
    }

    /**
     * The change feed of a ledger in this process, as {@link io.vellum.engine.BlockFollower} delivers it (every committed
     * block in order, on a thread of its own, stopping when the consumer throws or the ledger closes), with one
     * difference: before reading block N from the journal it asks {@code known} whether the subscriber knew block N's
     * contents already (the subscriber's own commit); such a block is skipped, not read, decoded and hash-checked.
     * That reading is what a follower costs per block, and the wallet wrote nearly every block itself. The feed asks
     * before it waits for block N's commit too ({@link KnownBlocks#awaitHandedIn}): while the wallet is busy, its
     * hand-in is what wakes the feed, once per block, instead of the ledger's commit signal and then the hand-in.
     */
    private static final class ChangeFeed implements ChangeSubscription {
        private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

        private final Ledger ledger;
        private final KnownBlocks known;
        private final Consumer<JournalBlock> consumer;
        private final Thread thread;
        private volatile long nextSequenceNo;
        private volatile boolean stopped;
        private volatile Throwable failure;

        ChangeFeed(Ledger ledger, long fromSequenceNo, KnownBlocks known, Consumer<JournalBlock> consumer) {
            if (fromSequenceNo < 0) {
                throw new IllegalArgumentException("fromSequenceNo must be >= 0, got " + fromSequenceNo);
            }
            this.ledger = ledger;
            this.known = known;
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
                    long sequenceNo = nextSequenceNo;
                    if (!ledger.awaitCommitted(sequenceNo, 0) && known.awaitHandedIn(sequenceNo)) {
                        nextSequenceNo = sequenceNo + 1;
                        continue;
                    }
                    if (!ledger.awaitCommitted(sequenceNo, 1_000)) {
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
                    if (!known.handledWithoutReading(sequenceNo)) {
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
}
