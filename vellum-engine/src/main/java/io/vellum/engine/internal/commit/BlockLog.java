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

        /**
         * Whether and how long the committer may wait for more transactions before it seals a round while no round
         * is in flight (after the previous round's acknowledgement, at depth 1 always). Read by the committer before
         * each round; default {@link CommitLinger#OFF}. Only a pipelined log has one: single-node mode's
         * {@link LocalJournal} never lingers.
         */
        default CommitLinger linger() {
            return CommitLinger.OFF;
        }

        /**
         * Told, on the committer thread, that it lingered {@code nanos} before sealing a round of {@code requests}
         * transactions (for the log's metrics); only when it did linger.
         */
        default void lingered(long nanos, int requests) {
        }
    }

    /**
     * A committer-level linger, like a Kafka producer's {@code linger.ms} one level up: when the cluster's log is
     * latency-bound (a round is one Kafka transaction, whose cost hardly depends on its size), a round that waits a
     * few milliseconds for the clients its predecessor just answered carries more blocks, and the next transaction
     * does not follow the previous one back to back (docs/CLUSTER.md, "Committer linger").
     *
     * <p>The committer waits only when the recent arrival rate says the bound gathers at least {@code minimumGain}
     * more transactions, and never for more than the transactions it expects to exist: the previous round's plus
     * those that were waiting when it was acknowledged (a closed population of clients), less those it holds. It
     * stops as soon as it holds that many, at the bound, at a catalog change (which is sealed alone anyway) or at
     * {@code Committer.MAX_BATCH}. A lone commit at low load never waits (its rate and its population are too low),
     * and no round is sealed more than {@code boundNanos} later than without lingering. Lingering changes only when
     * a round is sealed: validation, blocks, hashes, the journal's bytes and the acknowledgement rule (the cluster's
     * log, then the local force) are those of every round.
     *
     * @param boundNanos  the longest wait; 0 turns lingering off
     * @param minimumGain how many more transactions the wait must be expected to gather
     */
    record CommitLinger(long boundNanos, double minimumGain) {
        /** Never lingers: a round is sealed as soon as a transaction is waiting. */
        public static final CommitLinger OFF = new CommitLinger(0, 2);

        public CommitLinger {
            if (boundNanos < 0 || !(minimumGain > 0)) {
                throw new IllegalArgumentException("commit linger bound must be >= 0 and minimum gain > 0, got "
                        + boundNanos + " ns and " + minimumGain);
            }
        }

        /** A bound in milliseconds (fractions allowed) with the default gain of 2 transactions. */
        public static CommitLinger ofMillis(double boundMillis) {
            if (!(boundMillis >= 0) || boundMillis > 60_000) {
                throw new IllegalArgumentException("commit linger must be 0 to 60000 ms, got " + boundMillis);
            }
            return new CommitLinger(Math.round(boundMillis * 1_000_000), 2);
        }

        public boolean isOff() {
            return boundNanos == 0;
        }

        /**
         * How long to wait before sealing a round.
         *
         * @param nowNanos          when the committer holds the round's first transaction ({@link System#nanoTime})
         * @param holding           transactions the round holds already
         * @param population        transactions expected to be committing at all (the previous round's plus those
         *                          waiting when it was acknowledged); 0 when unknown
         * @param requestsPerSecond the recent arrival rate of transactions at the committer; 0 when unknown
         * @return the wait: {@link Wait#none} when the committer should seal at once
         */
        public Wait decide(long nowNanos, int holding, int population, double requestsPerSecond) {
            if (boundNanos == 0) {
                return Wait.none(nowNanos, holding);
            }
            double expected = Math.min(requestsPerSecond * (boundNanos / 1e9), (double) population - holding);
            return expected >= minimumGain ? new Wait(nowNanos + boundNanos, population)
                    : Wait.none(nowNanos, holding);
        }

        /** The arrival rate the committer judges by: a round's transactions over the time since the round before. */
        public static double requestsPerSecond(int requests, long intervalNanos) {
            return intervalNanos <= 0 ? 0 : requests * 1e9 / intervalNanos;
        }

        /**
         * A decision: wait until {@code deadlineNanos} or until the round holds {@code until} transactions,
         * whichever comes first.
         */
        public record Wait(long deadlineNanos, int until) {
            static Wait none(long nowNanos, int holding) {
                return new Wait(nowNanos, holding);
            }

            /** Whether this is a wait at all. */
            public boolean waits(long nowNanos, int holding) {
                return deadlineNanos - nowNanos > 0 && until > holding;
            }
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
