package io.vellum.kafka;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent money transfers between accounts (each a two-document transaction, one block) on background threads:
 * the commit load of the stream tests and the throughput harness. Also creates the table, the index and the
 * accounts, and a little history with a delete.
 */
final class TransferLoad implements AutoCloseable {
    static final IonSystem ION = IonSystemBuilder.standard().build();

    private final Ledger ledger;
    private final int accounts;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong transfers = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    private TransferLoad(Ledger ledger, int accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /** Creates {@code Accounts} with an index and {@code accounts} accounts of 1000.00, plus a deleted document. */
    static void createAccounts(Ledger ledger, int accounts) {
        ledger.execute(tx -> tx.execute("CREATE TABLE Accounts"));
        ledger.execute(tx -> tx.execute("CREATE INDEX ON Accounts (accountId)"));
        for (int start = 0; start < accounts; start += 20) {
            int first = start;
            ledger.execute(tx -> {
                for (int i = first; i < Math.min(accounts, first + 20); i++) {
                    tx.execute("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': 1000.00}",
                            ION.newString("acct-" + i));
                }
                return null;
            });
        }
        ledger.execute(tx -> tx.execute("INSERT INTO Accounts VALUE {'accountId': 'closed', 'balance': 0.00}"));
        ledger.execute(tx -> tx.execute("DELETE FROM Accounts AS a WHERE a.accountId = 'closed'"));
    }

    /** Starts {@code threads} threads each committing transfers until {@link #close}. */
    static TransferLoad start(Ledger ledger, int accounts, int threads, long seed) {
        TransferLoad load = new TransferLoad(ledger, accounts);
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> {
                while (!load.stop.get()) {
                    load.transferOnce(random);
                }
            }, "transfer-load-" + t);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    /** One transfer between two random accounts, in its own transaction (retried on conflicts by the ledger). */
    void transferOnce(Random random) {
        int from = random.nextInt(accounts);
        int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(500), 2);
        ledger.execute(tx -> transfer(tx, "acct-" + from, "acct-" + to, amount));
        transfers.incrementAndGet();
    }

    private static boolean transfer(Transaction tx, String from, String to, BigDecimal amount) {
        BigDecimal source = balance(tx, from);
        if (source.compareTo(amount) < 0) {
            return false;
        }
        tx.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ION.newDecimal(source.subtract(amount)), ION.newString(from));
        tx.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ION.newDecimal(balance(tx, to).add(amount)), ION.newString(to));
        return true;
    }

    private static BigDecimal balance(Transaction tx, String accountId) {
        List<IonValue> rows = tx.execute("SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?",
                ION.newString(accountId));
        return ((IonDecimal) ((IonStruct) rows.get(0)).get("balance")).bigDecimalValue();
    }

    long transfers() {
        return transfers.get();
    }

    /** Stops the threads and waits for them; idempotent. */
    void stop() {
        stop.set(true);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
