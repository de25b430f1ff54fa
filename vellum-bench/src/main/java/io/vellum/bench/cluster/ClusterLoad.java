package io.vellum.bench.cluster;

import com.amazon.ion.IonValue;
import io.vellum.bench.TransferWorkload;
import io.vellum.bench.TransferWorkload.Statements;
import io.vellum.client.VellumClient;
import io.vellum.cluster.CommitStageTimings;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import io.vellum.server.cluster.ClusterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldbsession.QldbSessionClient;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/**
 * The cluster benchmark of issue 11: the wallet transfer ({@link TransferWorkload}: 2 indexed reads, 2 updates,
 * 1 insert) against single-node {@code vellum serve} and against a three-node {@code vellum serve --cluster} on a
 * three-broker KRaft Kafka, through vellum-client and through the official QLDB driver, phases alternating in one
 * run so that each cluster rate is compared with the single-node rate measured next to it.
 *
 * <p>Everything runs in this one JVM, on purpose: the brokers ({@link ThreeBrokerKafka}), the single-node server
 * and the three cluster nodes ({@link VellumServer#start(ServerConfig)} / {@link VellumServer#start(ServerConfig,
 * ClusterConfig)}, exactly what {@code vellum serve [--cluster …]} calls) and the load threads. So every phase pays
 * for all of it on the same cores, and the CPU of each part is measured per thread ({@link ThreadCpu}). Each phase
 * uses a new ledger (created through the control plane's registry: in the cluster it is replicated to every node
 * and gets an elected writer); the clients talk to the ledger's writer, or, with {@code spread}, to all three
 * nodes round-robin (the followers forward each transaction to the writer).
 *
 * <p><b>Warm-up.</b> The first phase of each client kind and variant in round 1 warms up for {@code warmUpSeconds},
 * then in slices of 5 s ({@code -Dvellum.bench.sliceSeconds}) until two slices in a row agree within 10 % and the
 * JIT compilers took at most 10 % of the process's CPU in the second ({@code -Dvellum.bench.maximumJitShare}), at
 * most 12 slices ({@code -Dvellum.bench.maximumSlices}); every other phase (a new ledger) settles for one slice
 * before it is measured. Each phase line says the JIT's share, so a measurement still paying for compilation shows.
 *
 * <p>Run from the repository root: {@code java -cp vellum-bench/target/vellum-bench.jar
 * io.vellum.bench.cluster.ClusterLoad [threads=16] [seconds=15] [rounds=2] [clients=client,driver]
 * [target=writer|spread] [warmUpSeconds=10] [accounts=1000]}.
 */
public final class ClusterLoad {
    private static final String KEY = "AKIACLUSTERBENCH0001";
    private static final String SECRET = "clusterBenchmarkSecretKeyShared000000000";
    private static final java.math.BigDecimal ONE = new java.math.BigDecimal("1.00");
    /** Length of a warm-up slice after the fixed warm-up. */
    private static final int SLICE_SECONDS = Integer.getInteger("vellum.bench.sliceSeconds", 5);
    /** Two slices in a row within this share of each other's rate: steady. */
    private static final double STEADY_TOLERANCE = 0.10;
    /**
     * ... and the JIT compilers took at most this share of the process's CPU in the second: on a loaded machine
     * two slices agreed while the compilers still had a third of the CPU (they compete for the same cores).
     */
    private static final double MAXIMUM_JIT_SHARE = Double.parseDouble(System.getProperty(
            "vellum.bench.maximumJitShare", "0.10"));
    /** At most this many slices (a minute) before measuring anyway; the log says so. */
    private static final int MAXIMUM_SLICES = Integer.getInteger("vellum.bench.maximumSlices", 12);

