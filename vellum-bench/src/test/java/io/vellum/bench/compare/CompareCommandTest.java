package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompareCommandTest {
    /**
     * Regression (session 13): with the contenders up for the whole run, pg-plain and pg-audit hold their client
     * connections at once, and a cluster sized for one of them refused the second ("too many clients already").
     */
    @Test
    void postgresAcceptsEveryPostgresContendersConnectionsAtOnce() {
        CompareOptions both = CompareOptions.parse(new String[] {"--contenders", "pg-plain,pg-audit,vellum-client",
                "--threads", "32"});
        assertThat(CompareCommand.postgresConnections(both)).isGreaterThanOrEqualTo(2 * (32 + 1));
        CompareOptions one = CompareOptions.parse(new String[] {"--contenders", "pg-audit", "--threads", "8"});
        assertThat(CompareCommand.postgresConnections(one)).isGreaterThanOrEqualTo(8 + 1);
    }

    @Test
    void noPostgresWithoutAPostgresContender() {
        CompareOptions none = CompareOptions.parse(new String[] {"--contenders", "vellum-client,vellum-embedded"});
        assertThat(CompareCommand.postgresConnections(none)).isZero();
    }
}
