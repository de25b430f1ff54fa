package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded agent JVM serves the rounds of a run, each round with a fresh ledger: the second round's check counts
 * only its own transfers, and its directory is gone after it; without an open ledger the agent refuses work.
 */
class EmbeddedContenderTest {
    private static final int THREADS = 2;
    private static final int ACCOUNTS = 20;

    @Test
    void oneAgentServesTwoRoundsEachWithAFreshLedger(@TempDir Path work) throws Exception {
        Launcher launcher = Launcher.current(work.resolve("no-server.jar"));
        try (EmbeddedContender.Agent agent = new EmbeddedContender.Agent()) {
            assertThatThrownBy(() -> agent.started(launcher, work, THREADS, ACCOUNTS).ask("SETUP"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("SETUP needs an open ledger");
            long firstPid = round(work, launcher, agent);
            long secondPid = round(work, launcher, agent);
            assertThat(secondPid).isEqualTo(firstPid);
            try (Stream<Path> left = Files.list(work)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("embedded-agent.log");
            }
        }
    }

    /** One round: set up, a short run, the check; returns the agent's pid. */
    private static long round(Path work, Launcher launcher, EmbeddedContender.Agent agent) throws Exception {
        try (EmbeddedContender contender = new EmbeddedContender(work, launcher, agent, THREADS, ACCOUNTS)) {
            contender.setUp();
            LoadDriver.Interval interval = contender.run(Setting.UNIFORM, 0.5, 1);
            // the check counts the transfers of this round's ledger only: a ledger kept from the round before would
            // hold more transfer records than this round committed, and the check would throw
            assertThat(contender.check(interval.committed())).contains(interval.committed() + " transfer records");
            return contender.serverPids().get(0);
        }
    }
}
