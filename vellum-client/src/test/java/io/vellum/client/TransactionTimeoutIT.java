package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.LedgerOptions;
import io.vellum.error.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A transaction that outlives the server's transaction timeout surfaces as TRANSACTION_EXPIRED, unretried. */
class TransactionTimeoutIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.configured(
            config -> config.withLedgerOptions(LedgerOptions.defaults().withTransactionTimeout(TIMEOUT)));

    @Test
    void aTransactionExceedingTheTimeoutSurfacesTransactionExpired() {
        try (VellumClient client = SERVER.client(SERVER.createLedger("slow"))) {
            client.execute(txn -> txn.execute("CREATE TABLE T"));
            AtomicInteger executions = new AtomicInteger();
            assertThatThrownBy(() -> client.execute(txn -> {
                executions.incrementAndGet();
                txn.execute("SELECT * FROM T");
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
