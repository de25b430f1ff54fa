package io.vellum.bench;

import static io.vellum.bench.SliceSummary.median;
import static io.vellum.bench.SliceSummary.summary;

import io.vellum.bench.TransferWorkload.Statements;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Several ways of talking to one {@code vellum serve} process measured in the same run, interleaved: after a warm-up
 * of each, the modes take turns in short slices (mode A, mode B, mode A, …), so that a machine whose load drifts (a
 * shared machine) shifts every mode alike. Per slice: committed transfers per second, the server's CPU per transfer
 * (user + system from /proc) and this process's CPU per transfer (only one mode runs at a time); then per mode the
 * median and the range over its slices, and each mode's medians relative to the first mode's.
 *
 * <p>Usage: {@code ServerModesComparison client,client-batched[,client-batched-3][,driver] [threads=32]
 * [sliceSeconds=10] [slices=4] [accounts=2000] [warmUpSeconds=30]} from the repository root (needs
 * {@code vellum-cli/target/vellum.jar}). {@code client} is vellum-client with {@code batchStatements(false)} (the
 * Session API only; not the client's default since issue 16's session 12), {@code client-batched} with
 * {@code batchStatements(true)}, which issues the transfer's two reads before reading either
 * (2 requests), {@code client-batched-3} reads each at once (3 requests, the shape before issue 16's session 8). A mode
 * may name the server's jar, {@code driver@/tmp/base/vellum.jar}: each distinct jar gets its own server (own data,
 * own accounts), so two builds are compared in alternating slices of one run; a slice counts the CPU of its mode's
 * server only. A mode may also name the server's HTTP front, {@code driver+threads@vellum.jar}: its server runs
 * {@code vellum serve --http-front threads} (a server of its own, as a distinct jar gets). A client mode may name the
 * vellum-bench jar whose vellum-client it runs, {@code client-batched+threads@/tmp/base/vellum.jar%/tmp/base/vellum-bench.jar}
 * ({@link ClientBuildLoader}): two builds of client and server, each against its own server, in one run.
 */
public final class ServerModesComparison {
    private static final BigDecimal ONE = new BigDecimal("1.00");

    private ServerModesComparison() {
    }

    /** One slice of one mode. */
    private record Slice(double transfersPerSecond, double serverCpuMicros, double clientCpuMicros) {
    }

