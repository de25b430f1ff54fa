package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.internal.LedgerCore;
import io.vellum.engine.internal.apply.CommittedStateCache;
import io.vellum.engine.internal.commit.CommitRequest;
import io.vellum.engine.internal.transaction.HotDocumentLocks;
import io.vellum.engine.internal.transaction.LedgerTransaction;
import io.vellum.engine.internal.transaction.TransactionContext;
import io.vellum.engine.internal.transaction.TransactionSnapshot;
import io.vellum.engine.query.QueryEngine;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a hot document's lock passes to the next transaction: once the holder's commit is published, without
 * waiting for the holder's own thread to wake up and end the transaction (docs/DECISIONS.md, "Hot documents").
 */
class HotLockHandOffTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    /** The bound a waiter would reach if the lock were not handed on: short, so that the failure is quick. */
    private static final Duration LOCK_WAIT = Duration.ofMillis(300);

    @TempDir
    Path directory;

    @Test
    void aHotLockPassesOnOnceTheCommitIsPublishedBeforeTheCommittingThreadGoesOn() throws Exception {
        try (Ledger ledger = Ledger.open(directory, LedgerOptions.defaults().withHotDocumentLockWait(LOCK_WAIT))) {
            ledger.executeStatement("CREATE TABLE Accounts");
            ledger.executeStatement("CREATE INDEX ON Accounts (accountId)");
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': 'a', 'balance': 1000.00}");
            heat(ledger);
            CountDownLatch published = new CountDownLatch(1);
            CountDownLatch goOn = new CountDownLatch(1);
            LedgerCore core = ledger.core();
            // Not bound to this thread, so that this thread's read below waits for its lock rather than pass it.
            LedgerTransaction holder = new LedgerTransaction(new StoppedAfterPublishing(core, published, goOn),
                    core.options().ids().nextId(), System.nanoTime(), false);
            add(holder, BigDecimal.TEN); // takes a's lock
            CompletableFuture<CommitResult> committing = CompletableFuture.supplyAsync(holder::commit,
                    runnable -> new Thread(runnable).start());
            assertThat(published.await(60, TimeUnit.SECONDS)).isTrue();
            try {
                // The holder's thread is stopped after its commit was published, before it ended the transaction.
                // Before, the lock stayed with it until then: this read waited for the bound and failed.
                try (Transaction next = ledger.begin()) {
                    assertThat(balance(next)).isEqualByComparingTo("1011");
                }
            } finally {
                goOn.countDown();
            }
            assertThat(committing.get(60, TimeUnit.SECONDS).blockAddress()).isNotNull();
            assertThat(core.hotDocuments().lockedDocuments()).isZero();
        }
    }

    private static BigDecimal balance(Transaction transaction) {
        List<IonValue> rows = transaction.execute("SELECT a.balance FROM Accounts AS a WHERE a.accountId = 'a'");
        return ((IonDecimal) ((IonStruct) rows.get(0)).get("balance")).bigDecimalValue();
    }

    private static void add(Transaction transaction, BigDecimal amount) {
        BigDecimal balance = balance(transaction);
        transaction.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'a'",
                ION.newDecimal(balance.add(amount)));
    }

    /** Two transactions update a on the same snapshot: the second fails validation, heating it. */
    private static void heat(Ledger ledger) {
        Transaction first = ledger.begin();
        Transaction second = ledger.begin();
        add(first, BigDecimal.ONE);
        add(second, BigDecimal.ONE);
        first.commit();
        assertThatThrownBy(second::commit).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
    }

    /**
     * The ledger's own context, but a committing thread stops right after its commit was published (the first
     * thing it does then is count the commit) until {@code goOn}: as a thread the scheduler has not run yet.
     */
    private record StoppedAfterPublishing(LedgerCore core, CountDownLatch published, CountDownLatch goOn)
            implements TransactionContext {
        @Override
        public void countCommit() {
            published.countDown();
            try {
                if (!goOn.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the committing thread go on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            core.countCommit();
        }

        @Override
        public IonSystem ion() {
            return core.ion();
        }

        @Override
        public LedgerOptions options() {
            return core.options();
        }

        @Override
        public String strandId() {
            return core.strandId();
        }

        @Override
        public QueryEngine queries() {
            return core.queries();
        }

        @Override
        public CommittedStateCache cache() {
            return core.cache();
        }

        @Override
        public TransactionSnapshot beginSnapshot(LedgerTransaction transaction) {
            return core.beginSnapshot(transaction);
        }

        @Override
        public long committedSequenceNo() {
            return core.committedSequenceNo();
        }

        @Override
        public HotDocumentLocks hotDocuments() {
            return core.hotDocuments();
        }

        @Override
        public void endSnapshot(LedgerTransaction transaction) {
            core.endSnapshot(transaction);
        }

        @Override
        public void cacheIfCurrent(long sequenceNo, Runnable addition) {
            core.cacheIfCurrent(sequenceNo, addition);
        }

        @Override
        public void checkWritable() {
            core.checkWritable();
        }

        @Override
        public boolean redactionSupported() {
            return core.redactionSupported();
        }

        @Override
        public void submit(CommitRequest request) {
            core.submit(request);
        }

        @Override
        public void purgeRedactedRevisions(long redactionSequenceNo) {
            core.purgeRedactedRevisions(redactionSequenceNo);
        }
    }
}
