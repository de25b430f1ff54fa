package io.vellum.cluster.internal;

import io.vellum.cluster.CommitStageTimings;
import java.util.List;

/** Where a replicated writer's commit rounds spend their time; one per replicated ledger, across writer terms. */
public final class CommitMetrics {
    /** The committer waiting for more transactions before sealing a round (its linger), when it waited. */
    final StageTimer linger = new StageTimer("committer.linger");
    /** From a round's submission by the committer to the start of the Kafka transaction that carries it. */
    final StageTimer queued = new StageTimer("kafka.queued");
    /** {@code beginTransaction} and one {@code send} per block (returns before the broker answers). */
    final StageTimer send = new StageTimer("kafka.send");
    /** {@code commitTransaction} and the sends' acknowledgements: AddPartitionsToTxn, Produce (acks=all), EndTxn. */
    final StageTimer commit = new StageTimer("kafka.commit");
    /** The committer waiting for Kafka's acknowledgement of the oldest round in flight. */
    final StageTimer awaited = new StageTimer("committer.awaitKafka");
    /** The local journal's append and force of one round, after Kafka acknowledged it. */
    final StageTimer localForce = new StageTimer("local.force");
    /** Rounds carried by one Kafka transaction (a count, recorded as "nanoseconds"). */
    final StageTimer roundsPerTransaction = new StageTimer("rounds/transaction");
    /** Blocks carried by one Kafka transaction (a count, recorded as "nanoseconds"). */
    final StageTimer blocksPerTransaction = new StageTimer("blocks/transaction");

    public List<CommitStageTimings> snapshot() {
        return List.of(linger.snapshot(), queued.snapshot(), send.snapshot(), commit.snapshot(), awaited.snapshot(),
                localForce.snapshot(), counts(roundsPerTransaction), counts(blocksPerTransaction));
    }

    /** A count histogram, shown in its own unit rather than in milliseconds. */
    private static CommitStageTimings counts(StageTimer timer) {
        CommitStageTimings t = timer.snapshot();
        return new CommitStageTimings(t.stage(), t.count(), t.meanMillis() * 1e6, t.p50Millis() * 1e6,
                t.p99Millis() * 1e6, t.maxMillis() * 1e6);
    }
}
