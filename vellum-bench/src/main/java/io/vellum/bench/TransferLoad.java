package io.vellum.bench;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Load generator: the wallet transfer transaction (2 indexed reads, 2 updates, 1 insert) against an embedded,
 * durable ledger from N threads. Prints committed transactions/s, latency percentiles and the conflict rate.
 *
 * <p>Usage: {@code java -cp vellum-bench.jar io.vellum.bench.TransferLoad [threads=16] [seconds=20]
 * [accounts=10000] [dir] [warmUpSeconds=30]}
 *
 * <p>The warm-up matters: C2 keeps compiling the statement and commit paths for 20–40 s, and a 3 s warm-up measured
 * little more than half the steady rate.
 */
public final class TransferLoad {
    private TransferLoad() {
    }

    /** Results of one run. */
    public record Result(int threads, long committed, double seconds, Histogram latencyMicros, long conflicts,
                         long cpuNanos) {
        double perSecond() {
            return committed / seconds;
        }

        @Override
        public String toString() {
            return String.format("threads=%d committed=%d tx/s=%.0f p50=%.2fms p99=%.2fms p99.9=%.2fms "
                            + "conflicts=%d (%.2f%% of attempts) cpu/tx=%.0fus (all threads, background included)",
                    threads, committed, perSecond(),
                    latencyMicros.getValueAtPercentile(50) / 1000.0, latencyMicros.getValueAtPercentile(99) / 1000.0,
                    latencyMicros.getValueAtPercentile(99.9) / 1000.0, conflicts,
                    100.0 * conflicts / Math.max(1, committed + conflicts), cpuNanos / 1000.0 / Math.max(1, committed));
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path directory = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("vellum-transfer");
        int warmUpSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        LedgerOptions options = LedgerOptions.defaults().withConflictRetries(100);
        options = options.withStateFlushRevisions(Long.getLong("vellum.stateFlushRevisions", options.stateFlushRevisions()));
        try (Ledger ledger = Ledger.open(directory, options)) {
            createAccounts(ledger, accounts);
            run(ledger, 1, Math.min(3, warmUpSeconds), accounts);
            run(ledger, threads, warmUpSeconds, accounts);
            System.out.println("single thread: " + run(ledger, 1, Math.max(5, seconds / 4), accounts));
            System.out.println(threads + " threads: " + run(ledger, threads, seconds, accounts));
            if (Boolean.getBoolean("vellum.storeStatistics")) {
                System.out.println(ledger.storeCompactionStatistics());
            }
            var statistics = ledger.statistics();
            System.out.printf("journal=%d bytes, state=%d bytes, blocks=%d, committed-state cache hits=%.1f%%%n",
                    statistics.journalBytes(), statistics.stateStoreBytes(), statistics.tipSequenceNo() + 1,
                    100.0 * statistics.cacheHits() / Math.max(1, statistics.cacheHits() + statistics.cacheMisses()));
        }
    }

    public static void createAccounts(Ledger ledger, int accounts) {
        TransferWorkload.createAccounts(work -> ledger.execute(tx -> {
            work.accept(tx::execute);
            return null;
        }), accounts);
    }

    public static Result run(Ledger ledger, int threads, int seconds, int accounts) throws InterruptedException {
        long conflictsBefore = ledger.statistics().conflicts();
        long cpuBefore = processCpuNanos();
        BigDecimal amount = new BigDecimal("1.00");
        TransferWorkload.Measured measured = TransferWorkload.drive(
                (from, to) -> ledger.execute(tx -> transfer(tx, from, to, amount)), threads, seconds, accounts);
        return new Result(threads, measured.committed(), measured.seconds(), measured.latencyMicros(),
                ledger.statistics().conflicts() - conflictsBefore, processCpuNanos() - cpuBefore);
    }

    /** CPU time of this whole process (RocksDB's native background threads included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The wallet transfer in one embedded transaction. */
    public static boolean transfer(Transaction tx, String from, String to, BigDecimal amount) {
        return TransferWorkload.transfer(tx::execute, from, to, amount);
    }
}
