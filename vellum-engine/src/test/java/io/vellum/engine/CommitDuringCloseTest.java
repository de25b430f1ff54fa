package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (session 11): a commit submitted while the committer ended (the ledger closing) could be queued after
 * the committer's last look at its queue, and its caller then waited for the result forever. Every commit racing a
 * close must end: committed, or refused. The race is a window of a few instructions, so the test closes many ledgers
 * under writers; without the fix a writer was left waiting (the timeout), with it none can be.
 */
class CommitDuringCloseTest {
    private static final int LEDGERS = 30;
    private static final int WRITERS = 4;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyCommitRacingACloseEnds() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < LEDGERS; round++) {
                Ledger ledger = Ledger.open(directory.resolve("ledger-" + round));
                ledger.execute(tx -> tx.execute("CREATE TABLE Things"));
                CountDownLatch writing = new CountDownLatch(WRITERS);
                AtomicInteger committed = new AtomicInteger();
                List<Future<LedgerException>> ends = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    ends.add(writers.submit(() -> insertUntilRefused(ledger, writing, committed)));
                }
                writing.await();
                ledger.close();
                for (Future<LedgerException> end : ends) {
                    LedgerException refusal = end.get(60, TimeUnit.SECONDS);
                    assertThat(refusal).as("a writer of a closed ledger is refused").isNotNull();
                }
                assertThat(committed.get()).as("writers committed before the close").isPositive();
            }
        } finally {
            writers.shutdownNow();
        }
    }

    /** Inserts until the ledger refuses a commit; returns that refusal. */
    private static LedgerException insertUntilRefused(Ledger ledger, CountDownLatch writing, AtomicInteger committed) {
        boolean counted = false;
        while (true) {
            try {
                ledger.execute(tx -> tx.execute("INSERT INTO Things VALUE {'n': 1}"));
                committed.incrementAndGet();
            } catch (LedgerException refused) {
                if (!counted) {
                    writing.countDown();
                }
                return refused;
            }
            if (!counted) {
                counted = true;
                writing.countDown();
            }
        }
    }
}
