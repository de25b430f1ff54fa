package io.vellum.wallet;

import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness, not a test: a mix of AddFunds, WithdrawFunds, Transfer and CheckFunds over HTTP from many concurrent
 * clients for a fixed time, printing requests per second, latency percentiles, and the CheckFunds cache hit rate
 * and latency. Starts an embedded wallet in a temporary directory unless {@code --url} names a running one.
 *
 * <pre>
 * mvn -B -o -q -f vellum-wallet/pom.xml test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp vellum-wallet/target/test-classes:vellum-wallet/target/classes:$(cat vellum-wallet/target/test-classpath.txt) \
 *     io.vellum.wallet.WalletLoadHarness --seconds 30 --clients 32
 * </pre>
 * Options: {@code --seconds N} (30), {@code --warmup N} (5), {@code --clients N} (32), {@code --accounts N} (200),
 * {@code --check-share F} (0.4, the fraction of requests that are CheckFunds; the rest split evenly between the
 * three writes), {@code --url URL} (a running wallet, whose key pair comes from {@code --access-key-id} and
 * {@code --secret-access-key} or VELLUM_ACCESS_KEY_ID and VELLUM_SECRET_ACCESS_KEY), {@code --mode remote} (start a Vellum server in this process
 * and the wallet in remote mode against it, instead of an embedded ledger).
 */
public final class WalletLoadHarness {
    private enum Kind { ADD_FUNDS, WITHDRAW_FUNDS, TRANSFER, CHECK_FUNDS }

    /** What one client saw of one kind of request; merged after the run. */
    private static final class Tally {
        final long[][] latencies = new long[Kind.values().length][];
        final int[] counts = new int[Kind.values().length];
        final long[] refused = new long[Kind.values().length];
        final long[] failed = new long[Kind.values().length];
        long[] hitLatencies = new long[1024];
        int hits;
        long[] missLatencies = new long[1024];
        int misses;

        Tally() {
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = new long[1024];
            }
        }

        void record(Kind kind, long nanos) {
            int k = kind.ordinal();
            if (counts[k] == latencies[k].length) {
                latencies[k] = Arrays.copyOf(latencies[k], counts[k] * 2);
            }
            latencies[k][counts[k]++] = nanos;
        }

