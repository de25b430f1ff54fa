package io.vellum.engine.transaction;

import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.proof.JournalBlock;
import java.util.List;

/**
 * Where the committer puts the sealed blocks of one commit round before it acknowledges them: the seam between
 * single-node and replicated ledgers. The default is the ledger's own journal ({@link #localJournal}); a replicated
 * ledger's writer uses a log that first has the cluster's log (Kafka) acknowledge the round and then forces the
 * local journal.
 *
 * <p><b>Durability contract.</b> {@link #append} returns only when every block of the round is durable wherever
 * this log keeps it; it throws a {@link io.vellum.proof.LedgerException} and has appended nothing acknowledged
 * otherwise (what reached a log before the failure is settled by that log's own recovery: the journal's tail
 * recovery, the topic's transaction abort). A failure of the local journal stops the ledger, as it always has; a
 * log that fails a round and leaves the ledger usable must first {@linkplain LedgerReplica#becomeFollower step the
 * ledger down}, so that the round's transactions fail and no later round reuses their sequence numbers.
 *
 * <p>Called only by the committer thread, one round at a time.
 */
@FunctionalInterface
public interface BlockLog {
    /**
     * Appends a round's blocks, consecutive sequence numbers chained to the previous round's last block.
     *
     * @param blocks   the sealed blocks, in order
     * @param payloads for each block, exactly the Ion binary bytes that were hashed into it and that the journal
     *                 stores ({@link JournalBlock#toIonBinary()}); not modified, not retained after returning
     * @return the blocks' positions in the local journal, in order
     */
    List<JournalPosition> append(List<JournalBlock> blocks, List<byte[]> payloads);

    /** The single-node log: the journal's own append, which forces once per round. */
    static BlockLog localJournal(Journal journal) {
        return (blocks, payloads) -> journal.append(payloads);
    }
}