    /** One {@code vellum serve} process and where it listens. */
    private record Server(Process process, URI endpoint, Path data) {
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = Arrays.asList((args.length > 0 ? args[0] : "client,client-batched").split(","));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int sliceSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int slices = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int accounts = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        int warmUpSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        // One server per distinct jar: "driver@/tmp/base/vellum.jar" runs the driver against a server started from
        // that jar, so two builds are measured in alternating slices of one run.
        Map<String, Server> servers = new LinkedHashMap<>();
        Map<String, Server> serverOfMode = new LinkedHashMap<>();
        // A run stopped with SIGTERM (kill) ends its servers too, not only a run that finishes.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (servers) {
                servers.values().forEach(server -> server.process().destroy());
            }
        }));
        try {
            for (String mode : modes) {
                String jar = jarOf(mode);
                String front = frontOf(mode);
                String key = jar + (front == null ? "" : " --http-front " + front);
                Server server = servers.get(key);
                if (server == null) {
                    server = start(jar, front);
                    synchronized (servers) {
                        servers.put(key, server);
                    }
                    System.out.println("server pid " + server.process().pid() + " from " + key);
                }
                serverOfMode.put(mode, server);
            }
            System.out.println("modes " + modes + ", " + threads + " threads, " + slices + " slices of " + sliceSeconds
                    + " s each after " + warmUpSeconds + " s warm-up each");
            Map<String, Function<Function<Statements, Boolean>, Boolean>> executors = new LinkedHashMap<>();
            for (String mode : modes) {
                URI endpoint = serverOfMode.get(mode).endpoint();
                ServerTransferLoad.awaitHealthy(endpoint);
                Path clientJar = clientJarOf(mode);
                executors.put(mode, switch (baseMode(mode)) {
                    case "client", "client-batched", "client-batched-3" -> clientJar == null
                            ? ServerTransferLoad.clientExecutor(endpoint, threads, !baseMode(mode).equals("client"))
                            : ClientBuildLoader.clientExecutor(clientJar, endpoint, threads,
                                    !baseMode(mode).equals("client"));
                    case "driver" -> ServerTransferLoad.driverExecutor(endpoint, threads);
                    default -> throw new IllegalArgumentException("mode " + mode
                            + ": client, client-batched, client-batched-3 or driver, each optionally +threads (the"
                            + " server's HTTP front), @<vellum.jar> and (clients) %<vellum-bench.jar>");
                });
                if (clientJar != null) {
                    System.out.println(mode + ": vellum-client loaded from " + clientJar);
                }
            }
            java.util.Set<Server> withAccounts = new java.util.HashSet<>();
            for (String mode : modes) {
                if (withAccounts.add(serverOfMode.get(mode))) {
                    ServerTransferLoad.createAccounts(executors.get(mode), accounts);
                }
            }
            for (String mode : modes) {
                Slice warm = slice(executors.get(mode), mode, threads, warmUpSeconds, accounts,
                        pid(serverOfMode, mode));
                System.out.printf("warm-up %-15s %s%n", mode, format(warm));
            }
            // Then all modes in turn until every mode's rate held within 10 % over its last two warm-up slices:
            // on a busy machine the JIT keeps compiling well past any fixed warm-up.
            Map<String, Double> previous = new LinkedHashMap<>();
            for (int round = 1; round <= 10; round++) {
                boolean steady = true;
                for (String mode : modes) {
                    Slice warm = slice(executors.get(mode), mode, threads, sliceSeconds, accounts,
                            pid(serverOfMode, mode));
                    Double before = previous.put(mode, warm.transfersPerSecond());
                    steady &= before != null && Math.abs(warm.transfersPerSecond() - before)
                            <= 0.10 * Math.max(before, warm.transfersPerSecond());
                    System.out.printf("warm-up %-15s %s%n", mode, format(warm));
                }
                if (steady) {
                    System.out.println("steady after " + round + " extra warm-up rounds");
                    break;
                }
            }
            Map<String, List<Slice>> measured = new LinkedHashMap<>();
            for (int i = 0; i < slices; i++) {
                for (String mode : modes) {
                    Slice slice = slice(executors.get(mode), mode, threads, sliceSeconds, accounts,
                            pid(serverOfMode, mode));
                    measured.computeIfAbsent(mode, m -> new ArrayList<>()).add(slice);
                    System.out.printf("slice %d %-15s %s  load %s%n", i + 1, mode, format(slice),
                            Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
                }
            }
            String first = modes.get(0);
            System.out.println();
            System.out.println("| mode | tx/s median (range) | server CPU µs/tx median (range) | client CPU µs/tx median"
                    + " (range) | tx/s × " + first + " | server CPU × " + first + " |");
            System.out.println("|---|---|---|---|---:|---:|");
            for (String mode : modes) {
                List<Slice> of = measured.get(mode);
                System.out.printf("| %s | %s | %s | %s | %.2f× | %.2f× |%n", mode,
                        summary(of, Slice::transfersPerSecond), summary(of, Slice::serverCpuMicros),
                        summary(of, Slice::clientCpuMicros),
                        median(of, Slice::transfersPerSecond) / median(measured.get(first), Slice::transfersPerSecond),
                        median(of, Slice::serverCpuMicros) / median(measured.get(first), Slice::serverCpuMicros));
            }
        } finally {
            for (Server server : servers.values()) {
                server.process().destroy();
                server.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The jar a mode's server runs: after {@code @}, else {@code vellum-cli/target/vellum.jar}. */
    private static String jarOf(String mode) {
        String server = withoutClientJar(mode);
        String jar = server.contains("@") ? server.substring(server.indexOf('@') + 1) : "vellum-cli/target/vellum.jar";
        return Path.of(jar).toAbsolutePath().toString();
    }

    /**
     * The vellum-bench jar whose vellum-client a client mode runs ({@code client-batched@x.jar%/tmp/base/vellum-bench.jar},
     * loaded by {@link ClientBuildLoader}), or null for this jar's own.
     */
    private static Path clientJarOf(String mode) {
        return mode.contains("%") ? Path.of(mode.substring(mode.indexOf('%') + 1)).toAbsolutePath() : null;
    }

    private static String withoutClientJar(String mode) {
        return mode.contains("%") ? mode.substring(0, mode.indexOf('%')) : mode;
    }

    /** The mode without its jars and front: {@code driver+threads@x.jar} is {@code driver}. */
    private static String baseMode(String mode) {
        String server = withoutClientJar(mode);
        String base = server.contains("@") ? server.substring(0, server.indexOf('@')) : server;
        return base.contains("+") ? base.substring(0, base.indexOf('+')) : base;
    }

    /** The HTTP front a mode's server runs ({@code +threads}), or null for the server's default. */
    private static String frontOf(String mode) {
        String server = withoutClientJar(mode);
        String base = server.contains("@") ? server.substring(0, server.indexOf('@')) : server;
        return base.contains("+") ? base.substring(base.indexOf('+') + 1) : null;
    }

    private static long pid(Map<String, Server> serverOfMode, String mode) {
        return serverOfMode.get(mode).process().pid();
    }

    private static Server start(String jar, String front) throws Exception {
        int port = 18000 + new Random().nextInt(2000);
        Path data = Files.createTempDirectory("vellum-server-modes");
        List<String> command = new ArrayList<>(List.of("java"));
        String jvmArgs = System.getProperty("vellum.serverJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar, "serve", "--data", data.toString(), "--port", Integer.toString(port),
                "--ledger", "bench", "--no-wallet", "--access-key-id", ServerTransferLoad.KEY,
                "--secret-access-key", ServerTransferLoad.SECRET));
        if (front != null) {
            command.addAll(List.of("--http-front", front));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile()).start();
        return new Server(process, URI.create("http://127.0.0.1:" + port), data);
    }

    private static Slice slice(Function<Function<Statements, Boolean>, Boolean> executor, String mode, int threads,
                               int seconds, int accounts, long serverPid) throws Exception {
        // client-batched-3: the reads one at a time, so a batching client sends them in two requests (3 in all).
        boolean eachAtOnce = mode.startsWith("client-batched-3");
        long serverBefore = ServerTransferLoad.processCpuMillis(serverPid);
        long clientBefore = ServerTransferLoad.processCpuMillis(ProcessHandle.current().pid());
        TransferWorkload.Measured measured = TransferWorkload.drive(
                (from, to) -> executor.apply(s -> eachAtOnce ? TransferWorkload.transferReadingEachAtOnce(s, from, to,
                        ONE) : TransferWorkload.transfer(s, from, to, ONE)), threads, seconds,
                accounts);
        long serverCpu = ServerTransferLoad.processCpuMillis(serverPid) - serverBefore;
        long clientCpu = ServerTransferLoad.processCpuMillis(ProcessHandle.current().pid()) - clientBefore;
        long count = Math.max(1, measured.committed());
        return new Slice(measured.committed() / measured.seconds(), serverCpu * 1000.0 / count,
                clientCpu * 1000.0 / count);
    }

    private static String format(Slice slice) {
        return String.format("%7.0f tx/s  server %6.0f µs/tx  client %6.0f µs/tx", slice.transfersPerSecond(),
                slice.serverCpuMicros(), slice.clientCpuMicros());
    }


}
