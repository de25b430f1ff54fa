package io.vellum.engine.internal.commit;

import com.amazon.ion.IonSystem;
import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.internal.apply.CommittedStateCache;
import io.vellum.engine.journal.Journal;
import io.vellum.engine.store.BlockLocation;
import io.vellum.engine.store.StateStore;
import io.vellum.error.LedgerException;
import java.util.function.Supplier;

/**
 * What the commit stage ({@link Committer}, {@link LedgerReplica}) may see and do of the open ledger it commits for:
 * the one narrow view of {@code LedgerCore} this package has, so that the committer never reaches into its fields.
 *
 * <p>Implemented by {@code io.vellum.engine.internal.LedgerCore}. Every method is safe to call from the committer
 * thread; {@link #publish} is the only way new state becomes visible to transactions.
 */
public interface CommitContext {
    IonSystem ion();

    /** The ledger's one strand. */
    String strandId();

    /** The ledger's own journal (a replicated ledger's writer forces rounds to it after the cluster acknowledged). */
    Journal journal();

    StateStore store();

    /** The committed-state cache, which a round brings up to date before it becomes visible. */
    CommittedStateCache cache();

    /** Sequence number of the newest block visible to new transactions. */
    long committedSequenceNo();

    /** The oldest snapshot a running transaction reads (conflict history older than it can be pruned). */
    long oldestActiveSnapshot();

    /** A block's journal record as the full block's Ion binary, as located by the state store. */
    byte[] readBlockBytes(long sequenceNo, BlockLocation location);

    /**
     * Runs {@code apply} (which applies blocks up to {@code sequenceNo} to the store and returns the catalog after
     * them) and makes the result visible to new transactions, atomically with respect to transactions starting.
     */
    void publish(Supplier<Catalog> apply, long sequenceNo);

    /** Counts one transaction refused by optimistic concurrency control (the ledger's statistics). */
    void conflictDetected();

    /**
     * Removes the data that redactions removed from the store from the journal records still holding it.
     *
     * @return how many journal records were rewritten
     */
    int rewriteRedactedJournalRecords();

    /**
     * Compacts the state store of the data redactions removed, once no snapshot older than redaction block
     * {@code redactionSequenceNo} is open (a follower applying a replicated redaction).
     */
    void purgeRedactedRevisions(long redactionSequenceNo);

    /** Records that the ledger stopped: the first cause stays the reason every later transaction is refused with. */
    void failed(LedgerException cause);
}