    private ClusterLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
            System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
        }
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> kinds = List.of((args.length > 3 ? args[3] : "client,driver").split(","));
        boolean spread = args.length > 4 && args[4].equals("spread");
        int warmUpSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        int accounts = args.length > 6 ? Integer.parseInt(args[6]) : 1000;
        Path directory = Files.createTempDirectory("vellum-cluster-load");
        System.out.printf("cluster-load: %d cores, load average %.1f, %d load threads, %d s phases, %d rounds, "
                        + "clients %s, cluster clients talk to %s, pipeline depth %s%n",
                Runtime.getRuntime().availableProcessors(), Phase.loadAverage(), threads, seconds, rounds, kinds,
                spread ? "all three nodes" : "the writer", System.getProperty("vellum.cluster.pipelineDepth", "1"));
        List<Phase.Result> results = new ArrayList<>();
        List<VellumServer> nodes = new ArrayList<>();
        ThreeBrokerKafka kafka = new ThreeBrokerKafka(directory);
        try {
            VellumServer single = VellumServer.start(ServerConfig.defaults(directory.resolve("single"))
                    .withPort(freePort()).withCredentials(KEY, SECRET));
            nodes.add(single);
            List<VellumServer> cluster = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int port = freePort();
                VellumServer node = VellumServer.start(ServerConfig.defaults(directory.resolve("node-" + i))
                        .withPort(port).withCredentials(KEY, SECRET), new ClusterConfig(kafka.bootstrapServers(),
                        "node-" + i, URI.create("http://127.0.0.1:" + port)));
                nodes.add(node);
                cluster.add(node);
            }
            await("the writer election spread over the three nodes", () -> cluster.stream()
                    .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                    && cluster.stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum() == 32);
            System.out.printf("cluster-load: brokers %s; cluster up, load average %.1f%n", kafka.bootstrapServers(),
                    Phase.loadAverage());
            List<Variant> variants = Variant.parse(System.getProperty("vellum.bench.variants", ""));
            for (int round = 1; round <= rounds; round++) {
                for (String kind : kinds) {
                    // Single-node first in odd rounds, last in even ones; the cluster variants in turn.
                    List<Variant> order = new ArrayList<>();
                    order.add(null);
                    order.addAll(variants);
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    for (Variant variant : order) {
                        String ledger = kind + "-" + (variant == null ? "single" : "cluster" + variant.index()) + "-"
                                + round;
                        boolean warm = round == 1 && (variant == null || variant.index() == 1);
                        if (variant != null) {
                            variant.apply();
                        }
                        results.add(phase(ledger, kind + " r" + round, variant, warm ? warmUpSeconds : 0, single,
                                cluster, spread, threads, seconds, accounts));
                    }
                }
            }
            Phase.summary(results);
            System.out.printf("cluster-load: load average at the end %.1f%n", Phase.loadAverage());
            System.out.flush();
            // Nodes before brokers: a node's Kafka clients would otherwise retry the stopped brokers for a while.
            for (VellumServer node : nodes) {
                node.close();
            }
            nodes.clear();
        } finally {
            for (VellumServer node : nodes) {
                node.close();
            }
            // A KRaft quorum's shutdown can wait long for voters already gone; the data is temporary anyway.
            Thread stopping = new Thread(kafka::close, "bench-kafka-stop");
            stopping.setDaemon(true);
            stopping.start();
            stopping.join(20_000);
        }
        try {
            deleteRecursively(directory);
        } catch (IOException | java.io.UncheckedIOException e) {
            System.out.println("cluster-load: could not delete " + directory + " entirely: " + e);
        }
        System.exit(0);
    }

    private static Phase.Result phase(String ledger, String group, Variant variant, int warmUpSeconds,
                                      VellumServer single, List<VellumServer> cluster, boolean spread, int threads,
                                      int seconds, int accounts) throws Exception {
        boolean replicated = variant != null;
        String kind = group.substring(0, group.indexOf(' '));
        VellumServer writer;
        List<VellumServer> followers = new ArrayList<>();
        List<URI> endpoints = new ArrayList<>();
        if (replicated) {
            cluster.get(0).ledgers().create(ledger, false, null, null);
            await("ledger " + ledger + " on every node with one writer", () -> {
                String writerId = cluster.get(0).cluster().writerOf(ledger);
                return writerId != null && cluster.stream().allMatch(node -> writerId.equals(
                        node.cluster().writerOf(ledger)) && node.cluster().status(ledger) != null)
                        && cluster.stream().anyMatch(node -> node.cluster().nodeId().equals(writerId)
                        && node.cluster().status(ledger).state() == ReplicationStatus.State.WRITING);
            });
            String writerId = cluster.get(0).cluster().writerOf(ledger);
            writer = cluster.stream().filter(node -> node.cluster().nodeId().equals(writerId)).findFirst()
                    .orElseThrow();
            cluster.stream().filter(node -> node != writer).forEach(followers::add);
            if (spread) {
                cluster.forEach(node -> endpoints.add(node.endpoint()));
            } else {
                endpoints.add(writer.endpoint());
            }
        } else {
            single.ledgers().create(ledger, false, null, null);
            writer = single;
            endpoints.add(single.endpoint());
        }
        List<AutoCloseable> closeables = new ArrayList<>();
        List<Function<Function<Statements, Boolean>, Boolean>> executors = new ArrayList<>();
        for (URI endpoint : endpoints) {
            executors.add(kind.equals("driver") ? driver(endpoint, ledger, threads, closeables)
                    : client(endpoint, ledger, threads, closeables));
        }
        TransferWorkload.createAccounts(work -> executors.get(0).apply(s -> {
            work.accept(s);
            return true;
        }), accounts);
        Phase.Transfer transfer = (thread, from, to) -> executors.get(thread % executors.size())
                .apply(s -> TransferWorkload.transfer(s, from, to, ONE));
        String what = group + (replicated ? " -> 3-node cluster " + variant.name() + " (writer "
                + writer.cluster().nodeId() + (spread ? ", clients on all nodes" : "") + ")" : " -> single-node");
        if (warmUpSeconds > 0) {
            Phase.run("warm-up " + what, group, ledger, transfer, threads, warmUpSeconds, accounts, null, List.of());
            untilSteady(what, group, ledger, transfer, threads, accounts);
        } else {
            // A new ledger (its writer's first transactions, its followers' first fetches) outside the measurement.
            Phase.run("warm-up settle " + what, group, ledger, transfer, threads, SLICE_SECONDS, accounts, null,
                    List.of());
        }
        Phase.Result result = Phase.run(what, group, ledger, transfer, threads, seconds, accounts,
                replicated ? writer : null, followers);
        if (replicated) {
            for (CommitStageTimings timings : writer.cluster().commitTimings(ledger)) {
                System.out.println("    writer stage " + timings);
            }
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        return result;
    }

    /**
     * Warm-up slices of {@link #SLICE_SECONDS} after the fixed warm-up until two in a row agree within
     * {@link #STEADY_TOLERANCE} of their rate (as {@code compare.Runner} does): a run of two rounds measured the
     * JIT still compiling the cluster path in round 2 (a quarter of the cluster's CPU per transfer), which a server
     * that has run for a while does not pay.
     */
    private static void untilSteady(String what, String group, String ledger, Phase.Transfer transfer, int threads,
                                    int accounts) throws InterruptedException {
        double previous = -1;
        for (int slice = 1; slice <= MAXIMUM_SLICES; slice++) {
            Phase.Result result = Phase.run("warm-up slice " + slice + " " + what, group, ledger, transfer, threads,
                    SLICE_SECONDS, accounts, null, List.of());
            double rate = result.rate();
            if (previous > 0 && Math.abs(rate - previous) <= STEADY_TOLERANCE * Math.max(rate, previous)
                    && result.jitShare() <= MAXIMUM_JIT_SHARE) {
                System.out.printf("cluster-load: steady after %d warm-up slices of %d s (%.0f then %.0f/s, JIT "
                        + "compilers %.0f %% of the CPU)%n", slice, SLICE_SECONDS, previous, rate,
                        100 * result.jitShare());
                return;
            }
            previous = rate;
        }
        System.out.printf("cluster-load: NOT steady after %d warm-up slices of %d s; measuring anyway%n",
                MAXIMUM_SLICES, SLICE_SECONDS);
    }

    private static Function<Function<Statements, Boolean>, Boolean> driver(URI endpoint, String ledger, int threads,
                                                                          List<AutoCloseable> closeables) {
        QldbDriver driver = QldbDriver.builder().ledger(ledger).maxConcurrentTransactions(threads)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(100).build())
                .sessionClientBuilder(QldbSessionClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))))
                .build();
        closeables.add(driver::close);
        return work -> driver.execute((software.amazon.qldb.Executor<Boolean>) txn -> work.apply((statement, parameters) -> {
            List<IonValue> values = new ArrayList<>();
            txn.execute(statement, parameters).forEach(values::add);
            return values;
        }));
    }

    private static Function<Function<Statements, Boolean>, Boolean> client(URI endpoint, String ledger, int threads,
                                                                          List<AutoCloseable> closeables) {
        VellumClient client = VellumClient.builder().endpoint(endpoint).ledger(ledger).credentials(KEY, SECRET)
                .maxConcurrentTransactions(threads)
                .retryPolicy(io.vellum.client.VellumClientBuilder.DEFAULT_RETRY_POLICY.withMaxAttempts(101))
                .build();
        closeables.add(client);
        return work -> client.execute(txn -> work.apply((statement, parameters) ->
                txn.execute(statement, parameters).toList()));
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 120 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
