package io.vellum.bench.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Issue 6's side-by-side comparison, end to end: starts a throw-away PostgreSQL, runs the wallet transfer against
 * PostgreSQL (plain and with a hash-chained audit trigger) and against Vellum (embedded, server through the
 * official QLDB driver, server through vellum-client, wallet HTTP API) with the same client threads, accounts and
 * transfer, every contender up for the whole run and measured in slices interleaved with the others' ({@link Runner},
 * {@link Schedule}); checks every store's consistency after the run; prints the Markdown summary and writes it to
 * {@code --out}. See docs/COMPARISON.md.
 */
public final class CompareCommand {
    private CompareCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(CompareOptions.usage());
            return;
        }
        // the QLDB driver logs every retry at INFO; a conflict is counted here, not worth a line each
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        CompareOptions options = CompareOptions.parse(args);
        Files.createDirectories(options.workDirectory());
        Path work = Files.createTempDirectory(options.workDirectory(), "vellum-compare-");
        // PostgreSQL runs as its own user and must be able to reach its data directory inside
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String fileSystem = Files.getFileStore(work).type();
        if (fileSystem.equals("tmpfs") || fileSystem.equals("ramfs")) {
            System.out.println("WARNING: " + work + " is on " + fileSystem + ": fsync costs nothing there, so the"
                    + " results say nothing about durable commits; use --work-dir on a real disk");
        }
        if (!Files.isRegularFile(options.vellumJar())) {
            throw new IllegalArgumentException(options.vellumJar() + " is missing: build it with mvn -B package"
                    + " -DskipTests -pl vellum-bench,vellum-cli -am (or use vellum-bench/compare)");
        }
        Launcher launcher = Launcher.current(options.vellumJar());
        System.out.printf("Vellum vs PostgreSQL: %s; settings %s; %d threads, %d accounts, %d rounds of %.0f s"
                        + " (after %.0f s warm-up); stores under %s (%s); %d CPUs; load %s; %s%n",
                options.contenders(), options.settings(), options.threads(), options.accounts(), options.rounds(),
                options.seconds(), options.warmupSeconds(), work, fileSystem, Runtime.getRuntime().availableProcessors(),
                Runner.loadAverage(), Instant.now());
        PostgresCluster postgres = null;
        VellumServers servers = new VellumServers();
        EmbeddedContender.Agent embedded = new EmbeddedContender.Agent();
        try {
            int postgresConnections = postgresConnections(options);
            if (postgresConnections > 0) {
                postgres = PostgresCluster.start(options.postgresBinaries(), work, postgresConnections);
                System.out.println("PostgreSQL " + version(postgres) + " at 127.0.0.1:" + postgres.port()
                        + ", data in " + postgres.dataDirectory());
            }
            PostgresCluster cluster = postgres;
            Runner.Factory factory = name -> create(name, options, cluster, servers, embedded, launcher, work);
            List<Measurement> measurements = new Runner(options, factory, System.out::println).run();
            int slices = Schedule.slicesPerRound(options.seconds(), options.sliceSeconds());
            String report = "## Results\n\n" + "Run of " + Instant.now() + ": " + options.threads()
                    + " client threads, " + options.accounts() + " accounts, " + options.rounds() + " rounds × "
                    + (int) options.seconds() + " s measured (after " + (int) options.warmupSeconds()
                    + " s warm-up) per contender and setting, each round in " + slices + " slices of "
                    + String.format(java.util.Locale.ROOT, "%.1f", options.seconds() / slices) + " s interleaved"
                    + " with the other contenders' (round r = passes r, r + " + options.rounds() + ", ...); medians"
                    + " over rounds.\n"
                    + Report.markdown(options, measurements);
            System.out.println();
            System.out.println(report);
            Files.writeString(options.output(), report);
            System.out.println("Written to " + options.output().toAbsolutePath());
        } finally {
            servers.close();
            embedded.close();
            if (postgres != null) {
                postgres.close();
            }
            PostgresCluster.deleteTree(work);
        }
    }

    /**
     * The connections PostgreSQL must accept, 0 when no contender uses it: every PostgreSQL contender stays up for
     * the whole run (the interleaved slices), each with a connection per client thread and its own admin
     * connection, plus a margin for the runner's short ones (creating databases, the checks).
     */
    static int postgresConnections(CompareOptions options) {
        long contenders = options.contenders().stream().filter(name -> name.startsWith("pg-")).count();
        return contenders == 0 ? 0 : (int) contenders * (options.threads() + 1) + 10;
    }

    private static Contender create(String name, CompareOptions options, PostgresCluster postgres,
                                    VellumServers servers, EmbeddedContender.Agent embedded, Launcher launcher,
                                    Path work) throws Exception {
        int threads = options.threads();
        int accounts = options.accounts();
        return switch (name) {
            case "pg-plain" -> new PostgresContender(postgres, false, threads, accounts);
            case "pg-audit" -> new PostgresContender(postgres, true, threads, accounts);
            case "vellum-embedded" -> new EmbeddedContender(work, launcher, embedded, threads, accounts);
            case "vellum-driver" -> ServerContender.driver(servers, launcher, work, threads, accounts);
            case "vellum-client" -> new ServerContender(false, ServerContender.Batching.DEFAULT, false, null, servers,
                    launcher, work, threads, accounts);
            case "vellum-client-batched" -> new ServerContender(false, ServerContender.Batching.ON, false, null,
                    servers, launcher, work, threads, accounts);
            case "vellum-client-eager" -> new ServerContender(false, ServerContender.Batching.OFF, false, null,
                    servers, launcher, work, threads, accounts);
            case "vellum-client-batched-3" -> new ServerContender(false, ServerContender.Batching.ON, true, null,
                    servers, launcher, work, threads, accounts);
            case "vellum-client-batched-threads", "vellum-client-batched-jetty" -> new ServerContender(false,
                    ServerContender.Batching.ON, false, name.substring(name.lastIndexOf('-') + 1), servers, launcher,
                    work, threads, accounts);
            case "wallet-http" -> new WalletContender(launcher, work, threads, accounts);
            default -> throw new IllegalArgumentException("contender " + name + " is not available");
        };
    }

    private static String version(PostgresCluster postgres) throws Exception {
        try (var connection = postgres.connect("postgres"); var statement = connection.createStatement();
             var row = statement.executeQuery("SHOW server_version")) {
            row.next();
            return row.getString(1);
        }
    }
}
