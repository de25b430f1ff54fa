package io.vellum.cluster;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.testkit.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
            if (!Boolean.getBoolean("vellum.harness.skipSingle")) {
                try (Ledger single = Ledger.open(directory.resolve("single"), LedgerOptions.defaults())) {
                    createAccounts(single, accounts);
                    report("single-node", run(single, threads, accounts, seconds, null, null));
                }
            }
            try (EmbeddedKafka kafka = new EmbeddedKafka(directory, 1)) {
                String depths = System.getProperty("vellum.harness.depths", "1,4");
                int phase = 0;
                for (String depth : depths.split(",")) {
                    replicated(kafka, directory, ++phase, Integer.parseInt(depth.trim()), threads, accounts,
                            seconds);
                }
            } finally {
                System.clearProperty("vellum.cluster.pipelineDepth");
            }
            if (Boolean.getBoolean("vellum.harness.singleAgain")) {
                try (Ledger single = Ledger.open(directory.resolve("single-2"), LedgerOptions.defaults())) {
                    createAccounts(single, accounts);
                    report("single-node (again)", run(single, threads, accounts, seconds, null, null));
                }
            }
            System.out.printf("harness: load average at the end %.1f%n", loadAverage());
        } finally {
            deleteRecursively(directory);
        }
    }

    /** A replicated writer with pipeline depth {@code depth} and one follower, each on a ledger of its own. */
    private static void replicated(EmbeddedKafka kafka, Path directory, int phase, int depth, int threads,
                                   int accounts, long seconds) throws Exception {
        System.setProperty("vellum.cluster.pipelineDepth", String.valueOf(depth));
        String name = "harness-" + phase + "-d" + depth;
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter(name, directory.resolve(name + "-node-1"),
                LedgerOptions.defaults(), new ClusterSettings(kafka.bootstrapServers(), "node-1"));
             ReplicatedLedger follower = ReplicatedLedger.openFollower(name, directory.resolve(name + "-node-2"),
                     LedgerOptions.defaults(), new ClusterSettings(kafka.bootstrapServers(), "node-2"))) {
            createAccounts(writer.ledger(), accounts);
            Result result = run(writer.ledger(), threads, accounts, seconds, follower, writer);
            report("replicated writer + 1 follower, pipeline depth " + depth, result);
            long tip = writer.ledger().digest().tipAddress().sequenceNo();
            long start = System.nanoTime();
            while (follower.status().tipSequenceNo() < tip) {
                Thread.sleep(5);
            }
            long[] lag = result.lagBlocks();
            Arrays.sort(lag);
            long[] lagMillis = result.lagNanos().clone();
            Arrays.sort(lagMillis);
            System.out.printf("harness:   follower lag sampled every 10 ms (follower polled every 5 ms): p50 %d, p99 %d, max %d blocks; "
                            + "time until a block the writer acknowledged is visible on the follower: p50 %.1f ms, "
                            + "p99 %.1f ms (%d samples); caught up %d ms after the load stopped%n",
                    percentile(lag, 50), percentile(lag, 99), lag.length == 0 ? 0 : lag[lag.length - 1],
                    percentile(lagMillis, 50) / 1e6, percentile(lagMillis, 99) / 1e6, lagMillis.length,
                    (System.nanoTime() - start) / 1_000_000);
            for (CommitStageTimings timings : writer.commitTimings()) {
                System.out.println("harness:   writer stage " + timings);
            }
        }
    }

    private record Result(long commits, long nanos, long[] latencies, long[] lagBlocks, long[] lagNanos) {
    }

    private static void createAccounts(Ledger ledger, int accounts) {
        ledger.executeStatement("CREATE TABLE Accounts");
        ledger.executeStatement("CREATE INDEX ON Accounts (accountId)");
        for (int i = 0; i < accounts; i++) {
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': 'a" + i + "', 'balance': 1000}");
        }
    }

    private static Result run(Ledger ledger, int threads, int accounts, long seconds, ReplicatedLedger follower,
                              ReplicatedLedger writer)
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
        List<Long> lagNanos = new ArrayList<>();
        // Writer tips awaiting the follower: {sequence number, when the writer had acknowledged it}.
        ArrayDeque<long[]> awaited = new ArrayDeque<>();
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        long end = start + seconds * 1_000_000_000L;
        long nextSample = start;
        while (System.nanoTime() < end) {
            Thread.sleep(5);
            if (follower == null) {
                continue;
            }
            long followerTip = follower.status().tipSequenceNo();
            long now = System.nanoTime();
            while (!awaited.isEmpty() && awaited.peek()[0] <= followerTip) {
                lagNanos.add(now - awaited.poll()[1]);
            }
            if (now >= nextSample) {
                nextSample = now + 10_000_000L;
                long writerTip = writer.status().tipSequenceNo();
                lag.add(writerTip - followerTip);
                if (writerTip > followerTip) {
                    awaited.add(new long[] {writerTip, now});
                }
            }
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - start;
        long[] all = latencies.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
        return new Result(all.length, nanos, all, lag.stream().mapToLong(Long::longValue).toArray(),
                lagNanos.stream().mapToLong(Long::longValue).toArray());
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
