package io.vellum.cluster;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Commit rate and latency of a single-node ledger against a replicated writer (with one follower) on an in-process
 * broker, same machine, same run, and the follower's lag. Not a test (its name keeps it out of the default test
 * run; it asserts nothing): run it explicitly and record the numbers.
 *
 * <p>Run: {@code mvn -B -o -pl vellum-cluster -am test -Dtest=ReplicationThroughputHarness
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dvellum.harness.seconds=15 -Dvellum.harness.threads=4]}.
 */
class ReplicationThroughputHarness {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Test
    void measure() throws Exception {
        int threads = Integer.getInteger("vellum.harness.threads", 4);
        int accounts = Integer.getInteger("vellum.harness.accounts", 100);
        long seconds = Long.getLong("vellum.harness.seconds", 15);
        Path directory = Files.createTempDirectory("vellum-cluster-harness");
        System.out.printf("harness: %d cores (load average %.1f), %d threads, %d accounts, %d s per phase%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), threads, accounts, seconds);
        try {
            try (Ledger single = Ledger.open(directory.resolve("single"), LedgerOptions.defaults())) {
                createAccounts(single, accounts);
                report("single-node", run(single, threads, accounts, seconds, null));
            }
            try (EmbeddedKafka kafka = new EmbeddedKafka(directory, 1);
                 ReplicatedLedger writer = ReplicatedLedger.openWriter("harness", directory.resolve("node-1"),
                         LedgerOptions.defaults(), new ClusterSettings(kafka.bootstrapServers(), "node-1"));
                 ReplicatedLedger follower = ReplicatedLedger.openFollower("harness", directory.resolve("node-2"),
                         LedgerOptions.defaults(), new ClusterSettings(kafka.bootstrapServers(), "node-2"))) {
                createAccounts(writer.ledger(), accounts);
                Result result = run(writer.ledger(), threads, accounts, seconds, follower);
                report("replicated writer + 1 follower", result);
                long tip = writer.ledger().digest().tipAddress().sequenceNo();
                long start = System.nanoTime();
                while (follower.status().tipSequenceNo() < tip) {
                    Thread.sleep(5);
                }
                long[] lag = result.lagBlocks();
                Arrays.sort(lag);
                System.out.printf("harness: follower lag sampled every 100 ms: p50 %d, p99 %d, max %d blocks; "
                                + "caught up %d ms after the load stopped%n", percentile(lag, 50),
                        percentile(lag, 99), lag.length == 0 ? 0 : lag[lag.length - 1],
                        (System.nanoTime() - start) / 1_000_000);
            }
            System.out.printf("harness: load average at the end %.1f%n", loadAverage());
        } finally {
            deleteRecursively(directory);
        }
    }

    private record Result(long commits, long nanos, long[] latencies, long[] lagBlocks) {
    }

    private static void createAccounts(Ledger ledger, int accounts) {
        ledger.executeStatement("CREATE TABLE Accounts");
        ledger.executeStatement("CREATE INDEX ON Accounts (accountId)");
        for (int i = 0; i < accounts; i++) {
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': 'a" + i + "', 'balance': 1000}");
        }
    }

    private static Result run(Ledger ledger, int threads, int accounts, long seconds, ReplicatedLedger follower)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<List<Long>> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int from = random.nextInt(accounts);
                    int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                    long start = System.nanoTime();
                    ledger.execute(tx -> {
                        tx.execute("UPDATE Accounts AS a SET a.balance = a.balance - 1 WHERE a.accountId = ?",
                                ION.newString("a" + from));
                        tx.execute("UPDATE Accounts AS a SET a.balance = a.balance + 1 WHERE a.accountId = ?",
                                ION.newString("a" + to));
                        return null;
                    });
                    mine.add(System.nanoTime() - start);
                }
            });
            workers.add(worker);
        }
        List<Long> lag = new ArrayList<>();
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            if (follower != null) {
                lag.add(ledger.digest().tipAddress().sequenceNo() - follower.status().tipSequenceNo());
            }
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - start;
        long[] all = latencies.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
        return new Result(all.length, nanos, all, lag.stream().mapToLong(Long::longValue).toArray());
    }

    private static void report(String what, Result result) {
        long[] sorted = result.latencies().clone();
        Arrays.sort(sorted);
        System.out.printf("harness: %s: %d transfers in %.1f s = %.0f/s, latency p50 %.1f ms, p99 %.1f ms%n", what,
                result.commits(), result.nanos() / 1e9, result.commits() / (result.nanos() / 1e9),
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * percent / 100.0))];
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
