package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.qldb.QldbDriver;

/**
 * Hot-document locks through the Session API: a session discarded while its transaction holds a hot document's
 * lock (idle past its limit) releases the lock, so other transactions do not wait for an abandoned session.
 */
class HotDocumentSessionTest {
    @TempDir
    Path data;

    @Test
    void aDiscardedSessionReleasesItsTransactionsHotDocumentLock() throws Exception {
        // Locks wait up to 60 s here, so a lock left behind would make the probe below fail only after that.
        try (VellumServer server = TestServers.start(data, config -> config
                .withSessionIdleTimeout(Duration.ofMillis(700))
                .withLedgerOptions(LedgerOptions.defaults().withHotDocumentLockWait(Duration.ofSeconds(60))))) {
            server.ledgers().create("hot", false, null, Map.of());
            Ledger ledger = server.ledgers().ledger("hot");
            ledger.executeStatement("CREATE TABLE Accounts");
            ledger.executeStatement("CREATE INDEX ON Accounts (accountId)");
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': 'a', 'balance': 0}");
            // Two transactions update 'a' on the same snapshot: the second fails validation, heating 'a'.
            Transaction first = ledger.begin();
            Transaction second = ledger.begin();
            first.execute("UPDATE Accounts SET balance = 1 WHERE accountId = 'a'");
            second.execute("UPDATE Accounts SET balance = 2 WHERE accountId = 'a'");
            first.commit();
            assertThatThrownBy(second::commit).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));

            java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicLong probed = new java.util.concurrent.atomic.AtomicLong();
            try (QldbDriver driver = TestServers.driver(server, "hot")) {
                driver.execute(txn -> {
                    txn.execute("SELECT * FROM Accounts WHERE accountId = 'a'"); // takes 'a''s lock
                    if (attempts.incrementAndGet() == 1) {
                        sleep(2_000); // the session idles past its limit and is discarded, aborting the transaction
                        // From a thread of its own: the lock is free again, so this does not wait for it.
                        probed.set(CompletableFuture.supplyAsync(() -> ledger.execute(tx -> {
                            tx.execute("UPDATE Accounts SET balance = 3 WHERE accountId = 'a'");
                            return 3L;
                        }), runnable -> new Thread(runnable).start()).join());
                        txn.execute("SELECT * FROM Accounts WHERE accountId = 'a'"); // fails: the session is gone
                    }
                });
            }
            assertThat(probed.get()).isEqualTo(3);
            assertThat(attempts.get()).isEqualTo(2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
