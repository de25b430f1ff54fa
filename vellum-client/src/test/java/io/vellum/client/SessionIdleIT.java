package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pooled session that the server discarded for idleness answers InvalidSessionException; the client replaces it
 * and runs the function once more, without the caller noticing.
 */
class SessionIdleIT {
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.configured(
            config -> config.withSessionIdleTimeout(IDLE_TIMEOUT));

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anIdleSessionIsReplacedTransparently(boolean batched) throws InterruptedException {
        try (VellumClient client = SERVER.clientBuilder(SERVER.createLedger("idle")).batchStatements(batched)
                .build()) {
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
            // Unbatched, StartTransaction failed on the dead session before the function ran, so it ran once.
            // Batched, the transaction starts with the function's first batch: the function runs again, as after any
            // session lost in the middle of a transaction.
            assertThat(executions).hasValue(batched ? 2 : 1);
        }
    }
}
