package io.vellum.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the comparison: every contender is created and set up once (fresh store, accounts; not measured) and they
 * all stay up for the whole run, as PostgreSQL's one cluster does. Per setting, each contender is warmed up in turn,
 * then, after one unmeasured pass of {@link #SETTLE_SECONDS} each (every contender idled while the others warmed
 * up), they are measured in interleaved slices ({@link Schedule}): pass after pass, each contender runs a short
 * unmeasured lead-in ({@link #LEAD_IN_SECONDS}) and one measured slice; a contender's slices of one round add up to
 * {@code --seconds} ({@link Measurement#of}). After the last setting, each contender's consistency check. Setup,
 * warm-up, lead-ins and checks are outside the measured slices.
 *
 * <p>Why interleaved: a shared machine drifts over minutes, and measuring contenders one after the other measured
 * the drift (issue 16, session 12's quiet check: every contender's rounds 1.17 – 1.25× apart, PostgreSQL's
 * included). In slices of a few seconds taken in turn, a drift lowers every contender's slices alike, and rounds
 * interleaved in time each sample the whole measured period.
 *
 * <p>The first setting's warm-up is long (a fresh JVM keeps compiling for 20–40 s, and a 5 s warm-up measured the
 * server contenders at half their steady rate); after its fixed part, slices continue until {@link Warmup#done}:
 * the rate steady and the JVMs' compilers quiet. Later settings get {@link #SETTLE_SECONDS} per contender.
 */
final class Runner {
    /** Warm-up before the second and later settings of a contender, whose code is compiled by then. */
    static final double SETTLE_SECONDS = Warmup.SLICE_SECONDS;
    /**
     * Unmeasured load before each measured slice, so that what the previous contender left running (its GC cycle,
     * PostgreSQL's WAL writer) and this one's idle pools waking up fall outside the measurement.
     */
    static final double LEAD_IN_SECONDS = 1;
    /** Default length of one measured slice ({@code --slice}). */
    static final double SLICE_SECONDS = 5;

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
        Map<String, Contender> contenders = new LinkedHashMap<>();
        Map<String, Long> committed = new HashMap<>();
        try {
            for (String name : names) {
                Contender contender = factory.create(name);
                contenders.put(name, contender);
                long setupStart = System.nanoTime();
                contender.setUp();
                committed.put(name, 0L);
                log.accept(String.format("%s: set up in %.1f s", name, (System.nanoTime() - setupStart) / 1e9));
            }
            int slicesPerRound = Schedule.slicesPerRound(options.seconds(), options.sliceSeconds());
            double sliceSeconds = options.seconds() / slicesPerRound;
            boolean first = true;
            for (Setting setting : options.settings()) {
                long seed = setting.ordinal() * 1_000_000L;
                Map<String, WarmedUp> warmedUp = new HashMap<>();
                for (String name : names) {
                    Contender contender = contenders.get(name);
                    double warmup = first ? options.warmupSeconds() : SETTLE_SECONDS;
                    long done = contender.run(setting, warmup, seed).committed();
                    WarmedUp warm = warmup > SETTLE_SECONDS ? untilSteady(contender, setting, seed, name)
                            : new WarmedUp(0, true, 0);
                    committed.merge(name, done + warm.committed(), Long::sum);
                    warmedUp.put(name, warm);
                }
                first = false;
                Map<String, Map<Integer, List<MeasuredSlice>>> slices = new HashMap<>();
                List<Schedule.Pass> passes = Schedule.passes(names, options.rounds(), slicesPerRound);
                if (names.size() > 1) {
                    // each idled while the others warmed up (minutes on a busy machine: idle connections and
                    // threads closed); one unmeasured pass wakes them all before the first measured one
                    for (String name : names) {
                        committed.merge(name, contenders.get(name).run(setting, SETTLE_SECONDS, seed + 1)
                                .committed(), Long::sum);
                    }
                }
                log.accept(String.format(java.util.Locale.ROOT, "%s: %d passes of %d slices of %.1f s (+ %.0f s"
                                + " lead-in each); round r = passes r, r + %d, ...", setting.label(), passes.size(),
                        names.size(), sliceSeconds, LEAD_IN_SECONDS, options.rounds()));
                for (Schedule.Pass pass : passes) {
                    for (String name : pass.order()) {
                        Contender contender = contenders.get(name);
                        long passSeed = seed + pass.number() * 10L;
                        committed.merge(name, contender.run(setting, LEAD_IN_SECONDS, passSeed).committed(),
                                Long::sum);
                        MeasuredSlice slice = measure(contender, setting, sliceSeconds, passSeed + 1);
                        committed.merge(name, slice.committed(), Long::sum);
                        slices.computeIfAbsent(name, n -> new HashMap<>())
                                .computeIfAbsent(pass.round(), r -> new ArrayList<>()).add(slice);
                        log.accept(String.format(java.util.Locale.ROOT, "pass %d (round %d) %-16s %-7s %8.0f tx/s"
                                        + "  server CPU %5.0f us/tx  load %s", pass.number(), pass.round(), name,
                                setting.label(), slice.perSecond(), slice.serverCpuMillis() * 1000.0
                                        / Math.max(1, slice.committed()), slice.loadAverage()));
                    }
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    for (String name : names) {
                        WarmedUp warm = warmedUp.get(name);
                        Measurement measurement = Measurement.of(round, name, setting,
                                slices.get(name).get(round), warm.slices(), warm.steady());
                        measurements.add(measurement);
                        log.accept(measurement.line());
                    }
                }
            }
            for (String name : names) {
                log.accept(name + " check: " + contenders.get(name).check(committed.get(name)));
            }
        } finally {
            for (Contender contender : contenders.values()) {
                contender.close();
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
    private WarmedUp untilSteady(Contender contender, Setting setting, long seed, String name) throws Exception {
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
                log.accept(String.format("%s: steady after %d extra warm-up slices of %.0f s (last %d: %s)", name,
                        slice, SETTLE_SECONDS, Warmup.STEADY_SLICES, describe(slices)));
                return new WarmedUp(slice, true, committed);
            }
        }
        log.accept(String.format("%s: NOT steady after %d extra warm-up slices (last %d: %s); measuring"
                + " anyway", name, Warmup.MAXIMUM_SLICES, Warmup.STEADY_SLICES, describe(slices)));
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

    private static MeasuredSlice measure(Contender contender, Setting setting, double seconds, long seed)
            throws Exception {
        List<Long> server = contender.serverPids();
        long self = ProcessHandle.current().pid();
        List<Long> jvms = jvmPids(contender);
        CompilerThreads.Snapshot compilerBefore = CompilerThreads.of(jvms);
        long jvmCpuBefore = ProcessStats.cpuMillis(jvms);
        long bytesBefore = contender.storeBytes();
        long serverCpuBefore = ProcessStats.cpuMillis(server);
        long clientCpuBefore = ProcessStats.cpuMillis(List.of(self));
        LoadDriver.Interval interval = contender.run(setting, seconds, seed);
        long serverCpu = ProcessStats.cpuMillis(server) - serverCpuBefore;
        long clientCpu = contender.clientsInRunner() ? ProcessStats.cpuMillis(List.of(self)) - clientCpuBefore : 0;
        long compiler = CompilerThreads.of(jvms).millisSince(compilerBefore);
        long jvmCpu = ProcessStats.cpuMillis(jvms) - jvmCpuBefore;
        List<Long> now = contender.serverPids();
        return new MeasuredSlice(interval.committed(), interval.seconds(), interval.retries(),
                interval.latencyMicros(), contender.storeBytes() - bytesBefore, serverCpu, clientCpu, compiler,
                jvmCpu, ProcessStats.peakRssBytes(now), ProcessStats.pssBytes(now), loadAverage());
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
