package io.vellum.engine.internal.commit;

import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.proof.block.JournalBlock;
import java.util.List;

/**
 * Where the committer puts the sealed blocks of one commit round before it acknowledges them: the seam between
 * single-node and replicated ledgers. The default is the ledger's own journal ({@link #localJournal}); a replicated
 * ledger's writer uses a log that first has the cluster's log (Kafka) acknowledge the round and then forces the
 * local journal.
 *
 * <p><b>Durability contract.</b> {@link #append} returns only when every block of the round is durable wherever
 * this log keeps it; it throws a {@link io.vellum.error.LedgerException} and has appended nothing acknowledged
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

    /**
     * A log that replicates rounds in the background, so that the committer can validate and seal the next rounds
     * on top of a round still being replicated (the sealing stage and the replication stage of a pipelined commit
     * path). Only a replicated ledger's writer uses one; single-node mode keeps the plain {@link #append}.
     *
     * <p><b>Contract.</b> Rounds are replicated strictly in the order {@link #submit submitted}; when one fails,
     * every round submitted after it fails too and none of them reaches the cluster's log or the local journal. The
     * committer acknowledges a round only after {@link Round#awaitReplicated} and then {@link #appendLocally}
     * returned for it and for every round before it. {@code awaitReplicated} that throws must first have stepped
     * the ledger down ({@link LedgerReplica#becomeFollower}), as {@link #append} must.
     */
    interface Pipelined extends BlockLog {
        /** How many sealed rounds may wait for acknowledgement at a time; 1 means no round is sealed ahead. */
        int depth();

        /**
         * Starts replicating a round and returns without waiting. Called by the committer thread only.
         *
         * @param blocks   as for {@link #append}, chained to the previous submitted round's last block
         * @param payloads as for {@link #append}; not modified, retained until the round completes
         */
        Round submit(List<JournalBlock> blocks, List<byte[]> payloads);

        /**
         * Appends blocks of one or more consecutive rounds to the local journal with one force; only after
         * {@link Round#awaitReplicated} returned for every one of those rounds.
         *
         * @return the blocks' positions in the local journal, in order
         */
        List<JournalPosition> appendLocally(List<JournalBlock> blocks, List<byte[]> payloads);

        @Override
        default List<JournalPosition> append(List<JournalBlock> blocks, List<byte[]> payloads) {
            submit(blocks, payloads).awaitReplicated();
            return appendLocally(blocks, payloads);
        }
    }

    /** One round of a {@link Pipelined} log. */
    interface Round {
        /**
         * Waits until the cluster's log acknowledged the round.
         *
         * @throws io.vellum.error.LedgerException having stepped the ledger down, when it did not (then every later
         *                                         round of the log fails too)
         */
        void awaitReplicated();

        /** Whether {@link #awaitReplicated} would return or throw without waiting. */
        boolean isSettled();

        /**
         * Runs {@code action} (quick, any thread) once the round is settled, or at once when it is; lets the committer
         * seal new rounds while it waits.
         */
        void whenSettled(Runnable action);
    }

    /** The single-node log: the journal's own append, which forces once per round. */
    static BlockLog localJournal(Journal journal) {
        return new LocalJournal(journal);
    }

    /** The ledger's own journal as a log (single-node mode); how the committer tells it from a replicated log. */
    record LocalJournal(Journal journal) implements BlockLog {
        @Override
        public List<JournalPosition> append(List<JournalBlock> blocks, List<byte[]> payloads) {
            return journal.append(payloads);
        }
    }
}
