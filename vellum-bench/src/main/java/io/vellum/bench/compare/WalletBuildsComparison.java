package io.vellum.bench.compare;

import static io.vellum.bench.SliceSummary.median;
import static io.vellum.bench.SliceSummary.summary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The {@code wallet-http} contender of two (or more) builds of {@code vellum serve} measured in the same run,
 * interleaved: one server per jar (own data, own accounts, each set up through the wallet API exactly as the
 * comparison does), a warm-up of each, then short slices in turn (build A, build B, A, …), so that a shared machine
 * whose load drifts shifts every build alike. Per slice: committed transfers per second, p50/p99 latency, the server
 * process's CPU per transfer and the runner's (client) CPU per transfer (only one build runs at a time), and the
 * 1-minute load average; then per build the median and the range over its slices.
 *
 * <p>Usage: {@code java -cp vellum-bench.jar io.vellum.bench.compare.WalletBuildsComparison JAR_A,JAR_B [threads=32]
 * [sliceSeconds=10] [slices=4] [accounts=2000] [warmUpSeconds=30] [setting=uniform]}. The first jar is the
 * reference the ratios are computed against.
 */
public final class WalletBuildsComparison {
    private WalletBuildsComparison() {
    }

    /** One slice of one build. */
    private record Slice(double transfersPerSecond, double p50Millis, double p99Millis, double serverCpuMicros,
                         double clientCpuMicros, String load) {
    }

    public static void main(String[] args) throws Exception {
        List<String> jars = List.of(args[0].split(","));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int sliceSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int slices = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int accounts = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        int warmUpSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        Setting setting = args.length > 6 ? Setting.valueOf(args[6].toUpperCase(Locale.ROOT)) : Setting.UNIFORM;
        Path work = Files.createTempDirectory("vellum-wallet-builds");
        List<WalletContender> contenders = new ArrayList<>();
        try {
            for (String jar : jars) {
                WalletContender contender = new WalletContender(Launcher.current(Path.of(jar).toAbsolutePath()),
                        work, threads, accounts);
                contenders.add(contender);
                long start = System.nanoTime();
                contender.setUp();
                System.out.printf("%s: server pid %d, %d accounts set up in %.1f s%n", jar,
                        contender.serverPids().get(0), accounts, (System.nanoTime() - start) / 1e9);
            }
            long seed = 1;
            for (int i = 0; i < jars.size(); i++) {
                System.out.printf("warm-up %-40s %s%n", jars.get(i),
                        format(slice(contenders.get(i), setting, warmUpSeconds, seed++)));
            }
            List<List<Slice>> measured = new ArrayList<>();
            jars.forEach(jar -> measured.add(new ArrayList<>()));
            for (int n = 1; n <= slices; n++) {
                for (int i = 0; i < jars.size(); i++) {
                    Slice slice = slice(contenders.get(i), setting, sliceSeconds, seed++);
                    measured.get(i).add(slice);
                    System.out.printf("slice %d %-40s %s%n", n, jars.get(i), format(slice));
                }
            }
            System.out.println();
            System.out.println("| build | tx/s median (range) | p50 ms | p99 ms | server CPU µs/tx median (range) | "
                    + "client CPU µs/tx | tx/s × first | server CPU × first |");
            System.out.println("|---|---|---:|---:|---|---:|---:|---:|");
            for (int i = 0; i < jars.size(); i++) {
                List<Slice> of = measured.get(i);
                System.out.printf("| %s | %s | %.2f | %.2f | %s | %.0f | %.2f× | %.2f× |%n", jars.get(i),
                        summary(of, Slice::transfersPerSecond), median(of, Slice::p50Millis),
                        median(of, Slice::p99Millis), summary(of, Slice::serverCpuMicros),
                        median(of, Slice::clientCpuMicros),
                        median(of, Slice::transfersPerSecond) / median(measured.get(0), Slice::transfersPerSecond),
                        median(of, Slice::serverCpuMicros) / median(measured.get(0), Slice::serverCpuMicros));
            }
        } finally {
            contenders.forEach(WalletContender::close);
        }
    }

    private static Slice slice(WalletContender contender, Setting setting, int seconds, long seed) throws Exception {
        List<Long> server = contender.serverPids();
        List<Long> client = List.of(ProcessHandle.current().pid());
        long serverBefore = ProcessStats.cpuMillis(server);
        long clientBefore = ProcessStats.cpuMillis(client);
        LoadDriver.Interval interval = contender.run(setting, seconds, seed);
        long serverCpu = ProcessStats.cpuMillis(server) - serverBefore;
        long clientCpu = ProcessStats.cpuMillis(client) - clientBefore;
        long count = Math.max(1, interval.committed());
        return new Slice(interval.committed() / interval.seconds(),
                interval.latencyMicros().getValueAtPercentile(50) / 1000.0,
                interval.latencyMicros().getValueAtPercentile(99) / 1000.0, serverCpu * 1000.0 / count,
                clientCpu * 1000.0 / count, Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
    }

    private static String format(Slice slice) {
        return String.format("%6.0f tx/s  p50 %6.2f ms  p99 %7.2f ms  server %5.0f µs/tx  client %5.0f µs/tx  load %s",
                slice.transfersPerSecond(), slice.p50Millis(), slice.p99Millis(), slice.serverCpuMicros(),
                slice.clientCpuMicros(), slice.load());
    }


}
