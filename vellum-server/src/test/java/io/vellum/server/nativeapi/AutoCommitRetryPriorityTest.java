package io.vellum.server.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.server.HotAccounts;
import io.vellum.server.metrics.ServerMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native API's single-statement transactions retry in the engine's one retry loop, so a retry keeps the first
 * attempt's priority for the locks of hot documents (docs/DECISIONS.md, "Hot documents"), as embedded
 * {@code Ledger.execute} and a session's retry do.
 */
class AutoCommitRetryPriorityTest {
    /** Short: the test waits for this bound once. */
    private static final Duration LOCK_WAIT = Duration.ofMillis(300);
    /** One statement that takes the locks of two hot documents, one after the other (an index key lists both). */
    private static final String BOTH = "SELECT * FROM Accounts WHERE owner = 'o'";

    @TempDir
    Path directory;
    private Ledger ledger;
    /** The two documents' ids in the order the statement takes their locks. */
    private String first;
    private String second;

    @BeforeEach
    void open() {
        ledger = Ledger.open(directory, LedgerOptions.defaults().withHotDocumentLockWait(LOCK_WAIT));
        ledger.executeStatement("CREATE TABLE Accounts");
        ledger.executeStatement("CREATE INDEX ON Accounts (accountId)");
        ledger.executeStatement("CREATE INDEX ON Accounts (owner)");
        for (String account : List.of("a", "b")) {
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': '" + account + "', 'owner': 'o', "
                    + "'balance': 0}");
        }
        List<IonValue> rows = ledger.executeStatement(BOTH); // in the order of the index entries, as locks are taken
        first = accountId(rows.get(0));
        second = accountId(rows.get(1));
        HotAccounts.heat(ledger, first);
        HotAccounts.heat(ledger, second);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aRetryKeepsTheFirstAttemptsPriority() {
        Transaction older = ledger.beginFromAnyThread(System.nanoTime()); // older than the statement's first attempt
        select(older, second);
        AtomicReference<Transaction> younger = new AtomicReference<>();
        ServerMetrics metrics = new ServerMetrics();
        // Attempt 1 takes first's lock and asks for second's, held by an older transaction: it dies (wait-die).
        // Between the attempts, that one ends and a transaction younger than attempt 1 takes FIRST's lock: attempt 2
        // takes second's lock first (the one attempt 1 died for, now free), then asks for first's while holding one.
        RetryPolicy.Pause betweenAttempts = pause -> {
            older.abort();
            Transaction started = ledger.beginFromAnyThread(System.nanoTime());
            select(started, first);
            younger.set(started);
        };
        try {
            // Attempt 2, holding second's lock, asks for first's. With attempt 1's priority it is older than the
            // holder, so it waits (here until the bound, the holder never ends); with the priority "now" (the native
            // API's own retry loop before session 9) it was younger and died at once by wait-die.
            assertThatThrownBy(() -> AutoCommit.run(ledger, BOTH, List.of(), metrics,
                    AutoCommit.RETRY_POLICY.withMaxAttempts(2), betweenAttempts))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
                        assertThat(e.getMessage()).contains("the most it may").doesNotContain("wait-die");
                    });
            assertThat(metrics.occConflicts()).isEqualTo(2);
            assertThat(younger.get()).isNotNull();
        } finally {
            if (younger.get() != null) {
                younger.get().abort();
            }
        }
        // Both locks are free again: the statement commits at once.
        assertThat(AutoCommit.run(ledger, BOTH, List.of(), metrics).values()).hasSize(2);
        assertThat(metrics.commits()).isEqualTo(1);
    }

    private static String accountId(IonValue row) {
        return ((IonText) ((IonStruct) row).get("accountId")).stringValue();
    }

    private static void select(Transaction transaction, String account) {
        assertThat(transaction.execute("SELECT * FROM Accounts WHERE accountId = '" + account + "'")).hasSize(1);
    }
}
