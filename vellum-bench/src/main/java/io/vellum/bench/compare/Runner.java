package io.vellum.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the rounds: in each, every contender in turn (the order rotated by one per round, so none always follows the
 * same neighbour) gets a fresh store, then per setting a warm-up and a measured interval, then its consistency
 * check. Setup, warm-up and check are outside the measured intervals. The first setting's warm-up is long (a
 * fresh JVM keeps compiling for 20–40 s, and a 5 s warm-up measured the server contenders at half their steady
 * rate); later settings of the same contender get {@link #SETTLE_SECONDS}.
 */
final class Runner {
    /** Warm-up before the second and later settings of a contender, whose code is compiled by then. */
    static final double SETTLE_SECONDS = 5;
    /**
     * After the first setting's fixed warm-up, slices of {@link #SETTLE_SECONDS} continue until {@link #STEADY_SLICES}
     * in a row agree within this share of their rate: on a busy machine the JIT needs longer than any fixed warm-up,
     * and a contender measured while still compiling (the runner's AWS SDK code in round 1, a fresh server JVM)
     * measured 2.3× below its later rounds.
     */
    static final double STEADY_TOLERANCE = 0.10;
    /**
     * Three, not two: two slices of a rate still climbing 6 % per slice agreed within the tolerance, and a fresh
     * server on Vellum's own front was measured at 0.85× its steady rate (2,468 then 2,623 tx/s; session 10).
     */
    static final int STEADY_SLICES = 3;
    /** At most this many extra warm-up slices (a minute) before measuring anyway; the log says so. */
    static final int MAXIMUM_EXTRA_WARMUP_SLICES = 12;
    /** Makes a fresh, not yet set up, contender by name. */
    @FunctionalInterface
    interface Factory {
        Contender create(String name) throws Exception;
    }

    private final CompareOptions options;
    private final Factory factory;
    private final Consumer<String> log;

    Runner(CompareOptions options, Factory factory, Consumer<String> log) {
        this.options = options;
        this.factory = factory;
        this.log = log;
    }

    List<Measurement> run() throws Exception {
        List<Measurement> measurements = new ArrayList<>();
        List<String> names = options.contenders();
        for (int round = 1; round <= options.rounds(); round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round - 1) % names.size());
                try (Contender contender = factory.create(name)) {
                    long setupStart = System.nanoTime();
                    contender.setUp();
                    log.accept(String.format("round %d %s: set up in %.1f s", round, name,
                            (System.nanoTime() - setupStart) / 1e9));
                    long committed = 0;
                    double warmup = options.warmupSeconds();
                    for (Setting setting : options.settings()) {
                        long seed = round * 100L + setting.ordinal() * 10L;
                        committed += contender.run(setting, warmup, seed).committed();
                        if (warmup > SETTLE_SECONDS) {
                            committed += untilSteady(contender, setting, seed, round, name);
                        }
                        warmup = Math.min(warmup, SETTLE_SECONDS);
                        Measurement measurement = measure(contender, setting, round, seed + 1);
                        committed += measurement.committed();
                        measurements.add(measurement);
                        log.accept(measurement.line());
                    }
                    log.accept("round " + round + " " + name + " check: " + contender.check(committed));
                }
            }
        }
        return measurements;
    }

    /** Warms up in short slices until {@link #isSteady} holds; returns the commits. */
    private long untilSteady(Contender contender, Setting setting, long seed, int round, String name)
            throws Exception {
        long committed = 0;
        List<Double> rates = new ArrayList<>();
        for (int slice = 1; slice <= MAXIMUM_EXTRA_WARMUP_SLICES; slice++) {
            LoadDriver.Interval interval = contender.run(setting, SETTLE_SECONDS, seed);
            committed += interval.committed();
            rates.add(interval.committed() / interval.seconds());
            if (isSteady(rates)) {
                List<Double> last = rates.subList(rates.size() - STEADY_SLICES, rates.size());
                log.accept(String.format("round %d %s: steady after %d extra warm-up slices of %.0f s (last %d: %s"
                        + " tx/s)", round, name, slice, SETTLE_SECONDS, STEADY_SLICES, last.stream()
                        .map(rate -> String.format("%.0f", rate)).collect(Collectors.joining(", "))));
                return committed;
            }
        }
        log.accept(String.format("round %d %s: NOT steady after %d extra warm-up slices; measuring anyway", round,
                name, MAXIMUM_EXTRA_WARMUP_SLICES));
        return committed;
    }

    /**
     * Whether the last {@link #STEADY_SLICES} rates lie within {@link #STEADY_TOLERANCE} of the highest of them (a
     * rate still climbing or falling by more than that over those slices is not steady).
     *
     * @param rates the warm-up slices' rates so far, oldest first
     */
    static boolean isSteady(List<Double> rates) {
        if (rates.size() < STEADY_SLICES) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - STEADY_SLICES, rates.size());
        double highest = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double lowest = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return highest > 0 && highest - lowest <= STEADY_TOLERANCE * highest;
    }

    private Measurement measure(Contender contender, Setting setting, int round, long seed) throws Exception {
        List<Long> server = contender.serverPids();
        long self = ProcessHandle.current().pid();
        long bytesBefore = contender.storeBytes();
        long serverCpuBefore = ProcessStats.cpuMillis(server);
        long clientCpuBefore = ProcessStats.cpuMillis(List.of(self));
        LoadDriver.Interval interval = contender.run(setting, options.seconds(), seed);
        long serverCpu = ProcessStats.cpuMillis(server) - serverCpuBefore;
        long clientCpu = contender.clientsInRunner() ? ProcessStats.cpuMillis(List.of(self)) - clientCpuBefore : 0;
        List<Long> now = contender.serverPids();
        long peakRss = ProcessStats.peakRssBytes(now);
        long pss = ProcessStats.pssBytes(now);
        long bytes = contender.storeBytes() - bytesBefore;
        long committed = Math.max(1, interval.committed());
        var latency = interval.latencyMicros();
        return new Measurement(round, contender.name(), setting, interval.committed(), interval.seconds(),
                interval.retries(), latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
                (double) bytes / committed, peakRss, pss, serverCpu * 1000.0 / committed,
                clientCpu * 1000.0 / committed, loadAverage());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
