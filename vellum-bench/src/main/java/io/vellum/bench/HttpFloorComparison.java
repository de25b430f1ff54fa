package io.vellum.bench;

import static io.vellum.bench.SliceSummary.median;
import static io.vellum.bench.SliceSummary.summaryWithTenths;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The floor of HTTP servers under the official QLDB driver's request shape, and {@code vellum serve}'s cost above it,
 * measured in one run, interleaved: after a warm-up of each, the servers take turns in short slices (A, B, C, A, B,
 * C, …) so that a shared machine's drifting load shifts each alike. Each server is its own process (so its CPU time
 * from /proc is its own); only one is loaded at a time.
 *
 * <p>The load: {@code clients} threads, each with one keep-alive connection, sending requests back to back, each the
 * exact bytes the driver's SDK sends for one {@code ExecuteStatement} of the wallet transfer (its header set and size,
 * SigV4-signed, a JSON body with two Ion binary parameters; {@link DriverRequestCapture}), cycling through 64 of
 * them (each with its own signature and invocation id, as the driver's are). The client reads each answer with
 * {@link HttpWire} (a few µs per request), so the server, not the client, takes the cores.
 *
 * <p>Per slice: requests per second, the server's CPU per request (user + system, and system alone, from
 * /proc/PID/stat), the latency p50/p99 and the load average; per server the median and range over its slices.
 *
 * <p>Usage, from the repository root: {@code HttpFloorComparison kinds [clients=32] [sliceSeconds=10] [slices=4]
 * [warmUpSeconds=20] [rate=0]}; {@code rate} 0 sends back to back, else the clients
 * together send that many requests per second (the driver's 32 threads send ~2,400 per second to a server doing
 * ~340 transfers per second, so each request finds the server idle and pays a whole wake-up). {@code kinds} is a comma-separated list of {@link HttpFloorServers}' kinds and
 * {@code vellum@<vellum.jar>}: a real {@code vellum serve} (auth on, ledger {@code bench}), which authenticates,
 * parses and dispatches each request and answers 400 (the session token names no session): the per-request path
 * without the engine and the session's own work; {@code vellum+threads@<vellum.jar>} the same served by
 * {@code --http-front threads}. Extra JVM options for every server:
 * {@code -Dvellum.serverJvmArgs="..."}; another JVM for every server: {@code -Dvellum.serverJava=/path/to/java}.
 */
public final class HttpFloorComparison {
    private static final int CAPTURED_REQUESTS = 64;
    /** Captured requests are signed: recapture well inside the server's 15-minute clock-skew window. */
    private static final long RECAPTURE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private HttpFloorComparison() {
    }

    private record Slice(double requestsPerSecond, double serverCpuMicros, double serverKernelMicros,
                         double p50Micros, double p99Micros, Map<Integer, Long> statuses) {
    }

    private record Server(String kind, Process process, int port) {
    }

    private static List<byte[]> requests;
    private static long capturedAt;

