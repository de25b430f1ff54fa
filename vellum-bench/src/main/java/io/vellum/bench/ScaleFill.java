package io.vellum.bench;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale runs' write workload: 4 threads, each committing transactions of 40 revisions to table {@code Items}.
 * A transaction inserts 40 new documents (~140 bytes of Ion each) or, with probability {@code updateShare},
 * updates 40 existing documents picked uniformly from those this fill inserted, so documents get histories of
 * several revisions and early documents the longest ones.
 */
final class ScaleFill {
    static final String TABLE = "Items";
    static final int REVISIONS_PER_TRANSACTION = 40;
    private static final int THREADS = 4;
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    /**
     * What one call of {@link #fill} wrote; {@code expired} counts transactions that the ledger expired (a commit
     * that waited longer than the transaction timeout) and that were run again.
     */
    record Result(long inserted, long updated, long expired, double seconds) {
        long revisions() {
            return inserted + updated;
        }

        double revisionsPerSecond() {
            return revisions() / seconds;
        }
    }

    private final double updateShare;
    private final DocumentIdPool ids = new DocumentIdPool();

    /** @param updateShare share of transactions that update instead of insert, in [0, 1) */
    ScaleFill(double updateShare) {
        if (updateShare < 0 || updateShare >= 1) {
            throw new IllegalArgumentException("updateShare must be in [0, 1), got " + updateShare);
        }
        this.updateShare = updateShare;
    }

    /** Creates the table unless it exists already (an existing ledger being extended). */
    static void createTable(Ledger ledger) {
        try {
            ledger.execute(tx -> tx.execute("CREATE TABLE " + TABLE));
        } catch (LedgerException e) {
            // already there
        }
    }

    /**
     * Writes {@code revisions} revisions (rounded up to whole transactions) and returns what was written; with
     * {@code Long.MAX_VALUE} it writes until the process is killed (the crash scenario).
     */
    Result fill(Ledger ledger, long revisions) throws InterruptedException {
        createTable(ledger);
        AtomicLong claimed = new AtomicLong();
        AtomicLong inserted = new AtomicLong();
        AtomicLong updated = new AtomicLong();
        AtomicLong expired = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int writer = t;
            threads.add(new Thread(() -> {
                while (claimed.getAndAdd(REVISIONS_PER_TRANSACTION) < revisions) {
                    try {
                        // Updates need documents to pick from; before there are some, everything inserts.
                        if (ids.size() >= 10 * REVISIONS_PER_TRANSACTION
                                && ThreadLocalRandom.current().nextDouble() < updateShare) {
                            update(ledger);
                            updated.addAndGet(REVISIONS_PER_TRANSACTION);
                        } else {
                            ids.addAll(insert(ledger, writer));
                            inserted.addAndGet(REVISIONS_PER_TRANSACTION);
                        }
                    } catch (LedgerException e) {
                        if (e.code() != ErrorCode.TRANSACTION_EXPIRED) {
                            throw e;
                        }
                        expired.incrementAndGet();
                        claimed.addAndGet(-REVISIONS_PER_TRANSACTION); // nothing was written: claim it again
                    }
                }
            }, "scale-fill-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(inserted.get(), updated.get(), expired.get(), (System.nanoTime() - start) / 1e9);
    }

    private static List<String> insert(Ledger ledger, int writer) {
        IonStruct row = ION.newEmptyStruct();
        row.put("writer").newInt(writer);
        row.put("payload").newString("x".repeat(100));
        return ledger.execute(tx -> {
            List<String> inserted = new ArrayList<>(REVISIONS_PER_TRANSACTION);
            for (int i = 0; i < REVISIONS_PER_TRANSACTION; i++) {
                IonValue result = tx.execute("INSERT INTO " + TABLE + " VALUE ?", row).get(0);
                inserted.add(((com.amazon.ion.IonText) ((IonStruct) result).get("documentId")).stringValue());
            }
            return inserted;
        });
    }

    private void update(Ledger ledger) {
        // Distinct targets: two updates of one document in a transaction would still make one revision.
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();
        while (targets.size() < REVISIONS_PER_TRANSACTION) {
            targets.add(ids.random());
        }
        long stamp = System.nanoTime();
        ledger.execute(tx -> {
            for (String id : targets) {
                tx.execute("UPDATE " + TABLE + " AS i BY pid SET i.n = ? WHERE pid = ?",
                        ION.newInt(stamp), ION.newString(id));
            }
            return null;
        });
    }
}
