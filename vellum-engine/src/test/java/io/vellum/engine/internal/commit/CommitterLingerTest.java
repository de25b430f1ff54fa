package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.engine.internal.commit.BlockLog.CommitLinger;
import io.vellum.proof.block.BlockAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committer's linger at pipeline depth 1 ({@link CommitLinger}): after a round's acknowledgement it waits for the
 * transactions it expects before sealing the next round, and only then; with the linger off, rounds are exactly
 * what they were. The cluster is a log whose acknowledgements the test gives round by round; the local journal is
 * the ledger's own. Each linger here has a 10-minute bound, so only the expected population can end it: a linger
 * that waited where it should not would hang (the timeout), one that did not wait where it should seals early.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CommitterLingerTest {
    private static final long WAIT_SECONDS = 60;
    private static final long TEN_MINUTES = TimeUnit.MINUTES.toNanos(10);

    @TempDir
    Path directory;

    private final ExecutorService clients = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    /** Waits until the committer queue holds {@code commits} transactions not yet taken into a round. */
    private static void awaitQueued(Ledger ledger, int commits) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (ledger.replica().queuedCommits() != commits) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + commits + " commits queued; " + ledger.replica().queuedCommits());
            }
            Thread.sleep(2);
        }
    }

    private static int sizeOf(GatedPipelinedLog.GatedRound round) {
        return round.blocks.size();
    }

    /**
     * Round 1 holds "a" alone; "b" and "c" queue behind it and make round 2 (no rate known yet: no linger); "d"
     * queues behind round 2. Returns once round 2 is acknowledged and the committer took "d" from its queue,
     * expecting 3 transactions for round 3 (the 2 of round 2 and "d", which was waiting at the acknowledgement).
     */
    private void twoRoundsThenOneTaken(Ledger ledger, GatedPipelinedLog log, List<Future<BlockAddress>> commits)
            throws Exception {
        commits.add(GatedPipelinedLog.insert(clients, ledger, "a"));
        GatedPipelinedLog.GatedRound round1 = log.awaitRound(1);
        commits.add(GatedPipelinedLog.insert(clients, ledger, "b"));
        commits.add(GatedPipelinedLog.insert(clients, ledger, "c"));
        awaitQueued(ledger, 2);
        round1.acknowledged.complete(null);
        GatedPipelinedLog.GatedRound round2 = log.awaitRound(2);
        assertThat(sizeOf(round2)).as("b and c, queued together").isEqualTo(2);
        commits.add(GatedPipelinedLog.insert(clients, ledger, "d"));
        awaitQueued(ledger, 1);
        round2.acknowledged.complete(null);
        awaitQueued(ledger, 0);
        for (Future<BlockAddress> commit : commits.subList(0, 3)) {
            commit.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAnAcknowledgementTheCommitterWaitsForTheTransactionsItExpectsBeforeSealing() throws Exception {
        try (Ledger ledger = GatedPipelinedLog.ledgerWithTable(directory.resolve("ledger"))) {
            GatedPipelinedLog log = new GatedPipelinedLog(ledger.replica(), 1, new CommitLinger(TEN_MINUTES, 1));
            ledger.replica().becomeWriter(log);
            long tip = ledger.replica().tipSequenceNo();
            List<Future<BlockAddress>> commits = new ArrayList<>();
            twoRoundsThenOneTaken(ledger, log, commits);

            // The committer holds "d" and lingers (without the linger, round 3 would be sealed with "d" alone right
            // now): "e" and "f" join it, and the third transaction ends the wait.
            commits.add(GatedPipelinedLog.insert(clients, ledger, "e"));
            commits.add(GatedPipelinedLog.insert(clients, ledger, "f"));
            GatedPipelinedLog.GatedRound round3 = log.awaitRound(3);
            assertThat(sizeOf(round3)).as("d, e and f in one round").isEqualTo(3);
            assertThat(log.lingeredRounds).containsExactly(3);
            round3.acknowledged.complete(null);
            for (Future<BlockAddress> commit : commits) {
                commit.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            // The blocks are consecutive and chained, as without lingering.
            assertThat(round3.blocks.get(0).blockAddress().sequenceNo()).isEqualTo(tip + 4);
            assertThat(round3.blocks.get(0).previousBlockHash())
                    .isEqualTo(log.rounds.get(1).blocks.get(1).blockHash());
            assertThat(ledger.replica().tipSequenceNo()).isEqualTo(tip + 6);
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
            assertThat(ledger.executeStatement("SELECT VALUE a.owner FROM Accounts AS a")).hasSize(6);
        }
    }

    @Test
    void withTheLingerOffADepthOneRoundIsSealedAsSoonAsOneTransactionWaits() throws Exception {
        try (Ledger ledger = GatedPipelinedLog.ledgerWithTable(directory.resolve("ledger"))) {
            GatedPipelinedLog log = new GatedPipelinedLog(ledger.replica(), 1, CommitLinger.OFF);
            ledger.replica().becomeWriter(log);
            List<Future<BlockAddress>> commits = new ArrayList<>();
            twoRoundsThenOneTaken(ledger, log, commits);

            // Sealed with "d" alone, before anything else is submitted.
            GatedPipelinedLog.GatedRound round3 = log.awaitRound(3);
            assertThat(sizeOf(round3)).isEqualTo(1);
            round3.acknowledged.complete(null);
            commits.get(3).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(log.lingeredRounds).isEmpty();
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
        }
    }

    @Test
    void aLoneClientsCommitsNeverWait() throws Exception {
        try (Ledger ledger = GatedPipelinedLog.ledgerWithTable(directory.resolve("ledger"))) {
            // Any rate would do (a 10-minute bound, gain 2): only the population of one client stops the linger.
            GatedPipelinedLog log = new GatedPipelinedLog(ledger.replica(), 1, new CommitLinger(TEN_MINUTES, 2));
            ledger.replica().becomeWriter(log);
            for (int i = 1; i <= 5; i++) {
                Future<BlockAddress> commit = GatedPipelinedLog.insert(clients, ledger, "lone" + i);
                GatedPipelinedLog.GatedRound round = log.awaitRound(i);
                assertThat(sizeOf(round)).isEqualTo(1);
                round.acknowledged.complete(null);
                commit.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(log.lingeredRounds).isEmpty();
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
        }
    }
}
