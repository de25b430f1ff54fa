package io.vellum.bench.cluster;

import io.vellum.server.VellumServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One measured phase: transfers from N load threads for a fixed time, their latency, the process's CPU per thread
 * group and, on a cluster, the followers' replication lag sampled while the load runs.
 */
final class Phase {
    /** Runs one whole transfer transaction (retrying conflicts) on behalf of load thread {@code thread}. */
    @FunctionalInterface
    interface Transfer {
        void run(int thread, String from, String to);
    }

    /** What a phase measured; lag fields are 0 for single-node phases. */
    record Result(String what, String group, boolean replicated, long committed, double seconds, Histogram latencyMicros,
                  long lagBlocksP99, long lagBlocksMax, double lagMillisP99, double lagMillisMax, double jitShare) {
        double rate() {
            return committed / seconds;
        }
    }

    private Phase() {
    }

    /**
     * @param writer    the cluster node writing the phase's ledger, or null (single-node: no lag to sample)
     * @param followers the other two nodes, whose tips are compared with the writer's every 10 ms: lag in blocks,
     *                  and the time from the writer having block N until a follower has it (polled every 2 ms)
     */
    static Result run(String what, String group, String ledger, Transfer transfer, int threads, int seconds, int accounts,
                      VellumServer writer, List<VellumServer> followers) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Random random = new Random(t);
            workers.add(new Thread(() -> {
                while (!stop.get()) {
                    int from = random.nextInt(accounts);
                    int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                    long start = System.nanoTime();
                    transfer.run(thread, "acct-" + from, "acct-" + to);
                    recorder.recordValue((System.nanoTime() - start) / 1000);
                    committed.incrementAndGet();
                }
            }, "bench-load-" + t));
        }
        double loadBefore = loadAverage();
        ThreadCpu cpuBefore = ThreadCpu.snapshot();
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        long end = start + seconds * 1_000_000_000L;
        List<Long> lagBlocks = new ArrayList<>();
        List<Long> lagNanos = new ArrayList<>();
        List<ArrayDeque<long[]>> awaited = new ArrayList<>();
        followers.forEach(follower -> awaited.add(new ArrayDeque<>()));
        long nextSample = start;
        while (System.nanoTime() < end) {
            Thread.sleep(writer == null ? 50 : 2);
            if (writer == null) {
                continue;
            }
            long now = System.nanoTime();
            boolean sample = now >= nextSample;
            long writerTip = sample ? writer.cluster().status(ledger).tipSequenceNo() : -1;
            for (int i = 0; i < followers.size(); i++) {
                long followerTip = followers.get(i).cluster().status(ledger).tipSequenceNo();
                ArrayDeque<long[]> queue = awaited.get(i);
                while (!queue.isEmpty() && queue.peek()[0] <= followerTip) {
                    lagNanos.add(now - queue.poll()[1]);
                }
                if (sample) {
                    lagBlocks.add(Math.max(0, writerTip - followerTip));
                    if (writerTip > followerTip) {
                        queue.add(new long[] {writerTip, now});
                    }
                }
            }
            if (sample) {
                nextSample = now + 10_000_000L;
            }
        }
        // Before the load threads end: an ended thread's CPU time can no longer be read.
        ThreadCpu cpuAfter = ThreadCpu.snapshot();
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram latency = recorder.getIntervalHistogram();
        long[] blocks = lagBlocks.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] nanos = lagNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        Result result = new Result(what, group, writer != null, committed.get(), elapsed, latency, percentile(blocks, 99),
                blocks.length == 0 ? 0 : blocks[blocks.length - 1], percentile(nanos, 99) / 1e6,
                nanos.length == 0 ? 0 : nanos[nanos.length - 1] / 1e6, cpuAfter.jitShare(cpuBefore));
        System.out.printf("cluster-load: %s: %d transfers in %.1f s = %.0f/s, latency p50 %.1f ms, p99 %.1f ms "
                        + "(load average %.1f -> %.1f; JIT compilers %.0f %% of the process CPU)%n", what,
                result.committed(), elapsed, result.rate(), latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, loadBefore, loadAverage(), 100 * result.jitShare());
        if (writer != null) {
            System.out.printf("    follower lag (2 followers, sampled every 10 ms): p99 %d blocks (max %d); a block the "
                            + "writer has reaches a follower after p99 %.1f ms (max %.1f ms, %d samples)%n",
                    result.lagBlocksP99(), result.lagBlocksMax(), result.lagMillisP99(), result.lagMillisMax(),
                    nanos.length);
        }
        if (!what.startsWith("warm-up")) {
            System.out.print(cpuAfter.report(cpuBefore, result.committed()));
        }
        return result;
    }

    /** Single-node and cluster phases side by side, in the order they ran, with the cluster's share. */
    static void summary(List<Result> results) {
        System.out.println();
        System.out.println("| phase | transfers/s | of single-node (same round) | latency p50 / p99 ms "
                + "| follower lag p99: blocks / ms |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            String share = "";
            if (result.replicated()) {
                Result single = results.stream().filter(other -> !other.replicated()
                        && other.group().equals(result.group())).findFirst().orElseThrow();
                share = String.format("%.0f %%", 100 * result.rate() / single.rate());
            }
            System.out.printf("| %s | %.0f | %s | %.1f / %.1f | %s |%n", result.what(), result.rate(), share,
                    result.latencyMicros().getValueAtPercentile(50) / 1000.0,
                    result.latencyMicros().getValueAtPercentile(99) / 1000.0,
                    result.replicated() ? String.format("%d / %.0f", result.lagBlocksP99(), result.lagMillisP99())
                            : "");
        }
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * percent / 100.0))];
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
