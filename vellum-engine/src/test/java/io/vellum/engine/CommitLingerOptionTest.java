package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link LedgerOptions#commitLinger()}: off unless asked for, by the option or by the server's system property. */
class CommitLingerOptionTest {
    @Test
    void theDefaultIsOffUnlessThePropertySaysAValidNumberOfMilliseconds() {
        assertThat(LedgerOptions.defaultCommitLinger(null)).isEqualTo(Duration.ZERO);
        assertThat(LedgerOptions.defaultCommitLinger("4")).isEqualTo(Duration.ofMillis(4));
        assertThat(LedgerOptions.defaultCommitLinger(" 0.5 ")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(LedgerOptions.defaultCommitLinger("1000")).isEqualTo(Duration.ofSeconds(1));
        for (String invalid : new String[] {"", "four", "-1", "1000.5", "NaN"}) {
            assertThat(LedgerOptions.defaultCommitLinger(invalid)).as(invalid).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void theOptionTakesZeroToOneSecond() {
        LedgerOptions options = LedgerOptions.defaults().withCommitLinger(Duration.ofMillis(3));
        assertThat(options.commitLinger()).isEqualTo(Duration.ofMillis(3));
        assertThat(options.withClock(java.time.Clock.systemUTC()).commitLinger()).isEqualTo(Duration.ofMillis(3));
        assertThat(options.withCommitLinger(Duration.ZERO).commitLinger()).isZero();
        assertThatThrownBy(() -> options.withCommitLinger(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withCommitLinger(Duration.ofMillis(1001)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
