package io.vellum.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs transfers from a fixed number of client threads for a fixed time, each thread issuing its next transfer as
 * soon as the previous one committed (closed loop, as an application's request threads do). Latency is measured
 * per committed transfer including every retry inside it.
 */
public final class LoadDriver {
    private LoadDriver() {
    }

    /** One whole transfer transaction, retried by the contender until it commits; called from client thread {@code thread}. */
    @FunctionalInterface
    public interface Transfer {
        void run(int thread, int from, int to) throws Exception;
    }

    /**
     * Drives {@code transfer} and returns what committed. A transfer that throws stops the run: a benchmark that
     * silently drops failures would overstate throughput.
     *
     * @param seed varies the account sequence between rounds while keeping a run reproducible
     */
    public static Interval drive(Transfer transfer, Setting setting, int threads, double seconds, int accounts,
                                 long seed) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Random random = new Random(seed * 1_000 + t);
            workers.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Setting.Pair pair = setting.pick(random, accounts);
                        long start = System.nanoTime();
                        transfer.run(thread, pair.from(), pair.to());
                        recorder.recordValue((System.nanoTime() - start) / 1_000);
                        committed.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }, "load-" + t));
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        long end = start + (long) (seconds * 1e9);
        while (!stop.get() && System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("a transfer failed: " + failure.get(), failure.get());
        }
        Histogram latency = recorder.getIntervalHistogram();
        return new Interval(committed.get(), 0, elapsed, latency);
    }

    /**
     * What one measured interval produced.
     *
     * @param committed      transfers that committed
     * @param retries        transaction attempts beyond one per committed transfer (aborts, conflicts, deadlocks)
     * @param seconds        wall time from the first transfer's start to the last one's end
     * @param latencyMicros  per committed transfer
     */
    public record Interval(long committed, long retries, double seconds, Histogram latencyMicros) {
        public Interval withRetries(long newRetries) {
            return new Interval(committed, newRetries, seconds, latencyMicros);
        }
    }
}