    public static void main(String[] args) throws Exception {
        List<String> kinds = Arrays.asList(args[0].split(","));
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int sliceSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int slices = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int warmUpSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Map<String, Server> servers = new LinkedHashMap<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (servers) {
                servers.values().forEach(server -> server.process().destroy());
            }
        }));
        recaptureIfOld();
        System.out.println("driver request: " + requests.get(0).length + " bytes; head:");
        String text = new String(requests.get(0), java.nio.charset.StandardCharsets.UTF_8);
        System.out.println(text.replace("\r\n", "\n  "));
        try {
            for (String kind : kinds) {
                Server server = start(kind);
                synchronized (servers) {
                    servers.put(kind, server);
                }
                System.out.println("server " + kind + " pid " + server.process().pid() + " port " + server.port());
            }
            System.out.println(clients + " clients, " + (rate == 0 ? "back to back" : "paced to " + rate
                    + " requests/s in all") + ", " + slices + " slices of " + sliceSeconds + " s each after "
                    + warmUpSeconds + " s warm-up each; " + Runtime.getRuntime().availableProcessors() + " cores");
            for (Server server : servers.values()) {
                Slice warm = slice(server, clients, warmUpSeconds, rate);
                System.out.printf("warm-up %-16s %s%n", server.kind(), format(warm));
            }
            Map<String, List<Slice>> measured = new LinkedHashMap<>();
            for (int round = 0; round < slices; round++) {
                for (Server server : servers.values()) {
                    Slice slice = slice(server, clients, sliceSeconds, rate);
                    measured.computeIfAbsent(server.kind(), k -> new ArrayList<>()).add(slice);
                    System.out.printf("slice %d %-16s %s  load %s%n", round + 1, server.kind(), format(slice),
                            Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
                }
            }
            String first = kinds.get(0);
            System.out.println();
            System.out.println("| server | requests/s | server CPU µs/request | of which kernel | p50 µs | p99 µs"
                    + " | CPU × " + first + " |");
            System.out.println("|---|---|---|---|---|---|---:|");
            for (Map.Entry<String, List<Slice>> entry : measured.entrySet()) {
                List<Slice> of = entry.getValue();
                System.out.printf("| %s | %s | %s | %s | %s | %s | %.2f× |%n", entry.getKey(),
                        summaryWithTenths(of, Slice::requestsPerSecond), summaryWithTenths(of, Slice::serverCpuMicros),
                        summaryWithTenths(of, Slice::serverKernelMicros), summaryWithTenths(of, Slice::p50Micros),
                        summaryWithTenths(of, Slice::p99Micros), median(of, Slice::serverCpuMicros)
                                / median(measured.get(first), Slice::serverCpuMicros));
            }
        } finally {
            synchronized (servers) {
                for (Server server : servers.values()) {
                    server.process().destroy();
                    server.process().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void recaptureIfOld() throws Exception {
        if (requests == null || System.nanoTime() - capturedAt > RECAPTURE_NANOS) {
            requests = DriverRequestCapture.capture(CAPTURED_REQUESTS);
            capturedAt = System.nanoTime();
        }
    }

    private static Server start(String kind) throws Exception {
        int port = 20000 + new Random().nextInt(5000);
        List<String> command = new ArrayList<>(List.of(System.getProperty("vellum.serverJava", "java")));
        String jvmArgs = System.getProperty("vellum.serverJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        Path log = Files.createTempFile("http-floor-" + kind.replaceAll("[^a-z0-9-]", "_"), ".log");
        if (kind.startsWith("vellum@") || kind.startsWith("vellum+")) {
            Path data = Files.createTempDirectory("http-floor-vellum");
            String front = kind.startsWith("vellum+") ? kind.substring("vellum+".length(), kind.indexOf('@')) : null;
            command.addAll(List.of("-jar", Path.of(kind.substring(kind.indexOf('@') + 1)).toAbsolutePath().toString(),
                    "serve", "--data", data.toString(), "--port", Integer.toString(port), "--ledger", "bench",
                    "--no-wallet", "--access-key-id", ServerTransferLoad.KEY, "--secret-access-key",
                    ServerTransferLoad.SECRET));
            if (front != null) {
                command.addAll(List.of("--http-front", front));
            }
        } else {
            String self = Path.of(HttpFloorComparison.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toString();
            command.addAll(List.of("-cp", self, HttpFloorServers.class.getName(), kind, Integer.toString(port)));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException(kind + " exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new Server(kind, process, port);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(kind + " did not listen on " + port + "; log " + log);
    }

    /**
     * {@code clients} connections loading one server for {@code seconds}: back to back when {@code rate} is 0, else
     * each client sends on its own fixed schedule so that all together send {@code rate} requests per second (a
     * client behind its schedule sends at once; latency is measured from sending).
     */
    private static Slice slice(Server server, int clients, int seconds, int rate) throws Exception {
        recaptureIfOld();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            sockets.add(socket);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<Histogram> latencies = new ArrayList<>();
        List<Map<Integer, Long>> statuses = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < clients; i++) {
            Socket socket = sockets.get(i);
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 2);
            Map<Integer, Long> statusCounts = new TreeMap<>();
            latencies.add(histogram);
            statuses.add(statusCounts);
            int offset = i;
            Thread thread = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    HttpWire in = new HttpWire(socket.getInputStream());
                    started.await();
                    long interval = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(clients) / rate;
                    long next = System.nanoTime() + (interval * offset) / clients;
                    for (int n = offset; running.get(); n++) {
                        if (interval > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                            next += interval;
                        }
                        long begin = System.nanoTime();
                        out.write(requests.get(n % requests.size()));
                        int status = in.readResponse();
                        if (status < 0) {
                            throw new IOException("the server closed the connection");
                        }
                        histogram.recordValue(System.nanoTime() - begin);
                        statusCounts.merge(status, 1L, Long::sum);
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "floor-client-" + i);
            threads.add(thread);
            thread.start();
        }
        long pid = server.process().pid();
        long cpuBefore = ServerTransferLoad.processCpuMillis(pid);
        long kernelBefore = ServerTransferLoad.processKernelCpuMillis(pid);
        long begin = System.nanoTime();
        started.countDown();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long cpu = ServerTransferLoad.processCpuMillis(pid) - cpuBefore;
        long kernel = ServerTransferLoad.processKernelCpuMillis(pid) - kernelBefore;
        for (Socket socket : sockets) {
            socket.close();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(server.kind() + ": " + failures.size() + " clients failed, first: "
                    + failures.get(0), failures.get(0));
        }
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 2);
        latencies.forEach(all::add);
        Map<Integer, Long> statusTotals = new TreeMap<>();
        statuses.forEach(map -> map.forEach((status, count) -> statusTotals.merge(status, count, Long::sum)));
        long count = Math.max(1, all.getTotalCount());
        return new Slice(count / elapsed, cpu * 1000.0 / count, kernel * 1000.0 / count,
                all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3, statusTotals);
    }

    private static String format(Slice slice) {
        return String.format("%7.0f req/s  server %5.1f µs/req (kernel %5.1f)  p50 %6.0f µs  p99 %6.0f µs  %s",
                slice.requestsPerSecond(), slice.serverCpuMicros(), slice.serverKernelMicros(), slice.p50Micros(),
                slice.p99Micros(), slice.statuses());
    }


}
