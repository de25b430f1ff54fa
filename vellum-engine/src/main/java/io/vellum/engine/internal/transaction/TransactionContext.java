package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonSystem;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.apply.CommittedStateCache;
import io.vellum.engine.internal.commit.CommitRequest;
import io.vellum.engine.query.QueryEngine;

/**
 * What a running transaction may see and do of the open ledger it belongs to: the one narrow view of
 * {@code io.vellum.engine.internal.LedgerCore} this package has (implemented by it). Thread-safe: many
 * transactions use it at once.
 */
public interface TransactionContext {
    IonSystem ion();

    LedgerOptions options();

    /** The ledger's one strand. */
    String strandId();

    /** Runs the statements of every transaction (plans are cached by statement text, so it is shared). */
    QueryEngine queries();

    /** Committed documents and index entries shared by all transactions, valid as of a block. */
    CommittedStateCache cache();

    /**
     * Registers {@code transaction} as reading the newest published state and returns that state: the store
     * snapshot, its block and its catalog, taken atomically with respect to commits publishing. Called again when a
     * transaction moves to a newer snapshot (after taking a hot document's lock): the newer one replaces the older.
     */
    TransactionSnapshot beginSnapshot(LedgerTransaction transaction);

    /** Sequence number of the newest block visible to new transactions. */
    long committedSequenceNo();

    /** The ledger's locks on hot documents, shared by all its transactions. */
    HotDocumentLocks hotDocuments();

    /** Called once when {@code transaction} ends: its snapshot no longer holds back conflict history or purges. */
    void endSnapshot(LedgerTransaction transaction);

    /**
     * Runs {@code addition} (which adds state as of block {@code sequenceNo} to the {@link #cache()}) only if that
     * block is still the newest published one, so that no stale entry is ever added.
     */
    void cacheIfCurrent(long sequenceNo, Runnable addition);

    /**
     * Refuses a write before it is staged: CORRUPTION on a damaged ledger, INVALID_REQUEST when read-only,
     * UNAVAILABLE when closed or stopped.
     */
    void checkWritable();

    /** Whether {@code EXEC redact_revision} can run: a writable ledger, single-node or a cluster's writer. */
    boolean redactionSupported();

    /** Hands a prepared transaction to the committer; {@link CommitRequest#result()} completes when it is durable. */
    void submit(CommitRequest request);

    /** Counts one committed transaction (the ledger's statistics). */
    void countCommit();

    /**
     * After a redaction in block {@code redactionSequenceNo} was committed (and its journal records rewritten):
     * removes the redacted data from the state store's files too.
     */
    void purgeRedactedRevisions(long redactionSequenceNo);
}
