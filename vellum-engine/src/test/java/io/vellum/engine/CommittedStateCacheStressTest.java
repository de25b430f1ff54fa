package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The committed-state cache never serves a transaction anything but its snapshot's state: a stale read would let a
 * read-increment-write commit over a newer value (OCC validates writes after the snapshot, not before), and the
 * counters would end below the number of committed increments.
 */
class CommittedStateCacheStressTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final int COUNTERS = 4;

    @TempDir
    Path directory;

    /** 2 entries: constant eviction and re-adding; 50,000: everything stays cached. */
    @ParameterizedTest
    @ValueSource(ints = {2, 50_000})
    void concurrentIncrementsThroughTheCacheAreNeverLost(int cacheEntries) throws Exception {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("CommittedStateCacheStressTest seed=" + seed + " cacheEntries=" + cacheEntries);
        LedgerOptions options = LedgerOptions.defaults().withCommittedCacheEntries(cacheEntries)
                .withConflictRetries(1_000);
        try (Ledger ledger = Ledger.open(directory, options)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Counters"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Counters (name)"));
            ledger.execute(tx -> {
                for (int i = 0; i < COUNTERS; i++) {
                    tx.execute("INSERT INTO Counters VALUE {'name': ?, 'n': 0}", ION.newString("c" + i));
                }
                return null;
            });
            AtomicLongArray committed = new AtomicLongArray(COUNTERS);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                Random random = new Random(seed + t);
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < 250; i++) {
                            int counter = random.nextInt(COUNTERS);
                            boolean byId = random.nextBoolean();
                            ledger.execute(tx -> increment(tx, "c" + counter, byId));
                            committed.incrementAndGet(counter);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            for (int i = 0; i < COUNTERS; i++) {
                assertThat(value(ledger, "c" + i)).as("counter c" + i).isEqualTo(committed.get(i));
            }
            LedgerStatistics statistics = ledger.statistics();
            assertThat(statistics.cacheHits()).as("the cache answered reads").isPositive();
        }
    }

    /** Reads the counter (by index, or by id through the committed view), then writes it plus one. */
    private static Void increment(Transaction tx, String name, boolean byId) {
        IonStruct row = (IonStruct) tx.execute("SELECT * FROM Counters WHERE name = ?", ION.newString(name)).get(0);
        long n = ((IonInt) row.get("n")).longValue();
        if (byId) {
            String id = ((com.amazon.ion.IonString) tx.execute(
                    "SELECT VALUE metadata.id FROM _ql_committed_Counters WHERE data.name = ?",
                    ION.newString(name)).get(0)).stringValue();
            IonStruct again = (IonStruct) tx.execute("SELECT * FROM Counters BY docId WHERE docId = ?",
                    ION.newString(id)).get(0);
            assertThat(((IonInt) again.get("n")).longValue()).isEqualTo(n);
        }
        tx.execute("UPDATE Counters SET n = ? WHERE name = ?", ION.newInt(n + 1), ION.newString(name));
        return null;
    }

    private static long value(Ledger ledger, String name) {
        IonValue row = ledger.executeStatement("SELECT * FROM Counters WHERE name = ?", ION.newString(name)).get(0);
        return ((IonInt) ((IonStruct) row).get("n")).longValue();
    }

    @Test
    void aTransactionOnAnOlderSnapshotDoesNotSeeNewerCachedState() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Counters"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Counters (name)"));
            ledger.execute(tx -> tx.execute("INSERT INTO Counters VALUE {'name': 'a', 'n': 0}"));
            ledger.execute(tx -> tx.execute("UPDATE Counters SET n = 1 WHERE name = 'a'"));
            assertThat(value(ledger, "a")).isEqualTo(1);

            Transaction older = ledger.begin();
            ledger.execute(tx -> tx.execute("UPDATE Counters SET n = 2 WHERE name = 'a'"));
            assertThat(value(ledger, "a")).as("cached after the update").isEqualTo(2);

            IonStruct seen = (IonStruct) older.execute("SELECT * FROM Counters WHERE name = 'a'").get(0);
            assertThat(((IonInt) seen.get("n")).longValue()).as("the older snapshot's value").isEqualTo(1);
            older.execute("UPDATE Counters SET n = 10 WHERE name = 'a'");
            assertThatThrownBy(older::commit).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
            assertThat(value(ledger, "a")).isEqualTo(2);
        }
    }
}
