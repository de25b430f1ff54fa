package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.commit.BlockLog.CommitLinger;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A cluster log for the committer's tests ({@link BlockLog.Pipelined}) whose rounds the test acknowledges or refuses
 * one by one; the local journal is the ledger's own. Records what the committer did ({@link #calls}: local appends
 * and waits, in order) and the size of every round it sealed after a linger ({@link #lingeredRounds}). A refused
 * round deposes the replica, as the cluster's log does. Thread-safe where the committer and the test meet.
 */
final class GatedPipelinedLog implements BlockLog.Pipelined {
    static final long WAIT_SECONDS = 60;

    private final LedgerReplica replica;
    private final BlockLog local;
    private final int depth;
    private final CommitLinger linger;
    final List<GatedRound> rounds = Collections.synchronizedList(new ArrayList<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> lingeredRounds = Collections.synchronizedList(new ArrayList<>());

    GatedPipelinedLog(LedgerReplica replica, int depth, CommitLinger linger) {
        this.replica = replica;
        this.local = replica.localLog();
        this.depth = depth;
        this.linger = linger;
    }

    /** A ledger with one table, {@code Accounts}, in {@code directory}. */
    static Ledger ledgerWithTable(Path directory) {
        Ledger ledger = Ledger.open(directory, LedgerOptions.defaults());
        ledger.executeStatement("CREATE TABLE Accounts");
        return ledger;
    }

    /** Commits one insert on one of {@code clients}; the future ends with the tip once it is acknowledged. */
    static Future<BlockAddress> insert(ExecutorService clients, Ledger ledger, String owner) {
        return clients.submit(() -> {
            ledger.executeStatement("INSERT INTO Accounts VALUE {'owner': '" + owner + "'}");
            return ledger.digest().tipAddress();
        });
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public CommitLinger linger() {
        return linger;
    }

    @Override
    public void lingered(long nanos, int requests) {
        assertThat(nanos).as("a linger's length").isLessThanOrEqualTo(linger.boundNanos()
                + TimeUnit.SECONDS.toNanos(WAIT_SECONDS));
        lingeredRounds.add(requests);
    }

    @Override
    public Round submit(List<JournalBlock> blocks, List<byte[]> payloads) {
        GatedRound round = new GatedRound(rounds.size() + 1, blocks);
        rounds.add(round);
        return round;
    }

    @Override
    public List<JournalPosition> appendLocally(List<JournalBlock> blocks, List<byte[]> payloads) {
        calls.add("append " + blocks.get(0).blockAddress().sequenceNo() + ".."
                + blocks.get(blocks.size() - 1).blockAddress().sequenceNo());
        return local.append(blocks, payloads);
    }

    /** The {@code number}th round sealed (1 is the first), once it is. */
    GatedRound awaitRound(int number) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (rounds.size() < number) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("round " + number + " was never sealed; rounds: " + rounds.size());
            }
            Thread.sleep(5);
        }
        return rounds.get(number - 1);
    }

    /** One sealed round: the test completes {@link #acknowledged} normally (acknowledged) or exceptionally. */
    final class GatedRound implements Round {
        final int number;
        final List<JournalBlock> blocks;
        final CompletableFuture<Void> acknowledged = new CompletableFuture<>();

        GatedRound(int number, List<JournalBlock> blocks) {
            this.number = number;
            this.blocks = blocks;
        }

        @Override
        public void awaitReplicated() {
            calls.add("await " + number);
            try {
                acknowledged.get();
            } catch (ExecutionException | InterruptedException e) {
                replica.becomeFollower("the cluster refused round " + number);
                throw new LedgerException(ErrorCode.UNAVAILABLE, "round " + number + " not acknowledged", e);
            }
        }

        @Override
        public boolean isSettled() {
            return acknowledged.isDone();
        }

        @Override
        public void whenSettled(Runnable action) {
            acknowledged.whenComplete((ignored, failure) -> action.run());
        }
    }
}
