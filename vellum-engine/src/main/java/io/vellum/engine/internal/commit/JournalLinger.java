package io.vellum.engine.internal.commit;

/**
 * The single-node committer's linger (docs/DECISIONS.md, "The commit round under the driver, session 13"): the
 * {@link BlockLog.CommitLinger} of the local journal, whose bound follows the journal's recent append time.
 *
 * <p>Why the force time: a round's fixed cost (the journal's write call and force, the state store's batch) is
 * paid once whatever the round holds, and while a round is being forced the next one gathers the commits that
 * arrive. A round that waits up to one force time for more commits holds about twice as many when commits keep
 * arriving (the closed population of a server's clients), and so pays the fixed cost half as often per commit, for
 * at most one force time more commit latency. A wait longer than the force gathers more per round but makes every
 * commit wait longer than the disk does; a shorter one on a fast disk costs little latency. The bound is capped by
 * the ledger's option, and the decision itself ({@link BlockLog.CommitLinger#decide}) waits only when the arrival
 * rate predicts at least {@link #MINIMUM_GAIN} more commits within the bound and the recent rounds say that many
 * are committing at all: a lone committer (one thread) never waits.
 *
 * <p>Committer thread only.
 */
final class JournalLinger {
    /** Commits a wait must be expected to gather. */
    static final double MINIMUM_GAIN = 2;
    /** Weight of the newest append time in the running average, as a shift: 1/8. */
    private static final int AVERAGE_SHIFT = 3;

    private final long capNanos;
    /** Running average of the journal's append (write and force) time; 0 until the first append. */
    private long appendNanos;

    /** @param capNanos the longest wait, whatever the force time; 0: never linger */
    JournalLinger(long capNanos) {
        if (capNanos < 0) {
            throw new IllegalArgumentException("commit linger must not be negative, got " + capNanos + " ns");
        }
        this.capNanos = capNanos;
    }

    /** Whether this linger can ever wait. */
    boolean isOn() {
        return capNanos > 0;
    }

    /** Records how long one round's journal append took (its write calls and force). */
    void appended(long nanos) {
        long sample = Math.max(1, nanos);
        appendNanos = appendNanos == 0 ? sample : appendNanos + ((sample - appendNanos) >> AVERAGE_SHIFT);
    }

    /** The linger of the next round: bounded by the recent append time and the cap; off before any append. */
    BlockLog.CommitLinger policy() {
        long bound = Math.min(capNanos, appendNanos);
        return bound <= 0 ? BlockLog.CommitLinger.OFF : new BlockLog.CommitLinger(bound, MINIMUM_GAIN);
    }
}
