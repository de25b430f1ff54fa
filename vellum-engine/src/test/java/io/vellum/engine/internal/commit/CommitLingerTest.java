package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.internal.commit.BlockLog.CommitLinger;
import io.vellum.engine.internal.commit.BlockLog.CommitLinger.Wait;
import org.junit.jupiter.api.Test;

/** The committer's linger decision alone: when it waits for more transactions, for how many, never beyond the bound. */
class CommitLingerTest {
    private static final long NOW = 1_000_000_000L;
    private static final long BOUND = 3_000_000L;
    private static final CommitLinger LINGER = CommitLinger.ofMillis(3);

    private static boolean waits(Wait wait, int holding) {
        return wait.waits(NOW, holding);
    }

    @Test
    void offNeverWaits() {
        assertThat(waits(CommitLinger.OFF.decide(NOW, 1, 64, 1e9), 1)).isFalse();
        assertThat(waits(CommitLinger.ofMillis(0).decide(NOW, 1, 64, 1e9), 1)).isFalse();
        assertThat(CommitLinger.OFF.isOff()).isTrue();
        assertThat(LINGER.isOff()).isFalse();
    }

    @Test
    void waitsTheBoundForTheExpectedPopulationWhenTheRateGathersTheMinimumGainWithinIt() {
        // 3 ms at 1,000 transactions/s: 3 more expected; 16 expected in all, 8 held.
        Wait wait = LINGER.decide(NOW, 8, 16, 1_000);
        assertThat(waits(wait, 8)).isTrue();
        assertThat(wait.deadlineNanos()).isEqualTo(NOW + BOUND);
        assertThat(wait.until()).isEqualTo(16);
        // Exactly the gain: 2 in 3 ms.
        assertThat(waits(LINGER.decide(NOW, 8, 16, 2 / 0.003), 8)).isTrue();
    }

    @Test
    void aLoneCommitAtLowLoadIsNeverDelayed() {
        // One transaction every 100 ms: 0.03 expected in 3 ms.
        assertThat(waits(LINGER.decide(NOW, 1, 16, 10), 1)).isFalse();
        // Just below the gain.
        assertThat(waits(LINGER.decide(NOW, 1, 16, 600), 1)).isFalse();
        // No rate known yet (the first round of a writer term).
        assertThat(waits(LINGER.decide(NOW, 1, 16, 0), 1)).isFalse();
        // One client: the previous round held one transaction and nothing else was waiting, so nobody else can
        // come, whatever the rate says.
        assertThat(waits(LINGER.decide(NOW, 1, 1, 1e9), 1)).isFalse();
        assertThat(waits(LINGER.decide(NOW, 1, 0, Double.POSITIVE_INFINITY), 1)).isFalse();
        // Two clients: one more at most, below the gain of 2.
        assertThat(waits(LINGER.decide(NOW, 1, 2, 1e9), 1)).isFalse();
        assertThat(waits(LINGER.decide(NOW, 1, 3, 1e9), 1)).isTrue();
    }

    @Test
    void theWaitIsNeverBeyondTheBoundNorForMoreThanTheExpectedPopulationWhateverTheInputs() {
        double[] rates = {0, 1, 666, 667, 1e3, 1e6, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN, -5};
        for (CommitLinger linger : new CommitLinger[] {LINGER, new CommitLinger(BOUND, 1e-9), CommitLinger.OFF}) {
            for (double rate : rates) {
                for (int population = 0; population <= 70; population += 7) {
                    for (int holding = 1; holding <= 64; holding *= 2) {
                        Wait wait = linger.decide(NOW, holding, population, rate);
                        String as = linger + ", rate " + rate + ", population " + population + ", holding " + holding;
                        assertThat(wait.deadlineNanos()).as(as).isBetween(NOW, NOW + linger.boundNanos());
                        if (waits(wait, holding)) {
                            assertThat(wait.until()).as(as).isEqualTo(population).isGreaterThan(holding);
                        } else {
                            assertThat(wait.deadlineNanos()).as(as).isEqualTo(NOW);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theRateIsARoundsTransactionsOverTheTimeSinceTheRoundBefore() {
        assertThat(CommitLinger.requestsPerSecond(25, 10_000_000L)).isEqualTo(2_500.0);
        assertThat(CommitLinger.requestsPerSecond(1, 0)).isZero();
    }

    @Test
    void refusesANegativeOrHugeBoundAndANonPositiveGain() {
        assertThatThrownBy(() -> new CommitLinger(-1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1 ns");
        assertThatThrownBy(() -> new CommitLinger(BOUND, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum gain > 0");
        assertThatThrownBy(() -> new CommitLinger(BOUND, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommitLinger.ofMillis(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> CommitLinger.ofMillis(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommitLinger.ofMillis(60_001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CommitLinger.ofMillis(2.5).boundNanos()).isEqualTo(2_500_000L);
    }

    @Test
    void singleNodeModesLogHasNoLingerByConstruction() {
        // The committer asks only a pipelined log for a linger; the local journal (single-node mode) is not one,
        // and a pipelined log that does not choose one never lingers.
        assertThat(BlockLog.localJournal(null)).isNotInstanceOf(BlockLog.Pipelined.class);
        BlockLog.Pipelined plain = new BlockLog.Pipelined() {
            @Override
            public int depth() {
                return 1;
            }

            @Override
            public BlockLog.Round submit(java.util.List<io.vellum.proof.block.JournalBlock> blocks,
                                         java.util.List<byte[]> payloads) {
                throw new AssertionError("not used");
            }

            @Override
            public java.util.List<io.vellum.engine.journal.JournalPosition> appendLocally(
                    java.util.List<io.vellum.proof.block.JournalBlock> blocks, java.util.List<byte[]> payloads) {
                throw new AssertionError("not used");
            }
        };
        assertThat(plain.linger()).isEqualTo(CommitLinger.OFF);
    }
}
