package io.vellum.engine;

import static io.vellum.engine.AccountTable.add;
import static io.vellum.engine.AccountTable.balance;
import static io.vellum.engine.AccountTable.createAccounts;
import static io.vellum.engine.AccountTable.heat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.internal.transaction.HotDocumentLocks;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction whose statements come from any thread (a server session's) takes a hot document's lock and then its
 * client stops talking (docs/DECISIONS.md, "Hot locks held by a silent transaction, session 12"). Before, every
 * other writer of that document waited for it until its transaction timeout (30 s): each attempt died at the lock
 * wait's bound and every retry queued behind the silent holder again. Now its lock goes to the waiters once it has
 * been idle past its lease, and validation still judges the silent transaction if it ever comes back.
 */
class SilentHotLockHolderTest {
    @TempDir
    Path directory;

    @Test
    void aWriterOfAHotDocumentCommitsWhileTheSessionHoldingItsLockIsSilentAndThatOneCannotCommitAfter() {
        // The lease is three waits (600 ms); the ledger's retries (21 attempts, each ending at the 200 ms bound
        // without the lease) outlast it many times over, and fall short of the silent transaction's timeout (30 s).
        try (Ledger ledger = Ledger.open(directory,
                LedgerOptions.defaults().withHotDocumentLockWait(Duration.ofMillis(200)))) {
            createAccounts(ledger, 1);
            heat(ledger, "acct-0");
            HotDocumentLocks locks = ledger.core().hotDocuments();

            Transaction silent = ledger.beginFromAnyThread(System.nanoTime()); // older than the writer below
            add(silent, "acct-0", BigDecimal.TEN); // holds acct-0's lock; its client is never heard of again

            ledger.<Void>execute(tx -> {
                add(tx, "acct-0", BigDecimal.ONE);
                return null;
            });

            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1001.00");
            assertThat(locks.lapsedLeases()).isPositive();
            // Still open (not expired): it read acct-0 before the commit above, so validation refuses it.
            assertThatThrownBy(silent::commit).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1001.00");
            assertThat(locks.lockedDocuments()).isZero();
        }
    }

    @Test
    void anEmbeddedTransactionKeepsItsLockWhileItsFunctionRuns() {
        try (Ledger ledger = Ledger.open(directory,
                LedgerOptions.defaults().withHotDocumentLockWait(Duration.ofMillis(100)).withConflictRetries(5))) {
            createAccounts(ledger, 1);
            heat(ledger, "acct-0");
            Transaction embedded = ledger.begin(); // bound to this thread: its function is between statements
            add(embedded, "acct-0", BigDecimal.TEN);
            // From another thread: every attempt waits its bound; none takes the lock over, however long it is idle.
            Throwable failed = java.util.concurrent.CompletableFuture.runAsync(() -> ledger.<Void>execute(tx -> {
                add(tx, "acct-0", BigDecimal.ONE);
                return null;
            }), runnable -> new Thread(runnable).start()).handle((ok, e) -> e).join();
            assertThat(failed).hasCauseInstanceOf(LedgerException.class);
            assertThat(((LedgerException) failed.getCause()).code()).isEqualTo(ErrorCode.OCC_CONFLICT);
            embedded.commit();
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1010.00");
            assertThat(ledger.core().hotDocuments().lapsedLeases()).isZero();
        }
    }
}
