package io.vellum.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.internal.commit.BlockLog.CommitLinger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code vellum.cluster.commitLingerMs}, as a writer term reads it when it starts. */
class CommitLingerSettingTest {
    @AfterEach
    void clear() {
        System.clearProperty("vellum.cluster.commitLingerMs");
    }

    @Test
    void offByDefault() {
        assertThat(ReplicatedLedger.commitLinger()).isEqualTo(CommitLinger.OFF);
    }

    @Test
    void aBoundInMillisecondsFractionsAllowed() {
        System.setProperty("vellum.cluster.commitLingerMs", "20");
        assertThat(ReplicatedLedger.commitLinger().boundNanos()).isEqualTo(20_000_000L);
        System.setProperty("vellum.cluster.commitLingerMs", " 2.5 ");
        assertThat(ReplicatedLedger.commitLinger()).isEqualTo(CommitLinger.ofMillis(2.5));
        System.setProperty("vellum.cluster.commitLingerMs", "0");
        assertThat(ReplicatedLedger.commitLinger().isOff()).isTrue();
    }

    @Test
    void aValueThatIsNotABoundTurnsItOff() {
        for (String value : new String[] {"soon", "-1", "NaN", "60001", ""}) {
            System.setProperty("vellum.cluster.commitLingerMs", value);
            assertThat(ReplicatedLedger.commitLinger()).as("'%s'", value).isEqualTo(CommitLinger.OFF);
        }
    }
}
