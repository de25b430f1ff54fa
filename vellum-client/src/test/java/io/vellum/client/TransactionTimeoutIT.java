package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.LedgerOptions;
import io.vellum.error.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A transaction that outlives the server's transaction timeout surfaces as TRANSACTION_EXPIRED, unretried. */
class TransactionTimeoutIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.configured(
            config -> config.withLedgerOptions(LedgerOptions.defaults().withTransactionTimeout(TIMEOUT)));

    /**
     * The function reads before it sleeps: a batched transaction starts on the server with its first batch (here, the
     * read), and one whose statements were all held until after the sleep would start after it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTransactionExceedingTheTimeoutSurfacesTransactionExpired(boolean batched) {
        try (VellumClient client = SERVER.clientBuilder(SERVER.createLedger("slow")).batchStatements(batched)
                .build()) {
            client.execute(txn -> txn.execute("CREATE TABLE T"));
            AtomicInteger executions = new AtomicInteger();
            assertThatThrownBy(() -> client.execute(txn -> {
                executions.incrementAndGet();
                txn.execute("SELECT * FROM T").isEmpty();
                sleep(TIMEOUT.plusMillis(500));
                return txn.execute("INSERT INTO T ?", client.ionSystem().singleValue("{late: true}"));
            })).isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_EXPIRED);
                assertThat(e.errorType()).isEqualTo("InvalidSessionException");
                assertThat(e.serviceMessage()).matches("Transaction .* has expired");
            });
            assertThat(executions).as("an expired transaction is not retried").hasValue(1);

            // Nothing of it was written, and the client carries on (on a new session if the old one is gone).
            assertThat(client.execute(txn -> txn.execute("SELECT * FROM T")).isEmpty()).isTrue();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
