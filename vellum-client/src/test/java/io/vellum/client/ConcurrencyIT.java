package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrent read-modify-write transactions on shared counters: the server's optimistic concurrency control makes
 * some of them conflict, the client re-runs those functions, and no increment is lost.
 */
class ConcurrencyIT {
    private static final int THREADS = 8;
    private static final int INCREMENTS_PER_THREAD = 25;
    private static final String[] COUNTERS = {"red", "blue"};

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.shared();

    @Test
    @Tag("slow")
    void eightThreadsIncrementingSharedCountersLoseNoIncrement() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("ConcurrencyIT seed " + seed);
        try (VellumClient client = SERVER.clientBuilder(SERVER.createLedger("counters"))
                // Contention is the point here: allow enough retries that no increment gives up.
                .retryPolicy(VellumClientBuilder.DEFAULT_RETRY_POLICY.withMaxAttempts(101))
                .build()) {
            IonSystem ion = client.ionSystem();
            createCounters(client);
            long conflictsBefore = SERVER.server().metrics().occConflicts();
            AtomicInteger executions = new AtomicInteger();
            int[][] incrementsByThread = new int[THREADS][COUNTERS.length];
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Random random = new Random(seed + t);
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                        int counter = random.nextInt(COUNTERS.length);
                        IonValue name = ion.newString(COUNTERS[counter]);
                        client.execute(txn -> {
                            executions.incrementAndGet();
                            IonInt current = (IonInt) txn.execute(
                                    "SELECT VALUE c.n FROM Counters AS c WHERE c.name = ?", name).iterator().next();
                            return txn.execute("UPDATE Counters AS c SET c.n = ? WHERE c.name = ?",
                                    ion.newInt(current.longValue() + 1), name);
                        });
                        incrementsByThread[thread][counter]++;
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
            threads.shutdown();

            int committed = THREADS * INCREMENTS_PER_THREAD;
            int retries = executions.get() - committed;
            long conflicts = SERVER.server().metrics().occConflicts() - conflictsBefore;
            System.out.println("ConcurrencyIT: " + committed + " increments, " + retries + " retried executions, "
                    + conflicts + " OCC conflicts reported by the server");
            assertThat(retries).as("re-executions after OCC conflicts").isPositive();
            assertThat(retries).as("every re-execution answers one conflict the server reported").isEqualTo(conflicts);
            for (int counter = 0; counter < COUNTERS.length; counter++) {
                int expected = 0;
                for (int[] thread : incrementsByThread) {
                    expected += thread[counter];
                }
                String name = COUNTERS[counter];
                IonInt value = client.execute(txn -> (IonInt) txn.execute(
                        "SELECT VALUE c.n FROM Counters AS c WHERE c.name = ?", ion.newString(name)).toList().get(0));
                assertThat(value.longValue()).as("counter %s", name).isEqualTo(expected);
            }
        }
    }

    @Test
    void noMoreSessionsThanConcurrentTransactionsAllowed() throws Exception {
        try (VellumClient client = SERVER.clientBuilder(SERVER.createLedger("bounded"))
                .maxConcurrentTransactions(3)
                .build()) {
            client.execute(txn -> txn.execute("CREATE TABLE T"));
            long sessionsBefore = SERVER.server().metrics().sessionsStarted();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        int n = i;
                        client.execute(txn -> txn.execute("INSERT INTO T ?",
                                client.ionSystem().singleValue("{thread: " + thread + ", n: " + n + "}")));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
            threads.shutdown();
            // One session was already pooled by CREATE TABLE; at most three exist at any time.
            assertThat(SERVER.server().metrics().sessionsStarted() - sessionsBefore).isLessThanOrEqualTo(2);
            List<IonValue> rows = client.execute(txn -> txn.execute("SELECT * FROM T").toList());
            assertThat(rows).hasSize(THREADS * 5);
        }
    }

    private static void createCounters(VellumClient client) {
        IonSystem ion = client.ionSystem();
        client.execute(txn -> txn.execute("CREATE TABLE Counters"));
        client.execute(txn -> txn.execute("CREATE INDEX ON Counters (name)"));
        client.execute(txn -> {
            for (String name : COUNTERS) {
                txn.execute("INSERT INTO Counters ?", ion.singleValue("{name: \"" + name + "\", n: 0}"));
            }
            return null;
        });
    }
}
