package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.CommitResult;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.engine.internal.commit.CommitRequest;
import io.vellum.engine.internal.redaction.RevisionRedaction;
import io.vellum.engine.query.QueryContext;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.StructHashMemo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transaction on a snapshot: statements read the snapshot plus the transaction's own buffered writes, every read
 * lands in the read set, and commit hands the whole thing to the committer as a {@link CommitRequest}.
 *
 * <p>This class holds the transaction's life (open, committed, aborted, expired), its commit digest and its
 * statements. Statements run against its {@link StatementContext} (the query layer's {@link QueryContext}), which
 * combines the buffered writes and the running statement's undo log ({@link WriteBuffer}), reads of the snapshot
 * ({@link SnapshotReads}) and DDL ({@link CatalogChanges}); {@link TransactionLimits} checks the limits and
 * {@link CommitPreparation} builds the commit request.
 *
 * <p>A failed statement is undone (its writes are rolled back) and the transaction stays open, as in QLDB; its
 * text still counts in the commit digest because clients fold a statement in before sending it. An OCC conflict
 * (at commit, or while a statement waits for a hot document's lock) aborts the transaction. Not thread-safe.
 */
public final class LedgerTransaction implements Transaction {
    private enum State { OPEN, COMMITTED, ABORTED }

    private static final String EXPIRED = "it expired";

    private final TransactionContext core;
    private final LedgerOptions options;
    private final String id;
    private final long startNanos = System.nanoTime();
    private final TransactionLimits limits;
    private final StatementContext context;
    private final List<StatementInfo> statements = new ArrayList<>();
    private Hash digest;
    /** The struct parameters hashed for {@link #digest}, for the data of the revisions that hold a copy of one. */
    private final StructHashMemo hashMemo = new StructHashMemo();
    private State state = State.OPEN;
    /**
     * Whether a statement or the commit runs now, for the idle lease of its hot documents' locks: tracked only for a
     * transaction not bound to a thread (a server session's, whose client may stop talking between its requests);
     * an embedded caller's transaction is its own thread's until its function returns.
     */
    private final HotDocumentLocks.Activity activity;
    /** Why the transaction is aborted, for the error of a later use; the default covers {@link #abort()}. */
    private String abortReason = "its owner aborted it";

    /** Tells apart the lock owners of transactions started in the same nanosecond. */
    private static final AtomicLong SERIALS = new AtomicLong();

    /** A transaction whose priority for hot documents' locks is its own start. */
    public LedgerTransaction(TransactionContext core, String id) {
        this(core, id, System.nanoTime());
    }

    /**
     * @param priorityNanos {@link System#nanoTime()} when the first attempt of the work this transaction runs
     *                      started: a retry passes its first attempt's, so that it ages and wins hot documents' locks
     *                      ({@link HotDocumentLocks})
     */
    public LedgerTransaction(TransactionContext core, String id, long priorityNanos) {
        this(core, id, priorityNanos, true);
    }

    /**
     * @param priorityNanos {@link System#nanoTime()} when the first attempt of the work this transaction runs
     *                      started (see {@link #LedgerTransaction(TransactionContext, String, long)})
     * @param boundToThread false when its statements may come from any thread (a server session's requests on pooled
     *                      threads): its hot documents' locks then belong to it alone, not to the thread that took
     *                      them ({@link HotDocumentLocks.Owner#boundToThread()})
     */
    public LedgerTransaction(TransactionContext core, String id, long priorityNanos, boolean boundToThread) {
        this(core, id, priorityNanos, boundToThread, null);
    }

    /**
     * @param priorityNanos {@link System#nanoTime()} when the first attempt of the work this transaction runs
     *                      started (see {@link #LedgerTransaction(TransactionContext, String, long)})
     * @param boundToThread see {@link #LedgerTransaction(TransactionContext, String, long, boolean)}
     * @param lockFirst     a hot document whose lock this attempt takes before it takes its snapshot, or null: the
     *                      one a previous attempt of the same work died for ({@link #hotDocumentDiedFor()}). Holding
     *                      no lock yet, it may always wait for it (wait-die kills only holders), so the retry queues
     *                      for it at its first attempt's priority instead of taking the locks of the documents it
     *                      reads first and dying again; its snapshot, taken after the lock, already holds the
     *                      previous holder's commit. Skipped when the document is no longer hot.
     * @throws LedgerException OCC_CONFLICT when the wait for {@code lockFirst} reaches its bound
     */
    public LedgerTransaction(TransactionContext core, String id, long priorityNanos, boolean boundToThread,
                             String lockFirst) {
        this.core = core;
        this.options = core.options();
        this.id = id;
        this.digest = CommitDigest.seed(id);
        this.limits = new TransactionLimits(options);
        this.activity = boundToThread ? HotDocumentLocks.Activity.UNTRACKED : HotDocumentLocks.Activity.tracked();
        HotDocumentLocks.Owner owner = new HotDocumentLocks.Owner(priorityNanos, SERIALS.incrementAndGet(),
                startNanos + options.transactionTimeout().toNanos(), boundToThread, activity);
        HotDocumentLocks locks = core.hotDocuments();
        String lockedFirst = lockFirst != null && locks.isHot(lockFirst)
                && locks.acquire(lockFirst, owner) != HotDocumentLocks.Acquired.NOT_TAKEN ? lockFirst : null;
        // Before the snapshot (see StatementContext.lockIfHot): a sealed write is forgotten only once published.
        HotDocumentLocks.SealedWrite sealedFirst = lockedFirst == null ? null : locks.sealedWrite(lockedFirst);
        try {
            this.context = new StatementContext(core, id, core.beginSnapshot(this), limits, this::checkOpen, owner,
                    () -> core.beginSnapshot(this), lockedFirst, sealedFirst);
        } catch (RuntimeException | Error e) {
            if (lockedFirst != null) {
                locks.releaseAll(owner);
            }
            throw e;
        }
    }

    /**
     * The hot document whose lock this transaction died for (wait-die, the wait's bound) or whose lock it had just
     * taken when a read it made before turned out changed, if one of its statements failed so; its retry takes that
     * lock first ({@link #LedgerTransaction(TransactionContext, String, long, boolean, String)}).
     */
    public java.util.Optional<String> hotDocumentDiedFor() {
        return java.util.Optional.ofNullable(context.hotDocumentDiedFor());
    }

    /**
     * What this transaction's statements run against: for the engine's own catalog operations outside statements
     * ({@code Ledger.table}, {@code Ledger.changeTableTags}).
     */
    public QueryContext queryContext() {
        return context;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Hash commitDigest() {
        return digest;
    }

    @Override
    public List<IonValue> execute(String statement, List<? extends IonValue> parameters) {
        checkOpen();
        activity.busy();
        try {
            return run(statement, parameters);
        } finally {
            activity.idle();
        }
    }

    private List<IonValue> run(String statement, List<? extends IonValue> parameters) {
        limits.checkStatement(statement, parameters);
        Timestamp startTime = context.now();
        Hash statementHash = CommitDigest.statementHash(statement, parameters, hashMemo);
        digest = Dot.dot(digest, statementHash);
        WriteBuffer writes = context.writes();
        CatalogChanges catalog = context.catalog();
        writes.beginStatement(statements.size());
        CatalogChanges.Mark catalogBefore = catalog.mark();
        try {
            List<IonValue> result = core.queries().execute(context, statement, List.copyOf(parameters));
            if (writes.statementWrote()) {
                limits.checkTransactionSize(id, writes);
            }
            statements.add(new StatementInfo(statement, startTime, statementHash));
            return result;
        } catch (RuntimeException e) {
            writes.undoStatement();
            catalog.reset(catalogBefore);
            if (e instanceof LedgerException ledgerException && ledgerException.code() == ErrorCode.OCC_CONFLICT) {
                // A hot document's lock was lost or a read changed: this transaction cannot commit (as in QLDB, an
                // OCC failure ends the transaction; the caller retries the whole of it).
                abortBecause("it failed with an OCC conflict: " + e.getMessage());
            }
            throw e;
        }
    }

    private void checkOpen() {
        if (state == State.ABORTED && abortReason.equals(EXPIRED)) {
            throw CommitRequest.expired(id); // as QLDB answers every later use of an expired transaction
        }
        if (state != State.OPEN) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Transaction " + id + " is already "
                    + (state == State.COMMITTED ? "committed" : "aborted: " + abortReason));
        }
        if (System.nanoTime() - startNanos > options.transactionTimeout().toNanos()) {
            abortBecause(EXPIRED);
            throw CommitRequest.expired(id);
        }
    }

    // ---- commit / abort ----

    @Override
    public CommitResult commit(Hash clientCommitDigest) {
        checkOpen();
        if (!digest.equals(clientCommitDigest)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "CommitDigest mismatch for transaction " + id
                    + ": the client sent " + clientCommitDigest + " but the statements received hash to " + digest);
        }
        return commit();
    }

    @Override
    public CommitResult commit() {
        checkOpen();
        activity.busy(); // a commit waiting for its round is not a silent client: its locks keep their lease
        try {
            return commitOpen();
        } finally {
            activity.idle();
        }
    }

    private CommitResult commitOpen() {
        RevisionRedaction.Request redaction = context.redaction();
        if (context.writes().isEmpty() && redaction == null) {
            try {
                context.confirmReadsOfSealedCommits(); // only when it read a write not yet published
            } catch (LedgerException e) {
                abortBecause("its commit failed: " + e.getMessage());
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abortBecause("it was interrupted while committing");
                throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while committing " + id, e);
            }
            finish(State.COMMITTED);
            return new CommitResult(id, digest, null);
        }
        CommitRequest request;
        try {
            request = CommitPreparation.prepare(new CommitPreparation.Position(id, context.snapshotSequenceNo(),
                            startNanos + options.transactionTimeout().toNanos(), digest, context.now()),
                    context.writes(), context.reads(), context.catalog(), statements, redaction,
                    redaction == null ? null : redaction.redactionInfo(core.ion(), core.strandId()),
                    context.readFrom(), context.handsOnLocksWhenSealed(), hashMemo);
        } catch (RuntimeException e) {
            abortBecause("its commit failed: " + e.getMessage());
            throw e;
        }
        try {
            core.submit(request);
            if (request.sealed() != null) {
                long sealedIn = request.sealed().get(); // completed by the committer, or when the commit ends
                if (sealedIn != CommitRequest.NOT_SEALED_EARLY) {
                    context.handOnLocks(request, sealedIn); // before the block is durable: early lock release
                }
            }
            BlockAddress address = request.result().get();
            core.countCommit();
            finish(State.COMMITTED);
            if (redaction != null) {
                // The journal no longer holds the data (rewritten before the acknowledgement); now the store's files.
                // The redaction is committed whatever happens here: a failed purge is retried by the next one or open.
                try {
                    core.purgeRedactedRevisions(address.sequenceNo());
                } catch (LedgerException e) {
                    org.slf4j.LoggerFactory.getLogger(LedgerTransaction.class).error("Purging the state store after "
                            + "the redaction in block {} failed; the next redaction or open retries: {}",
                            address.sequenceNo(), e.getMessage());
                }
            }
            return new CommitResult(id, digest, address);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LedgerException conflict && conflict.code() == ErrorCode.OCC_CONFLICT) {
                heatQuietly();
            }
            abortBecause("its commit failed: " + e.getCause().getMessage());
            if (e.getCause() instanceof LedgerException ledgerException) {
                throw new LedgerException(ledgerException.code(), ledgerException.getMessage(), ledgerException);
            }
            throw new LedgerException(ErrorCode.UNAVAILABLE, "commit failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortBecause("it was interrupted while committing");
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while committing " + id
                    + "; the outcome is unknown until the ledger is reopened", e);
        } catch (RuntimeException e) {
            abortBecause("its commit failed: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void abort() {
        if (state == State.OPEN) {
            finish(State.ABORTED);
        }
    }

    @Override
    public void close() {
        abort();
    }

    /** Marks the documents behind this transaction's conflict hot; a failure here must not hide the conflict. */
    private void heatQuietly() {
        try {
            context.heatChangedDocuments();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LedgerTransaction.class).debug("Finding the documents behind the "
                    + "conflict of {} failed: {}", id, e.getMessage());
        }
    }

    private void abortBecause(String reason) {
        if (state == State.OPEN) {
            abortReason = reason;
            finish(State.ABORTED);
        }
    }

    private void finish(State finalState) {
        if (state != State.OPEN) {
            return;
        }
        state = finalState;
        core.endSnapshot(this);
        context.close(); // releases hot documents' locks not handed on when the commit was sealed
    }
}
