package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.internal.commit.BlockLog.CommitLinger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The single-node committer's linger decision alone ({@link JournalLinger}): its bound follows the journal's
 * recent append time up to the cap, and with it the decision waits under a server's load of many clients and never
 * for one lone committer.
 */
class JournalLingerTest {
    private static final long NOW = 5_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void neverLingersBeforeTheFirstAppendNorWithACapOfZero() {
        assertThat(new JournalLinger(4 * MS).policy().isOff()).isTrue();
        JournalLinger off = new JournalLinger(0);
        off.appended(2 * MS);
        assertThat(off.isOn()).isFalse();
        assertThat(off.policy().isOff()).isTrue();
        assertThatThrownBy(() -> new JournalLinger(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBoundIsTheRecentAppendTimeUpToTheCap() {
        JournalLinger linger = new JournalLinger(4 * MS);
        linger.appended(1 * MS);
        assertThat(linger.policy().boundNanos()).isEqualTo(1 * MS);
        // A running average: one slow force moves the bound an eighth of the way.
        linger.appended(9 * MS);
        assertThat(linger.policy().boundNanos()).isEqualTo(2 * MS);
        for (int i = 0; i < 100; i++) {
            linger.appended(50 * MS);
        }
        assertThat(linger.policy().boundNanos()).isEqualTo(4 * MS);
        for (int i = 0; i < 200; i++) {
            linger.appended(MS / 2);
        }
        assertThat(linger.policy().boundNanos()).isBetween(MS / 2, MS / 2 + 8);
        assertThat(linger.policy().minimumGain()).isEqualTo(JournalLinger.MINIMUM_GAIN);
    }

    @Test
    void underAServersLoadARoundWaitsUpToOneForceForTheClientsExpected() {
        JournalLinger linger = new JournalLinger(4 * MS);
        linger.appended(2 * MS);
        CommitLinger policy = linger.policy();
        // The driver's measured shape: ~6.5 commits per round, rounds every ~5 ms (1,300 commits/s). The round
        // holds the 6 that waited; the 6 of the previous round are expected back too.
        CommitLinger.Wait wait = policy.decide(NOW, 6, 12, 1_300);
        assertThat(wait.waits(NOW, 6)).isTrue();
        assertThat(wait.deadlineNanos()).isEqualTo(NOW + 2 * MS);
        assertThat(wait.until()).isEqualTo(12);
    }

    @Test
    void aLoneCommitterNeverWaits() {
        JournalLinger linger = new JournalLinger(4 * MS);
        linger.appended(2 * MS);
        CommitLinger policy = linger.policy();
        // One thread committing back to back: the previous round held its one commit and nothing else waited,
        // whatever its rate.
        assertThat(policy.decide(NOW, 1, 1, 1e6).waits(NOW, 1)).isFalse();
        // Two threads: one more at most, below the gain.
        assertThat(policy.decide(NOW, 1, 2, 1e6).waits(NOW, 1)).isFalse();
        // Many clients, but too slow to bring two more within one force.
        assertThat(policy.decide(NOW, 1, 32, 999).waits(NOW, 1)).isFalse();
        assertThat(policy.decide(NOW, 1, 32, 1_001).waits(NOW, 1)).isTrue();
    }

    /** A request with only what {@link Committer#sealsAtOnce} looks at. */
    private static CommitRequest request(boolean changesCatalog, boolean holdsHotLocks) {
        return new CommitRequest("tx", 0, 0, null, null, null, List.of(), null, null, null,
                changesCatalog ? io.vellum.engine.catalog.Catalog.EMPTY : null, null, new CompletableFuture<>(),
                null, List.of(), holdsHotLocks ? new CompletableFuture<>() : null);
    }

    @Test
    void aRoundHoldingAHotLockOrACatalogChangeIsSealedAtOnce() {
        CommitRequest plain = request(false, false);
        assertThat(Committer.sealsAtOnce(List.of(plain, plain), true)).isFalse();
        // Its lock's waiters can only come once it is sealed: waiting for them would wait the whole bound.
        assertThat(Committer.sealsAtOnce(List.of(plain, request(false, true)), true)).isTrue();
        // A pipelined log hands locks on at acknowledgement, not at sealing: its linger is as it was.
        assertThat(Committer.sealsAtOnce(List.of(plain, request(false, true)), false)).isFalse();
        assertThat(Committer.sealsAtOnce(List.of(request(true, false)), false)).isTrue();
    }
}
