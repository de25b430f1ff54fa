package io.vellum.bench;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import java.math.BigDecimal;
import java.util.List;

/**
 * The wallet transfer every load generator runs, whatever the client (embedded ledger, official QLDB driver,
 * vellum-client): two indexed reads, two updates, one insert, in one transaction.
 */
public final class TransferWorkload {
    public static final IonSystem ION = IonSystemBuilder.standard().build();

    private TransferWorkload() {
    }

    /** Runs one statement inside the caller's transaction. */
    @FunctionalInterface
    public interface Statements {
        List<IonValue> run(String statement, IonValue... parameters);
    }

    /** Moves {@code amount} unless the source is short; returns whether it moved. */
    public static boolean transfer(Statements statements, String from, String to, BigDecimal amount) {
        // Both reads are issued before either result is looked at: the same statements in the same order as reading
        // each at once, but a client that sends statements when their results are first used (vellum-client with
        // batchStatements) can then carry both in one request.
        List<IonValue> fromRows = balanceQuery(statements, from);
        List<IonValue> toRows = balanceQuery(statements, to);
        return transfer(statements, from, to, amount, balance(fromRows), balance(toRows));
    }

    /**
     * {@link #transfer} reading the source's balance before issuing the target's read: the order before issue 16's
     * two-request transfer, kept to compare the two request shapes (a batching client needs one more request).
     */
    public static boolean transferReadingEachAtOnce(Statements statements, String from, String to,
                                                    BigDecimal amount) {
        BigDecimal fromBalance = balance(balanceQuery(statements, from));
        BigDecimal toBalance = balance(balanceQuery(statements, to));
        return transfer(statements, from, to, amount, fromBalance, toBalance);
    }

    private static boolean transfer(Statements statements, String from, String to, BigDecimal amount,
                                    BigDecimal fromBalance, BigDecimal toBalance) {
        if (fromBalance.compareTo(amount) < 0) {
            return false;
        }
        statements.run("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ION.newDecimal(fromBalance.subtract(amount)), ION.newString(from));
        statements.run("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ION.newDecimal(toBalance.add(amount)), ION.newString(to));
        statements.run("INSERT INTO Transfers VALUE {'from': ?, 'to': ?, 'amount': ?}", ION.newString(from),
                ION.newString(to), ION.newDecimal(amount));
        return true;
    }

    private static List<IonValue> balanceQuery(Statements statements, String accountId) {
        return statements.run("SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?", ION.newString(accountId));
    }

    private static BigDecimal balance(List<IonValue> rows) {
        return ((IonDecimal) ((IonStruct) rows.get(0)).get("balance")).bigDecimalValue();
    }

    /** The tables, the index and {@code accounts} accounts, 40 inserts per transaction. */
    public static void createAccounts(java.util.function.Consumer<java.util.function.Consumer<Statements>> transaction,
                               int accounts) {
        transaction.accept(s -> s.run("CREATE TABLE Accounts"));
        transaction.accept(s -> s.run("CREATE INDEX ON Accounts (accountId)"));
        transaction.accept(s -> s.run("CREATE TABLE Transfers"));
        for (int start = 0; start < accounts; start += 40) {
            int first = start;
            transaction.accept(s -> {
                for (int i = first; i < Math.min(first + 40, accounts); i++) {
                    s.run("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': 1000000.00}",
                            ION.newString("acct-" + i));
                }
            });
        }
    }

    /** What {@link #drive} measured: committed transfers, elapsed seconds, latency in microseconds. */
    record Measured(long committed, double seconds, org.HdrHistogram.Histogram latencyMicros) {
    }

    /**
     * Runs transfers between random accounts from {@code threads} threads for {@code seconds}; {@code oneTransfer}
     * runs one whole transfer transaction (retrying conflicts) with the given source and target accounts.
     */
    static Measured drive(java.util.function.BiConsumer<String, String> oneTransfer, int threads, int seconds,
                          int accounts) throws InterruptedException {
        org.HdrHistogram.Recorder recorder = new org.HdrHistogram.Recorder(3);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            java.util.Random random = new java.util.Random(t);
            workers.add(new Thread(() -> {
                while (!stop.get()) {
                    int from = random.nextInt(accounts);
                    int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                    long start = System.nanoTime();
                    oneTransfer.accept("acct-" + from, "acct-" + to);
                    recorder.recordValue((System.nanoTime() - start) / 1000);
                    committed.incrementAndGet();
                }
            }));
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return new Measured(committed.get(), (System.nanoTime() - start) / 1e9, recorder.getIntervalHistogram());
    }
}
