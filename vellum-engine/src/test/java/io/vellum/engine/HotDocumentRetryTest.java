package io.vellum.engine;

import static io.vellum.engine.AccountTable.add;
import static io.vellum.engine.AccountTable.balance;
import static io.vellum.engine.AccountTable.createAccounts;
import static io.vellum.engine.AccountTable.heat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.internal.transaction.HotDocumentLocks;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retry of {@link Ledger#execute} after a wait-die death takes the lock it died for before anything else
 * (docs/DECISIONS.md, "Hot documents, session 10"): holding no lock, it queues for it instead of taking the locks of
 * the documents it reads first and dying again at once.
 */
class HotDocumentRetryTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    @Test
    void aRetryAfterAWaitDieDeathQueuesForTheLockItDiedForInsteadOfDyingAgain() throws Exception {
        try (Ledger ledger = Ledger.open(directory,
                LedgerOptions.defaults().withHotDocumentLockWait(Duration.ofSeconds(30)))) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            heat(ledger, "acct-1");
            String hotAccount = documentId(ledger, "acct-0");
            HotDocumentLocks locks = ledger.core().hotDocuments();

            Transaction older = ledger.begin(); // older than the transfer's first attempt
            add(older, "acct-0", BigDecimal.TEN); // holds acct-0's lock
            ConcurrentLinkedQueue<RuntimeException> failedAttempts = new ConcurrentLinkedQueue<>();
            // Attempt 1 takes acct-1's lock, asks for acct-0's, held by an older transaction: dies by wait-die.
            // Before, attempt 2 did the same and died again (with two attempts allowed, the transfer failed).
            CompletableFuture<Void> transfer = moveOneFromAccount1ToAccount0(ledger, failedAttempts);
            while (!transfer.isDone() && locks.waiting(hotAccount) == 0) {
                Thread.sleep(1); // until attempt 2 waits for acct-0 (or the transfer ended: it then fails below)
            }
            older.commit(); // hands acct-0 on to the waiting retry, whose snapshot then holds this commit
            transfer.get(60, TimeUnit.SECONDS);

            assertThat(failedAttempts).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("wait-die"));
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1011.00");
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-1"))).isEqualByComparingTo("999.00");
            assertThat(locks.lockedDocuments()).isZero();
        }
    }

    @Test
    void aRetryThatCannotGetTheLockItDiedForFailsAtTheBoundAndHoldsNothing() {
        try (Ledger ledger = Ledger.open(directory,
                LedgerOptions.defaults().withHotDocumentLockWait(Duration.ofMillis(200)))) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            heat(ledger, "acct-1");
            HotDocumentLocks locks = ledger.core().hotDocuments();
            Transaction older = ledger.begin();
            add(older, "acct-0", BigDecimal.TEN); // holds acct-0's lock throughout
            ConcurrentLinkedQueue<RuntimeException> failedAttempts = new ConcurrentLinkedQueue<>();
            CompletableFuture<Void> transfer = moveOneFromAccount1ToAccount0(ledger, failedAttempts);
            assertThatThrownBy(transfer::join).hasCauseInstanceOf(LedgerException.class)
                    .cause().satisfies(e -> {
                        assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.OCC_CONFLICT);
                        assertThat(e.getMessage()).contains("the most it may"); // queued, not wait-die again
                    });
            // Both attempts are told to the caller; the second died while beginning, holding no lock.
            assertThat(failedAttempts).hasSize(2);
            older.commit();
            assertThat(locks.lockedDocuments()).isZero();
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1010.00");
        }
    }

    /**
     * On its own thread, moves 1 from acct-1 to acct-0 (taking acct-1's lock, then asking for acct-0's) with two
     * attempts and no pause between them; each failed attempt goes to {@code failedAttempts}.
     */
    private static CompletableFuture<Void> moveOneFromAccount1ToAccount0(Ledger ledger,
                                                                      Queue<RuntimeException> failedAttempts) {
        return CompletableFuture.runAsync(() -> ledger.executeCommitted(tx -> {
            add(tx, "acct-1", BigDecimal.ONE.negate());
            add(tx, "acct-0", BigDecimal.ONE);
            return null;
        }, RetryPolicy.of(2, Duration.ZERO, Duration.ZERO), pause -> { }, failedAttempts::add),
                runnable -> new Thread(runnable, "transfer").start());
    }

    private static String documentId(Ledger ledger, String account) {
        List<IonValue> rows = ledger.executeStatement("SELECT id FROM Accounts AS a BY id WHERE a.accountId = ?",
                ION.newString(account));
        return ((IonText) ((IonStruct) rows.get(0)).get("id")).stringValue();
    }

}
