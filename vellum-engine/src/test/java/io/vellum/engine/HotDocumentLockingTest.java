package io.vellum.engine;

import static io.vellum.engine.AccountTable.add;
import static io.vellum.engine.AccountTable.balance;
import static io.vellum.engine.AccountTable.createAccounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot-document locks through the {@link Ledger} API: a conflict makes a document hot; then transactions updating it
 * queue instead of failing; every way a transaction ends releases its locks; concurrent transfers on hot accounts
 * conserve money without deadlock or starvation; and the journal is the same as without locks.
 */
class HotDocumentLockingTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final Duration SHORT_WAIT = Duration.ofMillis(300);

    @TempDir
    Path directory;

    private static Ledger open(Path directory, Duration lockWait) {
        return Ledger.open(directory, LedgerOptions.defaults().withHotDocumentLockWait(lockWait));
    }

    /** Two transactions read and update acct-0 on the same snapshot: the second fails validation, heating acct-0. */
    private static void heat(Ledger ledger) {
        Transaction first = ledger.begin();
        Transaction second = ledger.begin();
        add(first, "acct-0", BigDecimal.ONE);
        add(second, "acct-0", BigDecimal.ONE);
        first.commit();
        assertThatThrownBy(second::commit).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
    }

    @Test
    void onceHotASecondWriterQueuesBehindTheFirstAndCommitsInsteadOfConflicting() throws Exception {
        try (Ledger ledger = open(directory, Duration.ofSeconds(30))) {
            createAccounts(ledger, 3);
            heat(ledger);
            Transaction first = ledger.begin();
            Transaction second = ledger.begin(); // same snapshot as first
            add(first, "acct-0", BigDecimal.TEN); // takes acct-0's lock
            CompletableFuture<Void> secondDone = CompletableFuture.runAsync(() -> {
                add(second, "acct-0", BigDecimal.ONE); // waits for the lock, then reads first's commit
                second.commit();
            }, runnable -> new Thread(runnable).start());
            first.commit();
            secondDone.get(60, TimeUnit.SECONDS);
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1012.00");
        }
    }

    @Test
    void withoutLocksTheSameInterleavingConflicts() {
        try (Ledger ledger = open(directory, Duration.ZERO)) {
            createAccounts(ledger, 3);
            heat(ledger);
            Transaction first = ledger.begin();
            Transaction second = ledger.begin();
            add(first, "acct-0", BigDecimal.TEN);
            first.commit();
            add(second, "acct-0", BigDecimal.ONE); // reads its old snapshot: bound to fail
            assertThatThrownBy(second::commit).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
        }
    }

    @Test
    void aTransactionThatReadADocumentALaterCommitChangedFailsWhenItTakesAHotLock() {
        try (Ledger ledger = open(directory, Duration.ofSeconds(30))) {
            createAccounts(ledger, 3);
            heat(ledger);
            Transaction reader = ledger.begin();
            balance(reader, "acct-1"); // not hot: read on the old snapshot
            ledger.execute(tx -> {
                add(tx, "acct-1", BigDecimal.ONE);
                return null;
            });
            // acct-0 is hot: taking its lock moves the snapshot, but acct-1 reads differently there.
            assertThatThrownBy(() -> balance(reader, "acct-0")).isInstanceOfSatisfying(LedgerException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
                        assertThat(e.getMessage()).contains("changed by a commit after its snapshot");
                    });
            assertThatThrownBy(() -> balance(reader, "acct-2")).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.getMessage()).contains("aborted")); // the conflict ended it
            assertLockFree(ledger); // and released acct-0's lock
        }
    }

    /**
     * Reading acct-0 in a new transaction must not wait: its lock is free. A lock left behind would make the read wait
     * for the ledger's lock wait and then fail with OCC_CONFLICT (and the join rethrow it).
     */
    private static void assertLockFree(Ledger ledger) {
        // On another thread: a lock taken on this one would not be waited for (the same-thread rule).
        CompletableFuture.runAsync(() -> {
            try (Transaction probe = ledger.begin()) {
                assertThat(balance(probe, "acct-0")).isPositive();
            }
        }, runnable -> new Thread(runnable).start()).join();
    }

    @Test
    void everyWayATransactionEndsReleasesItsLocks() {
        try (Ledger ledger = open(directory, SHORT_WAIT)) {
            createAccounts(ledger, 3);
            heat(ledger);
            List<Consumer<Transaction>> ends = List.of(
                    Transaction::commit,
                    Transaction::abort,
                    Transaction::close,
                    tx -> {
                        // a failed commit: another transaction changed acct-1, which this one read without lock
                        ledger.execute(other -> {
                            add(other, "acct-1", BigDecimal.ONE);
                            return null;
                        });
                        assertThatThrownBy(tx::commit).isInstanceOf(LedgerException.class);
                    },
                    tx -> assertThatThrownBy(() -> tx.execute("SELECT * FROM NoSuchTable"))
                            .isInstanceOf(LedgerException.class) // a failed statement keeps it open: then abort
                            .satisfies(e -> tx.abort()));
            for (Consumer<Transaction> end : ends) {
                Transaction tx = ledger.begin();
                balance(tx, "acct-1");
                add(tx, "acct-0", BigDecimal.ONE);
                end.accept(tx);
                assertLockFree(ledger);
            }
        }
    }

    @Test
    void anExpiredHoldersLockIsTakenOverWithoutItsOwnerComingBack() throws InterruptedException {
        LedgerOptions options = LedgerOptions.defaults().withHotDocumentLockWait(Duration.ofSeconds(30))
                .withTransactionTimeout(Duration.ofSeconds(1)); // 200 ms expired set-up transactions at load 37
        try (Ledger ledger = Ledger.open(directory, options)) {
            createAccounts(ledger, 3);
            heat(ledger);
            Transaction abandoned = ledger.begin();
            add(abandoned, "acct-0", BigDecimal.ONE); // holds acct-0's lock, then is never used again
            Thread.sleep(1_200); // past the abandoned transaction's deadline, which is not a timed assertion
            // A new transaction takes the expired holder's lock over at once.
            ledger.execute(tx -> {
                add(tx, "acct-0", BigDecimal.TEN);
                return null;
            });
            assertThatThrownBy(abandoned::commit).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_EXPIRED));
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1011.00");
        }
    }

    @Test
    void closingTheLedgerWhileATransactionHoldsALockEndsCleanly() {
        Ledger ledger = open(directory, Duration.ofSeconds(30));
        createAccounts(ledger, 3);
        heat(ledger);
        Transaction holder = ledger.begin();
        add(holder, "acct-0", BigDecimal.ONE);
        ledger.close();
        assertThatThrownBy(holder::commit).isInstanceOf(LedgerException.class);
        holder.abort();
        try (Ledger reopened = open(directory, Duration.ofSeconds(30))) {
            assertThat(reopened.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1001.00");
        }
    }

    @Test
    void concurrentTransfersOnTwoHotAccountsConserveMoneyNeverDeadlockAndNeverStarve() throws Exception {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("HotDocumentLockingTest seed=" + seed);
        int accounts = 20;
        int threads = 8;
        int transfersPerThread = 25;
        // Bounded attempts: a transfer that needs more than this fails the test (starvation).
        RetryPolicy bounded = RetryPolicy.of(50, Duration.ofMillis(1), Duration.ofMillis(20))
                .retryingOnly(ErrorCode.OCC_CONFLICT);
        try (Ledger ledger = open(directory, Duration.ofSeconds(2))) {
            createAccounts(ledger, accounts);
            heat(ledger);
            AtomicLong attempts = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                java.util.Random random = new java.util.Random(seed + t);
                workers.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < transfersPerThread; i++) {
                            // Half the transfers between the two hot accounts, in either order (lock-order
                            // inversions), the others between a hot account and a random one.
                            int from = random.nextInt(2);
                            int to = random.nextBoolean() ? 1 - from : 2 + random.nextInt(accounts - 2);
                            if (random.nextBoolean()) {
                                int swap = from;
                                from = to;
                                to = swap;
                            }
                            String source = "acct-" + from;
                            String target = "acct-" + to;
                            ledger.execute(tx -> {
                                attempts.incrementAndGet();
                                add(tx, source, BigDecimal.ONE.negate());
                                add(tx, target, BigDecimal.ONE);
                                return null;
                            }, bounded);
                        }
                    } catch (RuntimeException e) {
                        failures.add(Thread.currentThread().getName() + ": " + e);
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (Thread worker : workers) {
                worker.join();
            }
            assertThat(failures).isEmpty();
            BigDecimal total = ledger.execute(tx -> {
                BigDecimal sum = BigDecimal.ZERO;
                for (IonValue row : tx.execute("SELECT a.balance FROM Accounts AS a")) {
                    sum = sum.add(((IonDecimal) ((IonStruct) row).get("balance")).bigDecimalValue());
                }
                return sum;
            });
            assertThat(total).isEqualByComparingTo(BigDecimal.valueOf(1000L * accounts + 1)); // +1 from heat()
            System.out.printf("transfers=%d attempts=%d conflicts=%d%n", threads * transfersPerThread,
                    attempts.get(), ledger.statistics().conflicts());
        }
    }

    @Test
    void theJournalIsTheSameWithAndWithoutLocksForTheSameSerialOrder(@TempDir Path withoutLocks) {
        String withLocks = digestOfSerialHistory(directory, Duration.ofSeconds(30));
        String without = digestOfSerialHistory(withoutLocks, Duration.ZERO);
        assertThat(withLocks).isEqualTo(without);
    }

    /** A fixed history (fixed clock, counting ids) that heats acct-0 and then updates it; the ledger's digest. */
    private static String digestOfSerialHistory(Path directory, Duration lockWait) {
        AtomicLong ids = new AtomicLong();
        LedgerOptions d = LedgerOptions.defaults();
        LedgerOptions options = new LedgerOptions(d.maxDocumentsPerTransaction(), d.maxDocumentSize(),
                d.maxStatementLength(), d.maxParameterSize(), d.maxTransactionSize(), d.transactionTimeout(),
                d.maxActiveTables(), d.maxTotalTables(), d.maxIndexesPerTable(), d.conflictRetries(),
                d.journalSegmentSize(), d.stateFlushRevisions(), d.committedCacheEntries(),
                Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC),
                () -> IdGenerator.encode(0, ids.incrementAndGet()), d.tableTagging(), lockWait, d.commitLinger());
        try (Ledger ledger = Ledger.open(directory, options)) {
            createAccounts(ledger, 3);
            heat(ledger);
            for (int i = 0; i < 5; i++) {
                Transaction tx = ledger.begin();
                add(tx, "acct-0", BigDecimal.ONE);
                add(tx, "acct-" + (1 + i % 2), BigDecimal.ONE.negate());
                tx.commit();
            }
            return ledger.digest().toString();
        }
    }
}
