package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.engine.internal.commit.BlockLog.CommitLinger;
import io.vellum.engine.internal.commit.LedgerReplica.Role;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committer's pipelined path ({@link BlockLog.Pipelined}): rounds are sealed while earlier ones wait for the
 * cluster's acknowledgement, acknowledged strictly in order, and a round that fails takes every later round with it
 * (nothing of them acknowledged or in the local journal). The cluster is a log whose acknowledgements the test
 * gives or refuses round by round; the local journal is the ledger's own.
 */
class PipelinedCommitTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path directory;

    private final ExecutorService clients = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    private static Throwable failureOf(Future<?> future) throws InterruptedException {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("the commit was acknowledged");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the commit never completed");
        }
    }

    @Test
    void roundsAreSealedAheadAndAcknowledgedInOrderWhateverOrderTheClusterAcknowledges() throws Exception {
        try (Ledger ledger = GatedPipelinedLog.ledgerWithTable(directory.resolve("ledger"))) {
            GatedPipelinedLog log = new GatedPipelinedLog(ledger.replica(), 4, CommitLinger.OFF);
            ledger.replica().becomeWriter(log);
            long tip = ledger.replica().tipSequenceNo();

            Future<BlockAddress> first = GatedPipelinedLog.insert(clients, ledger, "first");
            GatedPipelinedLog.GatedRound round1 = log.awaitRound(1);
            Future<BlockAddress> second = GatedPipelinedLog.insert(clients, ledger, "second");
            GatedPipelinedLog.GatedRound round2 = log.awaitRound(2);
            Future<BlockAddress> third = GatedPipelinedLog.insert(clients, ledger, "third");
            GatedPipelinedLog.GatedRound round3 = log.awaitRound(3);
            // Sealed on top of each other while none was acknowledged: consecutive, chained.
            assertThat(round1.blocks.get(0).blockAddress().sequenceNo()).isEqualTo(tip + 1);
            assertThat(round2.blocks.get(0).blockAddress().sequenceNo()).isEqualTo(tip + 2);
            assertThat(round3.blocks.get(0).blockAddress().sequenceNo()).isEqualTo(tip + 3);
            assertThat(round2.blocks.get(0).previousBlockHash()).isEqualTo(round1.blocks.get(0).blockHash());
            assertThat(round3.blocks.get(0).previousBlockHash()).isEqualTo(round2.blocks.get(0).blockHash());
            assertThat(ledger.replica().committedSequenceNo()).isEqualTo(tip);

            round3.acknowledged.complete(null);
            round2.acknowledged.complete(null);
            round1.acknowledged.complete(null);

            first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            second.get(WAIT_SECONDS, TimeUnit.SECONDS);
            third.get(WAIT_SECONDS, TimeUnit.SECONDS);
            // Acknowledged by the cluster in reverse order, used in order: the oldest round first, then the later
            // ones already acknowledged, all three forced to the local journal at once.
            assertThat(log.calls).containsExactly("await 1", "await 2", "await 3",
                    "append " + (tip + 1) + ".." + (tip + 3));
            assertThat(List.of(first.get().sequenceNo(), second.get().sequenceNo(), third.get().sequenceNo()))
                    .allSatisfy(sequenceNo -> assertThat(sequenceNo).isGreaterThanOrEqualTo(tip + 1));
            assertThat(ledger.replica().tipSequenceNo()).isEqualTo(tip + 3);
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
            assertThat(ledger.executeStatement("SELECT VALUE a.owner FROM Accounts AS a")).hasSize(3);
        }
    }

    @Test
    void aFailedRoundFailsEveryLaterRoundInFlightAndNothingOfThemIsAcknowledgedOrJournaled() throws Exception {
        try (Ledger ledger = GatedPipelinedLog.ledgerWithTable(directory.resolve("ledger"))) {
            GatedPipelinedLog log = new GatedPipelinedLog(ledger.replica(), 4, CommitLinger.OFF);
            ledger.replica().becomeWriter(log);
            long tip = ledger.replica().tipSequenceNo();
            var before = ledger.digest();
            Hash tipHash = ledger.replica().tipBlockHash();

            Future<BlockAddress> first = GatedPipelinedLog.insert(clients, ledger, "first");
            GatedPipelinedLog.GatedRound round1 = log.awaitRound(1);
            Future<BlockAddress> second = GatedPipelinedLog.insert(clients, ledger, "second");
            GatedPipelinedLog.GatedRound round2 = log.awaitRound(2);
            Future<BlockAddress> third = GatedPipelinedLog.insert(clients, ledger, "third");
            GatedPipelinedLog.GatedRound round3 = log.awaitRound(3);

            // The later rounds would be acknowledged (a log breaking its contract); the committer must not use them.
            round3.acknowledged.complete(null);
            round2.acknowledged.complete(null);
            round1.acknowledged.completeExceptionally(new IllegalStateException("fenced"));

            for (Future<BlockAddress> commit : List.of(first, second, third)) {
                Throwable failure = failureOf(commit);
                assertThat(failure).isInstanceOf(LedgerException.class);
                assertThat(((LedgerException) failure).code()).isEqualTo(ErrorCode.UNAVAILABLE);
            }
            assertThat(log.calls).containsExactly("await 1");
            assertThat(ledger.replica().role()).isEqualTo(Role.FOLLOWER);
            assertThat(ledger.replica().failure()).isNull();
            assertThat(ledger.replica().tipSequenceNo()).isEqualTo(tip);
            assertThat(ledger.digest()).isEqualTo(before);
            assertThat(ledger.verifyJournal()).isEqualTo(before);
            assertThat(ledger.executeStatement("SELECT VALUE a.owner FROM Accounts AS a")).isEmpty();

            // The follower path continues from the last acknowledged block, and a new writer term from there.
            GatedPipelinedLog next = new GatedPipelinedLog(ledger.replica(), 4, CommitLinger.OFF);
            ledger.replica().becomeWriter(next);
            Future<BlockAddress> again = GatedPipelinedLog.insert(clients, ledger, "again");
            GatedPipelinedLog.GatedRound round = next.awaitRound(1);
            assertThat(round.blocks.get(0).blockAddress().sequenceNo()).isEqualTo(tip + 1);
            assertThat(round.blocks.get(0).previousBlockHash()).isEqualTo(tipHash);
            round.acknowledged.complete(null);
            again.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
            assertThat(ledger.executeStatement("SELECT VALUE a.owner FROM Accounts AS a")).hasSize(1);
        }
    }

    @Test
    void steppingDownFromOutsideWaitsForTheRoundsInFlightAndAcknowledgesThoseTheClusterAcknowledged()
            throws Exception {
        try (Ledger ledger = GatedPipelinedLog.ledgerWithTable(directory.resolve("ledger"))) {
            GatedPipelinedLog log = new GatedPipelinedLog(ledger.replica(), 4, CommitLinger.OFF);
            ledger.replica().becomeWriter(log);
            long tip = ledger.replica().tipSequenceNo();

            Future<BlockAddress> first = GatedPipelinedLog.insert(clients, ledger, "first");
            GatedPipelinedLog.GatedRound round1 = log.awaitRound(1);
            Future<BlockAddress> second = GatedPipelinedLog.insert(clients, ledger, "second");
            GatedPipelinedLog.GatedRound round2 = log.awaitRound(2);
            Future<?> stepDown = clients.submit(() -> ledger.replica().becomeFollower("deposed by the test"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (ledger.replica().role() != Role.FOLLOWER) {
                assertThat(System.nanoTime()).as("the role changes").isLessThan(deadline);
                Thread.sleep(5);
            }
            // The rounds in flight are neither acknowledged nor failed yet: the step-down waits for them.
            assertThat(stepDown.isDone()).isFalse();
            round1.acknowledged.complete(null);
            round2.acknowledged.complete(null);
            stepDown.get(WAIT_SECONDS, TimeUnit.SECONDS);

            // Both rounds were in the cluster's log: journaled and applied before the step-down returned.
            assertThat(ledger.replica().tipSequenceNo()).isEqualTo(tip + 2);
            assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS).sequenceNo()).isGreaterThanOrEqualTo(tip + 1);
            second.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(ledger.replica().role()).isEqualTo(Role.FOLLOWER);
            assertThat(failureOf(GatedPipelinedLog.insert(clients, ledger, "refused"))).hasMessageContaining("deposed by the test");
        }
    }
}
