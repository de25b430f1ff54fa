package io.vellum.engine;

import static io.vellum.engine.AccountTable.add;
import static io.vellum.engine.AccountTable.balance;
import static io.vellum.engine.AccountTable.createAccounts;
import static io.vellum.engine.AccountTable.heat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.internal.transaction.HotDocumentLocks;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.LedgerDigest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early lock release (docs/DECISIONS.md, "Hot documents, session 11"): a hot document's lock is handed on once its
 * holder's commit is sealed, before it is durable; the next holder reads the sealed write, and nothing that read it
 * is acknowledged before it, or at all when it fails. The round being made durable is held by {@link GatedLocalLog},
 * so every "before it is durable" here is a state the test holds, not a timing.
 */
class EarlyLockReleaseTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path directory;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Ledger open() {
        return Ledger.open(directory, LedgerOptions.defaults().withHotDocumentLockWait(Duration.ofSeconds(30)));
    }

    /** Adds {@code amount} to acct-0 (and takes it from {@code from}, if not null) on a thread of its own. */
    private Future<CommitResult> commitOnItsOwnThread(Ledger ledger, String from, BigDecimal amount) {
        return threads.submit(() -> {
            Transaction transaction = ledger.begin();
            if (from != null) {
                add(transaction, from, amount.negate());
            }
            add(transaction, "acct-0", amount);
            return transaction.commit();
        });
    }

    @Test
    void theHotLockIsHandedOnOnceItsHoldersCommitIsSealedBeforeItIsDurable() throws Exception {
        try (Ledger ledger = open()) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            GatedLocalLog log = new GatedLocalLog(ledger);
            log.holdNextRound();
            Future<CommitResult> holder = commitOnItsOwnThread(ledger, null, BigDecimal.TEN);
            long sealedIn = log.awaitHeldRound(); // validated and sealed; the round is not written yet

            Transaction next = ledger.begin();
            // Before, the lock was released only after the holder's commit was published: this read waited for a
            // round the log holds, and then read 1000.00 (the holder's commit failed at the log's bound).
            BigDecimal seen = balance(next, "acct-0");
            assertThat(seen).isEqualByComparingTo("1010.00");
            assertThat(holder).isNotDone();
            assertThat(log.durableThrough()).isLessThan(sealedIn);
            next.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'acct-0'",
                    ION.newDecimal(seen.add(BigDecimal.ONE)));
            Future<Long> nextCommit = threads.submit(() -> {
                long block = next.commit().blockAddress().sequenceNo();
                assertThat(log.durableThrough()).as("durable when acknowledged").isGreaterThanOrEqualTo(block);
                return block;
            });

            log.release();
            assertThat(holder.get(WAIT_SECONDS, TimeUnit.SECONDS).blockAddress().sequenceNo()).isEqualTo(sealedIn);
            assertThat(nextCommit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isGreaterThan(sealedIn);
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1011.00");
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
            HotDocumentLocks locks = ledger.core().hotDocuments();
            assertThat(locks.lockedDocuments()).isZero();
            assertThat(locks.sealedWrites()).as("forgotten once their commits ended").isZero();
        }
        try (Ledger reopened = open()) {
            assertThat(reopened.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1011.00");
        }
    }

    @Test
    void whenTheSealedRoundCannotBeMadeDurableTheCommitsThatReadItFailAndNothingOfThemIsJournaled()
            throws Exception {
        LedgerDigest before;
        long sealedIn;
        try (Ledger ledger = open()) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            before = ledger.digest();
            GatedLocalLog log = new GatedLocalLog(ledger);
            log.holdNextRound();
            Future<CommitResult> holder = commitOnItsOwnThread(ledger, null, BigDecimal.TEN);
            sealedIn = log.awaitHeldRound();
            Transaction next = ledger.begin();
            assertThat(balance(next, "acct-0")).as("the sealed write").isEqualByComparingTo("1010.00");
            add(next, "acct-0", BigDecimal.ONE); // writes 1011.00

            log.fail(() -> { }); // the journal failed: the ledger stops
            assertThat(failureOf(holder).code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThatThrownBy(next::commit).isInstanceOf(LedgerException.class);
        }
        try (Ledger reopened = open()) {
            assertThat(reopened.digest()).isEqualTo(before);
            assertThat(reopened.digest().tipAddress().sequenceNo()).isEqualTo(sealedIn - 1);
            assertThat(reopened.verifyJournal()).isEqualTo(before);
            assertThat(reopened.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1000.00");
        }
    }

    @Test
    void aCommitThatReadTheWriteOfACommitThatFailedIsRefusedEvenAfterTheLedgerWritesAgain() throws Exception {
        try (Ledger ledger = open()) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            GatedLocalLog log = new GatedLocalLog(ledger);
            log.holdNextRound();
            Future<CommitResult> holder = commitOnItsOwnThread(ledger, null, BigDecimal.TEN);
            log.awaitHeldRound();
            Transaction next = ledger.begin();
            assertThat(balance(next, "acct-0")).as("the sealed write").isEqualByComparingTo("1010.00");
            add(next, "acct-0", BigDecimal.ONE); // writes 1011.00

            // The log steps the ledger down and fails the round (a fenced writer); the ledger writes again after.
            log.fail(() -> ledger.replica().becomeFollower("early lock release test: fenced by a newer writer"));
            assertThat(failureOf(holder).getMessage()).contains("could not be made durable");
            ledger.replica().becomeWriter(ledger.replica().localLog());

            // Its write of 1011.00 came from +10 that never committed: validation alone would accept it (the failed
            // round's writes are forgotten); the committer refuses it because the commit it read from failed.
            assertThatThrownBy(next::commit).isInstanceOfSatisfying(LedgerException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
                assertThat(e.getMessage()).contains("a commit that failed");
            });
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1000.00");
            ledger.execute(tx -> {
                add(tx, "acct-0", BigDecimal.ONE);
                return null;
            });
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0"))).isEqualByComparingTo("1001.00");
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
        }
    }

    @Test
    void aReadOnlyTransactionThatReadASealedWriteCommitsOnlyOnceThatWriteIsDurable() throws Exception {
        try (Ledger ledger = open()) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            GatedLocalLog log = new GatedLocalLog(ledger);
            log.holdNextRound();
            Future<CommitResult> holder = commitOnItsOwnThread(ledger, null, BigDecimal.TEN);
            long sealedIn = log.awaitHeldRound();
            Transaction reader = ledger.begin();
            assertThat(balance(reader, "acct-0")).isEqualByComparingTo("1010.00");

            long[] durableAtCommit = {-2};
            Thread committing = new Thread(() -> {
                reader.commit();
                durableAtCommit[0] = log.durableThrough();
            }, "read-only commit");
            committing.start();
            // Waits for the holder's commit (or, without that wait, has already returned).
            while (committing.getState() != Thread.State.WAITING && committing.getState() != Thread.State.TERMINATED) {
                Thread.sleep(1);
            }
            log.release();
            committing.join();
            assertThat(durableAtCommit[0]).as("the holder's block was durable when the reader committed")
                    .isGreaterThanOrEqualTo(sealedIn);
            holder.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReadOnlyTransactionThatMixedASealedWriteWithAnOlderSnapshotFailsInsteadOfSeeingNoSingleState()
            throws Exception {
        try (Ledger ledger = open()) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            GatedLocalLog log = new GatedLocalLog(ledger);
            log.holdNextRound();
            // Moves 10 from acct-1 (not hot) to acct-0 (hot).
            Future<CommitResult> holder = commitOnItsOwnThread(ledger, "acct-1", BigDecimal.TEN);
            log.awaitHeldRound();
            Transaction reader = ledger.begin();
            BigDecimal total = balance(reader, "acct-1").add(balance(reader, "acct-0")); // snapshot, then sealed
            assertThat(total).as("no committed state has these two balances").isEqualByComparingTo("2010.00");

            log.release();
            holder.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThatThrownBy(reader::commit).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
        }
    }

    @Test
    void readingTheHistoryOfADocumentReadFromASealedWriteFailsInsteadOfMissingThatRevision() throws Exception {
        try (Ledger ledger = open()) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            GatedLocalLog log = new GatedLocalLog(ledger);
            log.holdNextRound();
            Future<CommitResult> holder = commitOnItsOwnThread(ledger, null, BigDecimal.TEN);
            log.awaitHeldRound();
            Transaction reader = ledger.begin();
            IonStruct account = (IonStruct) reader.execute("SELECT id, a.balance FROM Accounts AS a BY id "
                    + "WHERE a.accountId = 'acct-0'").get(0);
            assertThat(((IonDecimal) account.get("balance")).bigDecimalValue()).isEqualByComparingTo("1010.00");
            IonValue id = account.get("id");
            // The snapshot's history ends at 1000.00, one revision before what the reader just read.
            assertThatThrownBy(() -> reader.execute("SELECT h.data.balance FROM history(Accounts) AS h "
                    + "WHERE h.metadata.id = ?", id)).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
            reader.abort();
            log.release();
            holder.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Property: threads increment the hot acct-0 through a log that records what is durable. Every increment read
     * the one before it (the values seen are exactly 1000, 1001, …: no lost or phantom update), and when a commit is
     * acknowledged, the block that wrote the value it read is durable.
     */
    @Test
    void noCommitIsAcknowledgedBeforeTheCommitWhoseWriteItRead() throws Exception {
        int threadCount = 8;
        int perThread = 40;
        try (Ledger ledger = open()) {
            createAccounts(ledger, 2);
            heat(ledger, "acct-0");
            GatedLocalLog log = new GatedLocalLog(ledger);
            ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>(); // {seen, durable at ack}
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                workers.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        BigDecimal seen = ledger.execute(tx -> {
                            BigDecimal balance = balance(tx, "acct-0");
                            tx.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'acct-0'",
                                    ION.newDecimal(balance.add(BigDecimal.ONE)));
                            return balance;
                        });
                        acknowledged.add(new long[] {seen.longValueExact(), log.durableThrough()});
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(WAIT_SECONDS * 2, TimeUnit.SECONDS);
            }
            Map<Long, Long> writerOfBalance = new HashMap<>(); // balance -> block that wrote it
            for (IonValue row : ledger.execute(tx -> tx.execute("SELECT h.blockAddress.sequenceNo AS b, "
                    + "h.data.balance AS v FROM history(Accounts) AS h WHERE h.data.accountId = 'acct-0'"))) {
                IonStruct revision = (IonStruct) row;
                writerOfBalance.put(((IonDecimal) revision.get("v")).bigDecimalValue().longValueExact(),
                        ((IonInt) revision.get("b")).longValue());
            }
            int total = threadCount * perThread;
            assertThat(acknowledged).extracting(a -> a[0]).doesNotHaveDuplicates()
                    .allSatisfy(seen -> assertThat(seen).isBetween(1000L, 1000L + total - 1));
            for (long[] commit : acknowledged) {
                assertThat(commit[1]).as("durable when the commit that read balance %d was acknowledged", commit[0])
                        .isGreaterThanOrEqualTo(writerOfBalance.get(commit[0]));
            }
            assertThat(ledger.<BigDecimal>execute(tx -> balance(tx, "acct-0")))
                    .isEqualByComparingTo(BigDecimal.valueOf(1000L + total));
            assertThat(ledger.core().hotDocuments().handedOnSealed()).as("locks handed on early").isPositive();
            assertThat(ledger.core().hotDocuments().sealedWrites()).isZero();
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
        }
    }

    private static LedgerException failureOf(Future<?> future) throws Exception {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("the commit was acknowledged");
        } catch (ExecutionException e) {
            return (LedgerException) e.getCause();
        }
    }
}
