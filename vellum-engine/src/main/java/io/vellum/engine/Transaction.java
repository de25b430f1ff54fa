package io.vellum.engine;

import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import java.util.List;

/**
 * One serializable transaction. Statements see a snapshot of the ledger as of the transaction's start plus the
 * transaction's own writes; nothing is visible to others until {@link #commit} returns.
 *
 * <p>Not thread-safe: one thread drives a transaction. Any failure of a statement leaves the transaction open
 * (QLDB semantics) except conflicts and expiry, which abort it.
 */
public interface Transaction extends AutoCloseable {
    /** The 22-character transaction id. */
    String id();

    /** Runs one PartiQL statement; returns its result values (e.g. {@code {documentId}} for an INSERT). */
    List<IonValue> execute(String statement, List<? extends IonValue> parameters);

    default List<IonValue> execute(String statement, IonValue... parameters) {
        return execute(statement, List.of(parameters));
    }

    /** The commit digest of the statements so far (QLDB's CommitDigest, COMPATIBILITY.md §2). */
    Hash commitDigest();

    /**
     * Commits: validates the read set, appends a block when there were writes, forces the journal, and returns only
     * once the block is durable and visible to new transactions.
     *
     * @throws io.vellum.error.LedgerException OCC_CONFLICT (already aborted; retry the whole transaction),
     *                                         TRANSACTION_EXPIRED, UNAVAILABLE
     */
    CommitResult commit();

    /**
     * Like {@link #commit()}, but first checks that the client's commit digest equals ours.
     *
     * @throws io.vellum.error.LedgerException INVALID_REQUEST when the digests differ (the transaction stays open)
     */
    CommitResult commit(Hash clientCommitDigest);

    /** Aborts; a no-op when already finished. */
    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
}