        void recordCheck(boolean hit, long nanos) {
            if (hit) {
                if (hits == hitLatencies.length) {
                    hitLatencies = Arrays.copyOf(hitLatencies, hits * 2);
                }
                hitLatencies[hits++] = nanos;
            } else {
                if (misses == missLatencies.length) {
                    missLatencies = Arrays.copyOf(missLatencies, misses * 2);
                }
                missLatencies[misses++] = nanos;
            }
        }
    }

    private WalletLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int seconds = Integer.parseInt(options.getOrDefault("--seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "5"));
        int clients = Integer.parseInt(options.getOrDefault("--clients", "32"));
        int accounts = Integer.parseInt(options.getOrDefault("--accounts", "200"));
        double checkShare = Double.parseDouble(options.getOrDefault("--check-share", "0.4"));
        Path temporary = Files.createTempDirectory("wallet-load");
        VellumServer server = null;
        WalletService service = null;
        URI base;
        String target;
        WalletHttp http;
        if (options.containsKey("--url")) {
            base = URI.create(options.get("--url"));
            target = "wallet at " + base;
            // A running wallet wants signed requests: its key pair from the options or the environment.
            http = new WalletHttp(base, options.getOrDefault("--access-key-id", System.getenv("VELLUM_ACCESS_KEY_ID")),
                    options.getOrDefault("--secret-access-key", System.getenv("VELLUM_SECRET_ACCESS_KEY")));
        } else if ("remote".equals(options.get("--mode"))) {
            server = VellumServer.start(ServerConfig.defaults(temporary.resolve("server")));
            server.ledgers().create("load", false, LedgerRegistry.ALLOW_ALL, Map.of());
            service = WalletService.start(WalletConfig.embedded(temporary.resolve("wallet")).withPort(0)
                    .withLedger(new LedgerLocation.Remote(server.endpoint(), "load", server.accessKeyId(),
                            server.secretAccessKey())));
            base = service.uri();
            http = new WalletHttp(service);
            target = "remote ledger on a Vellum server in this process (" + server.endpoint() + ")";
        } else {
            service = WalletService.start(WalletConfig.embedded(temporary).withPort(0));
            base = service.uri();
            http = new WalletHttp(service);
            target = "embedded ledger in " + temporary;
        }
        try {
            run(http, seconds, warmup, clients, accounts, checkShare, target);
        } finally {
            if (service != null) {
                service.close();
            }
            if (server != null) {
                server.close();
            }
            try (java.util.stream.Stream<Path> files = Files.walk(temporary)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void run(WalletHttp http, int seconds, int warmup, int clients, int accounts, double checkShare,
                            String target) throws Exception {
        String prefix = "load-" + Long.toString(System.nanoTime(), 36) + "-";
        http.post("/tables", "");
        http.post("/indexes", "");
        for (int i = 0; i < accounts; i++) {
            WalletHttp.expect(http.post("/accounts", "{\"accountId\":\"" + prefix + i + "\"}"), 201);
            WalletHttp.expect(http.deposit(prefix + i, "1000000.00"), 200);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong seeds = new AtomicLong(42);
        for (int c = 0; c < clients; c++) {
            Tally tally = new Tally();
            tallies.add(tally);
            SplittableRandom random = new SplittableRandom(seeds.incrementAndGet());
            threads.add(new Thread(() -> {
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        return;
                    }
                    Kind kind = pick(random, checkShare);
                    HttpRequest request = request(http, kind, prefix, accounts, random);
                    long sent = System.nanoTime();
                    HttpResponse<String> response;
                    try {
                        response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        tally.failed[kind.ordinal()]++;
                        continue;
                    }
                    long nanos = System.nanoTime() - sent;
                    if (sent < measureFrom) {
                        continue;
                    }
                    int status = response.statusCode();
                    if (status == 200) {
                        tally.record(kind, nanos);
                        if (kind == Kind.CHECK_FUNDS) {
                            tally.recordCheck("hit".equals(response.headers().firstValue("X-Cache").orElse("")),
                                    nanos);
                        }
                    } else if (status == 409) {
                        tally.refused[kind.ordinal()]++;
                    } else {
                        tally.failed[kind.ordinal()]++;
                    }
                }
            }, "load-client-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        report(tallies, seconds, warmup, clients, accounts, checkShare, target, http);
    }

    private static Kind pick(SplittableRandom random, double checkShare) {
        double roll = random.nextDouble();
        if (roll < checkShare) {
            return Kind.CHECK_FUNDS;
        }
        double write = (roll - checkShare) / (1 - checkShare);
        return write < 1.0 / 3 ? Kind.ADD_FUNDS : write < 2.0 / 3 ? Kind.WITHDRAW_FUNDS : Kind.TRANSFER;
    }

    private static HttpRequest request(WalletHttp http, Kind kind, String prefix, int accounts, SplittableRandom random) {
        String account = prefix + random.nextInt(accounts);
        String amount = (1 + random.nextInt(100)) + "." + String.format("%02d", random.nextInt(100));
        switch (kind) {
            case CHECK_FUNDS:
                return http.request("GET", "/accounts/" + account + "/balance", null).build();
            case ADD_FUNDS:
                return post(http, "/accounts/" + account + "/deposits", "{\"amount\":\"" + amount + "\"}");
            case WITHDRAW_FUNDS:
                return post(http, "/accounts/" + account + "/withdrawals", "{\"amount\":\"" + amount + "\"}");
            default:
                int other = random.nextInt(accounts - 1);
                String to = prefix + (other >= Integer.parseInt(account.substring(prefix.length())) ? other + 1 : other);
                return post(http, "/transfers", "{\"fromAccountId\":\"" + account + "\",\"toAccountId\":\"" + to
                        + "\",\"amount\":\"" + amount + "\"}");
        }
    }

    private static HttpRequest post(WalletHttp http, String path, String body) {
        return http.request("POST", path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "Content-Type",
                "application/json").build();
    }

    private static void report(List<Tally> tallies, int seconds, int warmup, int clients, int accounts,
                               double checkShare, String target, WalletHttp http) {
        System.out.printf(Locale.ROOT, "Vellum wallet load: %d clients, %d s measured after %d s warm-up, %d accounts,"
                + " %.0f%% CheckFunds; %s; %d CPUs%n", clients, seconds, warmup, accounts, checkShare * 100, target,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-14s %9s %9s %8s %8s %8s %9s %7s%n", "operation", "ok", "ok/s", "p50 ms",
                "p99 ms", "max ms", "refused", "errors");
        Map<Kind, long[]> merged = new EnumMap<>(Kind.class);
        long[] writes = new long[0];
        long[] all = new long[0];
        for (Kind kind : Kind.values()) {
            long[] latencies = merge(tallies, tally -> Arrays.copyOf(tally.latencies[kind.ordinal()],
                    tally.counts[kind.ordinal()]));
            merged.put(kind, latencies);
            long refused = tallies.stream().mapToLong(tally -> tally.refused[kind.ordinal()]).sum();
            long failed = tallies.stream().mapToLong(tally -> tally.failed[kind.ordinal()]).sum();
            line(name(kind), latencies, seconds, refused, failed);
            all = concat(all, latencies);
            if (kind != Kind.CHECK_FUNDS) {
                writes = concat(writes, latencies);
            }
        }
        line("writes", writes, seconds, -1, -1);
        line("all", all, seconds, -1, -1);
        long[] hits = merge(tallies, tally -> Arrays.copyOf(tally.hitLatencies, tally.hits));
        long[] misses = merge(tallies, tally -> Arrays.copyOf(tally.missLatencies, tally.misses));
        long checks = hits.length + misses.length;
        System.out.printf(Locale.ROOT, "CheckFunds cache: hit rate %.1f%% (%d of %d); hits p50 %.2f ms p99 %.2f ms; "
                        + "misses p50 %.2f ms p99 %.2f ms%n", checks == 0 ? 0 : 100.0 * hits.length / checks,
                hits.length, checks, millis(hits, 0.50), millis(hits, 0.99), millis(misses, 0.50),
                millis(misses, 0.99));
        System.out.println("wallet's own counters (/health): " + http.get("/health").json().path("balanceCache"));
    }

    private static String name(Kind kind) {
        switch (kind) {
            case ADD_FUNDS:
                return "AddFunds";
            case WITHDRAW_FUNDS:
                return "WithdrawFunds";
            case TRANSFER:
                return "Transfer";
            default:
                return "CheckFunds";
        }
    }

    private static void line(String name, long[] sorted, int seconds, long refused, long failed) {
        System.out.printf(Locale.ROOT, "%-14s %9d %9.1f %8.2f %8.2f %8.2f %9s %7s%n", name, sorted.length,
                sorted.length / (double) seconds, millis(sorted, 0.50), millis(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, refused < 0 ? "" : Long.toString(refused),
                failed < 0 ? "" : Long.toString(failed));
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(index, 0)] / 1e6;
    }

    private static long[] merge(List<Tally> tallies, java.util.function.Function<Tally, long[]> part) {
        long[] merged = tallies.stream().map(part).reduce(new long[0], WalletLoadHarness::concat);
        Arrays.sort(merged);
        return merged;
    }

    private static long[] concat(long[] first, long[] second) {
        long[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        Arrays.sort(both);
        return both;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
