package io.vellum.bench;

import com.amazon.ion.IonValue;
import io.vellum.client.VellumClient;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import io.vellum.bench.TransferWorkload.Statements;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldbsession.QldbSessionClient;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/**
 * Load generator for {@code vellum serve}: the wallet transfer (2 indexed reads, 2 updates, 1 insert) through the
 * official QLDB Java driver or through vellum-client, from N threads over loopback. The server runs as a separate
 * process started here, so its CPU time per transaction can be read from /proc.
 *
 * <p>Usage: {@code ServerTransferLoad driver|client|client-batched [threads=32] [seconds=20] [accounts=10000] [warmUpSeconds=30]}
 * ({@code client}: vellum-client with {@code batchStatements(false)}; {@code client-batched}: with {@code true}).
 * The warm-up matters: both JVMs keep compiling for 20–40 s, and a 5 s warm-up measured half the steady rate.
 */
public final class ServerTransferLoad {
    private static final BigDecimal ONE = new BigDecimal("1.00");
    static final String KEY = "AKIABENCHMARK0000001";
    static final String SECRET = "benchmarkSecretKeyBenchmarkSecretKey0000";

    private ServerTransferLoad() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "driver";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int accounts = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        int warmUpSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        int port = 18000 + new Random().nextInt(2000);
        Path data = Files.createTempDirectory("vellum-server-bench");
        String jar = Path.of("vellum-cli/target/vellum.jar").toAbsolutePath().toString();
        List<String> command = new ArrayList<>(List.of("java"));
        String jvmArgs = System.getProperty("vellum.serverJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar, "serve", "--data", data.toString(), "--port", Integer.toString(port),
                "--ledger", "bench", "--access-key-id", KEY, "--secret-access-key", SECRET));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            awaitHealthy(endpoint);
            Function<Function<Statements, Boolean>, Boolean> executor = mode.startsWith("client")
                    ? clientExecutor(endpoint, threads, mode.equals("client-batched"))
                    : driverExecutor(endpoint, threads);
            createAccounts(executor, accounts);
            run(executor, threads, warmUpSeconds, accounts, server.pid()); // warm-up
            System.out.println(mode + ": " + run(executor, threads, seconds, accounts, server.pid()));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Returns once the server at {@code endpoint} answers {@code /health} with 200 and hosts a ledger: it listens
     * before it creates the ledger of {@code --ledger}, so a health answer alone let a slow (profiled, loaded) start
     * fail its first transactions with "Ledger bench does not exist".
     */
    static void awaitHealthy(URI endpoint) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            try {
                java.net.http.HttpResponse<String> health = http.send(
                        java.net.http.HttpRequest.newBuilder(endpoint.resolve("/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && !health.body().contains("\"ledgers\":0,")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server did not become healthy at " + endpoint);
    }

    static Function<Function<Statements, Boolean>, Boolean> driverExecutor(URI endpoint, int threads) {
        QldbDriver driver = QldbDriver.builder().ledger("bench").maxConcurrentTransactions(threads)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(100).build())
                .sessionClientBuilder(QldbSessionClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))))
                .build();
        return work -> driver.execute((software.amazon.qldb.Executor<Boolean>) txn -> work.apply((statement, parameters) -> {
            List<IonValue> values = new ArrayList<>();
            txn.execute(statement, parameters).forEach(values::add);
            return values;
        }));
    }

    static Function<Function<Statements, Boolean>, Boolean> clientExecutor(URI endpoint, int threads,
                                                                                    boolean batched) {
        VellumClient client = VellumClient.builder().endpoint(endpoint).ledger("bench").credentials(KEY, SECRET)
                .maxConcurrentTransactions(threads)
                .retryPolicy(io.vellum.client.VellumClientBuilder.DEFAULT_RETRY_POLICY.withMaxAttempts(101))
                .batchStatements(batched)
                .build();
        if (batched) {
            return work -> client.execute(txn -> work.apply((statement, parameters) ->
                    UnreadResults.lazily(txn.execute(statement, parameters))));
        }
        return work -> client.execute(txn -> work.apply((statement, parameters) ->
                txn.execute(statement, parameters).toList()));
    }

    static void createAccounts(Function<Function<Statements, Boolean>, Boolean> executor, int accounts) {
        TransferWorkload.createAccounts(work -> executor.apply(s -> {
            work.accept(s);
            return true;
        }), accounts);
    }

    private static String run(Function<Function<Statements, Boolean>, Boolean> executor, int threads, int seconds,
                              int accounts, long serverPid) throws Exception {
        long cpuBefore = processCpuMillis(serverPid);
        long kernelBefore = processKernelCpuMillis(serverPid);
        long ownCpuBefore = processCpuMillis(ProcessHandle.current().pid());
        TransferWorkload.Measured measured = TransferWorkload.drive(
                (from, to) -> executor.apply(s -> TransferWorkload.transfer(s, from, to, ONE)), threads, seconds,
                accounts);
        double elapsed = measured.seconds();
        long serverCpu = processCpuMillis(serverPid) - cpuBefore;
        long serverKernel = processKernelCpuMillis(serverPid) - kernelBefore;
        long clientCpu = processCpuMillis(ProcessHandle.current().pid()) - ownCpuBefore;
        var histogram = measured.latencyMicros();
        long count = measured.committed();
        return String.format("threads=%d committed=%d tx/s=%.0f p50=%.2fms p99=%.2fms p99.9=%.2fms "
                        + "server CPU=%.0f us/tx (%.0f%% of a core, %.0f%% in the kernel) client CPU=%.0f us/tx (%.0f%% of a core)",
                threads, count, count / elapsed, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0,
                serverCpu * 1000.0 / count, serverCpu / 10.0 / elapsed, serverKernel * 100.0 / serverCpu, clientCpu * 1000.0 / count,
                clientCpu / 10.0 / elapsed);
    }

    /** User + system CPU of a process from /proc (Linux), in milliseconds. */
    static long processCpuMillis(long pid) throws java.io.IOException {
        String[] fields = processStat(pid);
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // USER_HZ is 100 on Linux
    }

    /** System (kernel) CPU of a process from /proc (Linux), in milliseconds. */
    static long processKernelCpuMillis(long pid) throws java.io.IOException {
        return Long.parseLong(processStat(pid)[12]) * 10;
    }

    /** The fields of /proc/PID/stat after the command name, so field 0 is the state. */
    private static String[] processStat(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
