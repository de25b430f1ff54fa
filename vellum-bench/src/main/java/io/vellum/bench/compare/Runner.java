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
 * rate); later settings of the same contender get {@link #SETTLE_SECONDS}. After the first setting's fixed
 * warm-up, slices continue until {@link Warmup#done}: the rate steady and the JVMs' compilers quiet.
 */
final class Runner {
    /** Warm-up before the second and later settings of a contender, whose code is compiled by then. */
    static final double SETTLE_SECONDS = Warmup.SLICE_SECONDS;
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
                        WarmedUp warmedUp = new WarmedUp(0, true, 0);
                        if (warmup > SETTLE_SECONDS) {
                            warmedUp = untilSteady(contender, setting, seed, round, name);
                            committed += warmedUp.committed();
                        }
                        warmup = Math.min(warmup, SETTLE_SECONDS);
                        Measurement measurement = measure(contender, setting, round, seed + 1, warmedUp);
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

    /**
     * How a contender's warm-up ended.
     *
     * @param slices    warm-up slices beyond the fixed warm-up
     * @param steady    whether {@link Warmup#done} held at the end (false: measured after the maximum anyway)
     * @param committed transfers committed in those slices
     */
    private record WarmedUp(int slices, boolean steady, long committed) {
    }

    /** Warms up in short slices until {@link Warmup#done} holds, or {@link Warmup#MAXIMUM_SLICES} were run. */
    private WarmedUp untilSteady(Contender contender, Setting setting, long seed, int round, String name)
            throws Exception {
        long committed = 0;
        List<Warmup.Slice> slices = new ArrayList<>();
        for (int slice = 1; slice <= Warmup.MAXIMUM_SLICES; slice++) {
            List<Long> jvms = jvmPids(contender);
            CompilerThreads.Snapshot compilerBefore = CompilerThreads.of(jvms);
            long jvmCpuBefore = ProcessStats.cpuMillis(jvms);
            LoadDriver.Interval interval = contender.run(setting, SETTLE_SECONDS, seed);
            committed += interval.committed();
            slices.add(new Warmup.Slice(interval.committed() / interval.seconds(),
                    CompilerThreads.of(jvms).millisSince(compilerBefore), ProcessStats.cpuMillis(jvms) - jvmCpuBefore));
            if (Warmup.done(slices)) {
                log.accept(String.format("round %d %s: steady after %d extra warm-up slices of %.0f s (last %d: %s)",
                        round, name, slice, SETTLE_SECONDS, Warmup.STEADY_SLICES, describe(slices)));
                return new WarmedUp(slice, true, committed);
            }
        }
        log.accept(String.format("round %d %s: NOT steady after %d extra warm-up slices (last %d: %s); measuring"
                + " anyway", round, name, Warmup.MAXIMUM_SLICES, Warmup.STEADY_SLICES, describe(slices)));
        return new WarmedUp(Warmup.MAXIMUM_SLICES, false, committed);
    }

    private static String describe(List<Warmup.Slice> slices) {
        return slices.subList(Math.max(0, slices.size() - Warmup.STEADY_SLICES), slices.size()).stream()
                .map(s -> String.format(java.util.Locale.ROOT, "%.0f tx/s, compiler %.1f %%", s.rate(),
                        100 * s.compilerShare())).collect(Collectors.joining("; "));
    }

    /**
     * The JVMs doing the contender's work: its server-side JVMs, and the runner when the clients run in it (the
     * runner's clients are compiled code too: the AWS SDK took minutes to compile on a busy machine).
     */
    private static List<Long> jvmPids(Contender contender) {
        List<Long> pids = new ArrayList<>(contender.serverJvmPids());
        if (contender.clientsInRunner()) {
            pids.add(ProcessHandle.current().pid());
        }
        return pids;
    }

    private Measurement measure(Contender contender, Setting setting, int round, long seed, WarmedUp warmedUp)
            throws Exception {
        List<Long> server = contender.serverPids();
        long self = ProcessHandle.current().pid();
        List<Long> jvms = jvmPids(contender);
        CompilerThreads.Snapshot compilerBefore = CompilerThreads.of(jvms);
        long jvmCpuBefore = ProcessStats.cpuMillis(jvms);
        long bytesBefore = contender.storeBytes();
        long serverCpuBefore = ProcessStats.cpuMillis(server);
        long clientCpuBefore = ProcessStats.cpuMillis(List.of(self));
        LoadDriver.Interval interval = contender.run(setting, options.seconds(), seed);
        long serverCpu = ProcessStats.cpuMillis(server) - serverCpuBefore;
        long clientCpu = contender.clientsInRunner() ? ProcessStats.cpuMillis(List.of(self)) - clientCpuBefore : 0;
        Warmup.Slice measured = new Warmup.Slice(0, CompilerThreads.of(jvms).millisSince(compilerBefore),
                ProcessStats.cpuMillis(jvms) - jvmCpuBefore);
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
                clientCpu * 1000.0 / committed, loadAverage(), warmedUp.slices(), warmedUp.steady(),
                measured.compilerShare());
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
