package io.vellum.server.cluster;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.qldb.QldbDriver;

/**
 * The bank transfer workload of the cluster tests (as {@code ClusterFailoverTest}'s): accounts with a balance each,
 * one client thread per driver transferring a random amount between two random accounts until {@link #stop}. A
 * transfer checks that its id is not in {@code Transfers} yet, so the driver's retry of a transaction whose answer
 * was lost applies it once: a transfer applied twice can only come from the database. A transfer whose
 * {@code execute} returned is acknowledged (with the node it went through and its begin and end times); one that
 * threw has an unknown outcome, which {@link ClusterInvariants#checkBank} allows either way.
 */
final class BankWorkload {
    /**
     * Many accounts, so that two concurrent transfers rarely touch the same one: a transfer forwarded by a follower
     * takes several writer commits' time, and with few accounts it would nearly always conflict with one of them.
     */
    static final int ACCOUNTS = 64;
    static final int INITIAL_BALANCE = 1000;

    /** An acknowledged transfer: through which node, when its {@code execute} began and returned (nanoTime). */
    record Acknowledged(String id, String node, long startedAt, long endedAt) {
    }

    /** A transfer whose {@code execute} threw: through which node, when, and what it threw. */
    record Failed(String node, long startedAt, long endedAt, RuntimeException error) {
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Failed> failed = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();

    /**
     * Creates the tables, their indexes and the accounts through {@code driver}. The indexes keep a transfer's reads
     * to the documents it touches: a full scan would conflict with every concurrent transfer, and the clients whose
     * transactions are forwarded (slower) would then lose nearly every conflict to those on the writer.
     */
    static void createAccounts(QldbDriver driver) {
        driver.execute(txn -> {
            txn.execute("CREATE TABLE Accounts");
        });
        driver.execute(txn -> {
            txn.execute("CREATE TABLE Transfers");
        });
        driver.execute(txn -> {
            txn.execute("CREATE INDEX ON Accounts (id)");
        });
        driver.execute(txn -> {
            txn.execute("CREATE INDEX ON Transfers (id)");
        });
        // A transaction may write at most 40 documents (QLDB's limit): the accounts in batches.
        for (int batch = 0; batch < ACCOUNTS; batch += 32) {
            int first = batch;
            driver.execute(txn -> {
                for (int account = first; account < Math.min(ACCOUNTS, first + 32); account++) {
                    txn.execute("INSERT INTO Accounts VALUE {'id': " + account + ", 'balance': " + INITIAL_BALANCE
                            + "}");
                }
            });
        }
    }

    /** Starts one client thread per entry: node id to a driver pointed at that node. */
    BankWorkload(Map<String, QldbDriver> drivers) {
        for (Map.Entry<String, QldbDriver> entry : drivers.entrySet()) {
            String node = entry.getKey();
            QldbDriver driver = entry.getValue();
            Random random = new Random(node.hashCode());
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = random.nextInt(ACCOUNTS);
                    if (from == to) {
                        continue;
                    }
                    transfer(driver, node, from, to, 1 + random.nextInt(20));
                }
            }, "transfers-" + node);
            worker.start();
            workers.add(worker);
        }
    }

    private void transfer(QldbDriver driver, String node, int from, int to, int amount) {
        String id = UUID.randomUUID().toString();
        long startedAt = System.nanoTime();
        try {
            driver.execute(txn -> {
                if (txn.execute("SELECT t.id FROM Transfers AS t WHERE t.id = '" + id + "'").iterator().hasNext()) {
                    return;
                }
                int fromBalance = balance(txn.execute("SELECT a.balance FROM Accounts AS a WHERE a.id = " + from)
                        .iterator().next());
                int toBalance = balance(txn.execute("SELECT a.balance FROM Accounts AS a WHERE a.id = " + to)
                        .iterator().next());
                txn.execute("UPDATE Accounts AS a SET a.balance = " + (fromBalance - amount) + " WHERE a.id = "
                        + from);
                txn.execute("UPDATE Accounts AS a SET a.balance = " + (toBalance + amount) + " WHERE a.id = " + to);
                txn.execute("INSERT INTO Transfers VALUE {'id': '" + id + "', 'from': " + from + ", 'to': " + to
                        + ", 'amount': " + amount + "}");
            });
            acknowledged.put(id, new Acknowledged(id, node, startedAt, System.nanoTime()));
        } catch (RuntimeException e) {
            failed.add(new Failed(node, startedAt, System.nanoTime(), e));
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Transfers acknowledged so far, by id. */
    Map<String, Acknowledged> acknowledged() {
        return acknowledged;
    }

    /** Acknowledged transfers whose {@code execute} began after {@code nanoTime}. */
    long acknowledgedBegunAfter(long nanoTime) {
        return acknowledged.values().stream().filter(a -> a.startedAt() > nanoTime).count();
    }

    /** Transfers whose {@code execute} threw, so far. */
    List<Failed> failed() {
        return List.copyOf(failed);
    }

    /** Tells the client threads to stop after their transfer in progress, without waiting (a test's clean-up). */
    void halt() {
        running.set(false);
    }

    /** Stops the client threads and waits for them (each ends after its transfer in progress). */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join(300_000);
        }
    }

    static int balance(IonValue row) {
        IonValue balance = ((IonStruct) row).get("balance");
        return balance instanceof IonDecimal decimal ? decimal.bigDecimalValue().intValueExact()
                : ((IonInt) balance).intValue();
    }
}
