package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pooled session that the server discarded for idleness answers InvalidSessionException; the client replaces it
 * and runs the function once more, without the caller noticing.
 */
class SessionIdleIT {
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.configured(
            config -> config.withSessionIdleTimeout(IDLE_TIMEOUT));

    @Test
    void anIdleSessionIsReplacedTransparently() throws InterruptedException {
        try (VellumClient client = SERVER.client(SERVER.createLedger("idle"))) {
            client.execute(txn -> txn.execute("CREATE TABLE T"));
            long sessionsBefore = SERVER.server().metrics().sessionsStarted();
            Thread.sleep(IDLE_TIMEOUT.multipliedBy(3).toMillis());

            AtomicInteger executions = new AtomicInteger();
            Result result = client.execute(txn -> {
                executions.incrementAndGet();
                return txn.execute("SELECT * FROM T");
            });
            assertThat(result.isEmpty()).isTrue();
            assertThat(SERVER.server().metrics().sessionsStarted() - sessionsBefore).isEqualTo(1);
            // StartTransaction failed on the dead session before the function ran, so it ran once.
            assertThat(executions).hasValue(1);
        }
    }
}
