package io.vellum.engine;

import io.vellum.proof.verify.RevisionProof;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.verify.Verifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serializability under contention: concurrent read–check–write transfers never create or destroy money, never
 * overdraw, and every account's history replays to its balance.
 */
@Tag("slow")
class BankInvariantTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final int ACCOUNTS = 100;
    private static final BigDecimal INITIAL = new BigDecimal("100.00");

    @TempDir
    Path directory;

    @Test
    void transfersConserveMoneyAndHistoriesReplay() throws Exception {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("BankInvariantTest seed=" + seed);
        long durationMillis = Long.getLong("vellum.bank.millis", 10_000);
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Accounts"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Accounts (accountId)"));
            for (int start = 0; start < ACCOUNTS; start += 20) {
                int first = start;
                ledger.execute(tx -> {
                    for (int i = first; i < first + 20; i++) {
                        tx.execute("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': ?, 'delta': 0.00}",
                                ION.newString("acct-" + i), ION.newDecimal(INITIAL));
                    }
                    return null;
                });
            }
            BigDecimal total = INITIAL.multiply(BigDecimal.valueOf(ACCOUNTS));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicInteger sums = new AtomicInteger();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random random = new Random(seed + t);
                threads.add(guarded(violations, () -> {
                    while (!stop.get()) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        BigDecimal amount = BigDecimal.valueOf(random.nextInt(5000), 2);
                        boolean moved = ledger.execute(tx -> transfer(tx, "acct-" + from, "acct-" + to, amount));
                        (moved ? transfers : refused).incrementAndGet();
                    }
                }));
            }
            threads.add(guarded(violations, () -> {
                while (!stop.get()) {
                    BigDecimal sum = ledger.execute(tx -> {
                        BigDecimal s = BigDecimal.ZERO;
                        for (IonValue value : tx.execute("SELECT a.balance FROM Accounts AS a")) {
                            BigDecimal balance = ((IonDecimal) ((IonStruct) value).get("balance")).bigDecimalValue();
                            if (balance.signum() < 0) {
                                violations.add("negative balance " + balance);
                            }
                            s = s.add(balance);
                        }
                        return s;
                    });
                    sums.incrementAndGet();
                    if (sum.compareTo(total) != 0) {
                        violations.add("sum " + sum + " != " + total);
                    }
                }
            }));
            threads.forEach(Thread::start);
            Thread.sleep(durationMillis);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            System.out.printf("transfers=%d refused=%d sums=%d conflicts=%d%n", transfers.get(), refused.get(),
                    sums.get(), ledger.statistics().conflicts());
            assertThat(violations).isEmpty();
            assertThat(transfers.get()).isGreaterThan(100);
            assertThat(sums.get()).isGreaterThan(10);
            assertHistoriesReplay(ledger, total);
        }
    }

    /**
     * A thread running {@code body} that reports any exception as a violation: an exception that only ended a
     * worker thread (a failed transfer, retries exhausted) would otherwise go unnoticed and the test pass.
     */
    private static Thread guarded(ConcurrentLinkedQueue<String> violations, Runnable body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | AssertionError e) {
                violations.add(Thread.currentThread().getName() + " failed: " + e);
            }
        });
    }

    private static boolean transfer(Transaction tx, String from, String to, BigDecimal amount) {
        IonStruct source = account(tx, from);
        IonStruct target = account(tx, to);
        BigDecimal sourceBalance = balance(source);
        if (sourceBalance.compareTo(amount) < 0) {
            return false;
        }
        tx.execute("UPDATE Accounts AS a SET a.balance = ?, a.delta = ? WHERE a.accountId = ?",
                ION.newDecimal(sourceBalance.subtract(amount)), ION.newDecimal(amount.negate()), ION.newString(from));
        tx.execute("UPDATE Accounts AS a SET a.balance = ?, a.delta = ? WHERE a.accountId = ?",
                ION.newDecimal(balance(target).add(amount)), ION.newDecimal(amount), ION.newString(to));
        return true;
    }

    private static IonStruct account(Transaction tx, String accountId) {
        List<IonValue> rows = tx.execute("SELECT * FROM Accounts AS a WHERE a.accountId = ?", ION.newString(accountId));
        assertThat(rows).hasSize(1);
        return (IonStruct) rows.get(0);
    }

    private static BigDecimal balance(IonStruct account) {
        return ((IonDecimal) account.get("balance")).bigDecimalValue();
    }

    private static void assertHistoriesReplay(Ledger ledger, BigDecimal total) {
        LedgerDigest digest = ledger.digest();
        ledger.execute(tx -> {
            BigDecimal sum = BigDecimal.ZERO;
            for (IonValue row : tx.execute("SELECT * FROM _ql_committed_Accounts")) {
                IonStruct committed = (IonStruct) row;
                String id = ((IonString) ((IonStruct) committed.get("metadata")).get("id")).stringValue();
                List<IonValue> history = tx.execute("SELECT * FROM history(Accounts) AS h WHERE h.metadata.id = ?",
                        ION.newString(id));
                BigDecimal replayed = null;
                long expectedVersion = 0;
                for (IonValue revisionValue : history) {
                    IonStruct revision = (IonStruct) revisionValue;
                    IonStruct metadata = (IonStruct) revision.get("metadata");
                    assertThat(((IonInt) metadata.get("version")).longValue()).isEqualTo(expectedVersion++);
                    IonStruct data = (IonStruct) revision.get("data");
                    BigDecimal balance = balance(data);
                    assertThat(balance.signum()).as("balance of revision %s of %s", metadata, id).isNotNegative();
                    BigDecimal delta = ((IonDecimal) data.get("delta")).bigDecimalValue();
                    replayed = replayed == null ? balance : replayed.add(delta);
                    assertThat(replayed).as("revision %s of %s", metadata, id).isEqualByComparingTo(balance);
                }
                BigDecimal current = balance((IonStruct) committed.get("data"));
                assertThat(replayed).isEqualByComparingTo(current);
                sum = sum.add(current);
                BlockAddress address = BlockAddress.parseIonText(committed.get("blockAddress").toString());
                RevisionProof proof = ledger.revision(address, id, digest.tipAddress());
                Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
            }
            assertThat(sum).isEqualByComparingTo(total);
            return null;
        });
    }

    @Test
    void concurrentCreateIfAbsentHasExactlyOneWinner() throws Exception {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Accounts"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Accounts (accountId)"));
            for (int round = 0; round < 20; round++) {
                String accountId = "unique-" + round;
                AtomicInteger created = new AtomicInteger();
                ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    threads.add(guarded(failures, () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        boolean inserted = ledger.execute(tx -> {
                            if (!tx.execute("SELECT * FROM Accounts WHERE accountId = ?", ION.newString(accountId))
                                    .isEmpty()) {
                                return false;
                            }
                            tx.execute("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': 0}",
                                    ION.newString(accountId));
                            return true;
                        });
                        if (inserted) {
                            created.incrementAndGet();
                        }
                    }));
                }
                threads.forEach(Thread::start);
                start.countDown();
                for (Thread thread : threads) {
                    thread.join();
                }
                assertThat(failures).as("threads that failed instead of winning or losing").isEmpty();
                assertThat(created.get()).as("winners for %s", accountId).isEqualTo(1);
                List<IonValue> rows = ledger.execute(tx -> tx.execute(
                        "SELECT * FROM Accounts WHERE accountId = ?", ION.newString(accountId)));
                assertThat(rows).hasSize(1);
            }
        }
    }
}
