package io.vellum.cli;

import io.vellum.kafka.KafkaConnection;
import io.vellum.error.LedgerException;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.HttpFront;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import io.vellum.server.metrics.MetricsAccess;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vellum serve}: runs the server (QLDB Session API, QLDB control plane, native API, metrics) until SIGTERM
 * or Ctrl-C, then stops gracefully: requests in flight finish, nothing acknowledged is lost.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the ledgers in a data directory over HTTP, with the wallet API.",
                "QLDB clients (official drivers, AWS SDK/CLI: set the endpoint to the printed URL),",
                "the native API under /v1,",
                "/metrics (signed, or --metrics-token-file) and /health. Journal exports",
                "go to a directory per S3 bucket, journal streams to the operator's Kafka",
                "cluster. Requests are checked with AWS Signature V4",
                "against the key pair in <data>/credentials, generated and printed once at",
                "the first start, or given with --access-key-id/--secret-access-key (or",
                "VELLUM_ACCESS_KEY_ID/VELLUM_SECRET_ACCESS_KEY)."})
final class ServeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_TLS_PORT = 8443;

    @Option(names = "--data", description = "data directory (default: ${DEFAULT-VALUE})", defaultValue = "data")
    Path data;

    @Option(names = "--host", description = "address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})",
            defaultValue = ServerConfig.DEFAULT_HOST)
    String host;

    @Option(names = "--port", description = "TCP port (default: " + DEFAULT_PORT + ", or " + DEFAULT_TLS_PORT
            + " with TLS; 0 picks a free one)")
    Integer port;

    @Option(names = "--access-key-id", description = "access key id clients sign with (env VELLUM_ACCESS_KEY_ID)")
    String accessKeyId;

    @Option(names = "--secret-access-key", description = "its secret (env VELLUM_SECRET_ACCESS_KEY); prefer the env"
            + " variable: command lines are visible to other users")
    String secretAccessKey;

    @Option(names = "--insecure-no-auth", description = "accept unsigned requests (local experiments only)")
    boolean insecureNoAuth;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve HTTPS")
    Path tlsCertificate;

    @Option(names = "--tls-key", description = "PEM private key of --tls-cert (PKCS#8, PKCS#1 RSA or SEC1 EC)")
    Path tlsKey;

    @Option(names = "--region", description = "region in ledger ARNs (default: ${DEFAULT-VALUE})",
            defaultValue = ServerConfig.DEFAULT_REGION)
    String region;

    @Option(names = "--exports-directory", paramLabel = "DIR", description = "where ExportJournalToS3 writes: S3 bucket"
            + " B becomes DIR/B/ (default: <data>/exports)")
    Path exportsDirectory;

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT…]", description = "the Kafka"
            + " cluster standing in for Kinesis: StreamJournalToKinesis with StreamArn"
            + " arn:aws:kinesis:<region>:<account>:stream/NAME streams to topic NAME there")
    String kafkaBootstrapServers;

    @Option(names = "--kafka-producer-property", paramLabel = "KEY=VALUE", description = "a Kafka producer config"
            + " for streams to that cluster, e.g. security.protocol=SASL_SSL (repeatable; acks and idempotence are"
            + " always all/true)")
    Map<String, String> kafkaProducerProperties = new LinkedHashMap<>();

    @Option(names = "--metrics-token-file", paramLabel = "FILE", description = "let GET /metrics in with"
            + " 'Authorization: Bearer <the token in FILE>' (Prometheus: authorization.credentials_file) as well as"
            + " signed requests")
    Path metricsTokenFile;

    @Option(names = "--metrics-token", paramLabel = "TOKEN", description = "the same token given directly (env"
            + " VELLUM_METRICS_TOKEN; prefer the file or env: command lines are visible to other users)")
    String metricsToken;

    @Option(names = "--metrics-insecure-no-auth", description = "serve /metrics (every ledger's name and activity)"
            + " to anyone who can reach the port")
    boolean metricsInsecureNoAuth;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "close a connection on which nothing"
            + " arrives or leaves for this long (default: " + ConnectionLimits.DEFAULT_IDLE_TIMEOUT_SECONDS + ")")
    Integer idleTimeoutSeconds;

    @Option(names = "--minimum-body-rate", paramLabel = "BYTES_PER_SECOND", description = "refuse (408) a request"
            + " body that arrives slower than this after the first " + ConnectionLimits.DEFAULT_BODY_GRACE_SECONDS
            + " s (default: " + ConnectionLimits.DEFAULT_MINIMUM_BODY_RATE + "; 0: no minimum)")
    Long minimumBodyRate;

    @Option(names = "--max-connections-per-peer", paramLabel = "N", description = "close a remote address's"
            + " connections beyond N (default: " + ConnectionLimits.DEFAULT_MAXIMUM_CONNECTIONS_PER_PEER
            + "; 0: no limit)")
    Integer maximumConnectionsPerPeer;

    @Option(names = "--max-connections", paramLabel = "N", description = "on the threads front, close connections"
            + " beyond N open at once, all peers together (each holds a thread; default: "
            + ConnectionLimits.DEFAULT_MAXIMUM_CONNECTIONS + "; at least 1)")
    Integer maximumConnections;

    @Option(names = "--http-front", paramLabel = "jetty|threads", description = "which HTTP front serves the port:"
            + " threads (default), Vellum's own (one platform thread per connection: less server CPU per request, a"
            + " thread per open connection, at most --max-connections of them), or jetty (bodies read without a"
            + " thread, no total connection cap)")
    String httpFront;

    @Option(names = "--ledger", paramLabel = "NAME", description = "create this ledger at start if absent"
            + " (repeatable; deletion protection on, permissions mode ALLOW_ALL, as QLDB's defaults)")
    List<String> ledgers = List.of();

    @picocli.CommandLine.Mixin
    WalletOptions wallet;

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String keyId = accessKeyId != null ? accessKeyId : System.getenv("VELLUM_ACCESS_KEY_ID");
        String secret = secretAccessKey != null ? secretAccessKey : System.getenv("VELLUM_SECRET_ACCESS_KEY");
        if ((keyId == null) != (secret == null)) {
            System.err.println("Give both --access-key-id and --secret-access-key (or both VELLUM_ACCESS_KEY_ID and"
                    + " VELLUM_SECRET_ACCESS_KEY), or neither to use " + data.resolve("credentials"));
            return 2;
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            System.err.println("TLS needs both --tls-cert and --tls-key");
            return 2;
        }
        if (kafkaBootstrapServers == null && !kafkaProducerProperties.isEmpty()) {
            System.err.println("--kafka-producer-property needs --kafka-bootstrap-servers");
            return 2;
        }
        MetricsAccess metricsAccess;
        ConnectionLimits limits;
        try {
            metricsAccess = metricsAccess();
            limits = connectionLimits();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        int chosenPort = port != null ? port : tlsCertificate != null ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        String portProblem = chosenPort < 0 || chosenPort > 65_535
                ? "--port must be a number from 0 to 65535, got " + chosenPort : wallet.portProblem(chosenPort);
        if (portProblem != null) {
            System.err.println(portProblem);
            return 2;
        }
        HttpFront front;
        try {
            front = httpFront == null ? null : HttpFront.parse(httpFront);
        } catch (IllegalArgumentException e) {
            System.err.println("--http-front: " + e.getMessage());
            return 2;
        }
        // Before anything starts, both ports are bound and stay bound (the server and the wallet listen on these
        // very channels): a port taken by another process at any later moment cannot leave a generated key pair
        // unseen or a server that answered /health and then exits.
        java.nio.channels.ServerSocketChannel serverChannel;
        java.nio.channels.ServerSocketChannel walletChannel;
        try {
            serverChannel = PortCheck.bind(host, chosenPort, "choose another with --port");
        } catch (IllegalStateException e) {
            System.err.println("Cannot start: " + e.getMessage());
            return 1;
        }
        try {
            walletChannel = wallet.bindPort();
        } catch (IllegalStateException e) {
            closeQuietly(serverChannel);
            System.err.println("Cannot start: " + e.getMessage());
            return 1;
        }
        ServerConfig config = ServerConfig.defaults(data).withHost(host).withPort(chosenPort)
                .withCredentials(keyId, secret).withInsecureNoAuth(insecureNoAuth).withTls(tlsCertificate, tlsKey)
                .withRegion(region).withExportsDirectory(exportsDirectory)
                .withKafka(kafkaBootstrapServers == null ? null
                        : new KafkaConnection(kafkaBootstrapServers, kafkaProducerProperties))
                .withMetricsAccess(metricsAccess).withConnectionLimits(limits);
        config = config.withHttpFront(front); // null: the default
        VellumServer server;
        // /health answers "starting" until the ledgers of --ledger exist and the wallet runs: a probe that saw "ok"
        // can send clients at once.
        io.vellum.server.Readiness readiness = io.vellum.server.Readiness.starting();
        try {
            server = VellumServer.start(config, cluster.config(kafkaBootstrapServers), serverChannel, readiness);
        } catch (LedgerException | IllegalArgumentException e) {
            closeQuietly(walletChannel);
            System.err.println("Cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<io.vellum.wallet.WalletService> walletService =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: finishing requests in flight…");
            io.vellum.wallet.WalletService running = walletService.get();
            if (running != null) {
                running.close(); // before the server: it shares one of the server's ledgers
            }
            server.close();
            out.println("Stopped.");
            stopped.countDown();
        }, "vellum-shutdown"));
        try {
            createLedgers(server.ledgers(), out);
        } catch (LedgerException e) {
            closeQuietly(walletChannel);
            System.err.println("Cannot create ledger: " + e.getMessage());
            printGeneratedKeyPair(server, out);
            server.close();
            return 1;
        }
        // The wallet starts before the banner, so that the banner is printed only when everything runs; its own
        // lines follow the banner.
        java.io.ByteArrayOutputStream walletLines = new java.io.ByteArrayOutputStream();
        try {
            // In cluster mode the embedded wallet would write through this node's ledger directly, past forwarding.
            if (server.cluster() != null) {
                closeQuietly(walletChannel);
            }
            walletService.set(server.cluster() != null ? null
                    : wallet.start(server, data, new PrintStream(walletLines, true, StandardCharsets.UTF_8),
                            walletChannel));
        } catch (LedgerException | IllegalArgumentException | IllegalStateException e) {
            closeQuietly(walletChannel); // already closed when the wallet's own start failed
            System.err.println("Cannot start the wallet (--no-wallet runs without it, --wallet-port moves it): "
                    + e.getMessage());
            printGeneratedKeyPair(server, out);
            server.close();
            return 1;
        }
        readiness.markReady();
        printBanner(server, out);
        out.print(walletLines.toString(StandardCharsets.UTF_8));
        stopped.await();
        return 0;
    }

    /** Who may read /metrics, from the options; IllegalArgumentException names the option at fault. */
    private MetricsAccess metricsAccess() throws java.io.IOException {
        String token = metricsToken != null ? metricsToken : System.getenv("VELLUM_METRICS_TOKEN");
        if (metricsTokenFile != null) {
            if (token != null) {
                throw new IllegalArgumentException("Give the metrics token once: --metrics-token-file or"
                        + " --metrics-token (or VELLUM_METRICS_TOKEN), not both");
            }
            token = java.nio.file.Files.readString(metricsTokenFile, StandardCharsets.UTF_8);
        }
        if (token != null && metricsInsecureNoAuth) {
            throw new IllegalArgumentException("--metrics-insecure-no-auth leaves /metrics open: it takes no token");
        }
        try {
            return new MetricsAccess(token, metricsInsecureNoAuth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics-token" + (metricsTokenFile != null ? "-file" : "") + ": "
                    + e.getMessage());
        }
    }

    private ConnectionLimits connectionLimits() {
        ConnectionLimits limits = ConnectionLimits.defaults();
        if (idleTimeoutSeconds != null) {
            limits = limits.withIdleTimeout(java.time.Duration.ofSeconds(idleTimeoutSeconds));
        }
        if (minimumBodyRate != null) {
            limits = limits.withBodyRate(limits.bodyGracePeriod(), minimumBodyRate);
        }
        if (maximumConnectionsPerPeer != null) {
            limits = limits.withMaximumConnectionsPerPeer(maximumConnectionsPerPeer);
        }
        if (maximumConnections != null) {
            if (maximumConnections < 1) {
                throw new IllegalArgumentException("--max-connections must be at least 1, got " + maximumConnections);
            }
            limits = limits.withMaximumConnections(maximumConnections);
        }
        return limits;
    }

    private void createLedgers(LedgerRegistry registry, PrintStream out) {
        for (String name : ledgers) {
            try {
                registry.describe(name);
            } catch (LedgerException absent) {
                registry.create(name, true, LedgerRegistry.ALLOW_ALL, Map.of());
                out.println("Created ledger " + name);
            }
        }
    }

    private static void closeQuietly(java.nio.channels.ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (java.io.IOException ignored) {
                // Closing a listening channel nobody accepted on cannot lose anything.
            }
        }
    }

    /** The key pair this start generated, if it did: shown once, even when the start then fails. */
    private static void printGeneratedKeyPair(VellumServer server, PrintStream out) {
        if (server.credentialsGenerated()) {
            out.println();
            out.println("Generated a new key pair. It is shown only now; it stays in the credentials file "
                    + server.credentialsFile().toAbsolutePath() + ":");
            out.println("  Access key id:     " + server.accessKeyId());
            out.println("  Secret access key: " + server.secretAccessKey());
            out.println();
        }
    }

    private void printBanner(VellumServer server, PrintStream out) {
        out.println("Vellum is serving at " + server.endpoint() + "  (QLDB endpoint override; region "
                + server.config().region() + ")");
        out.println("Data directory:   " + data.toAbsolutePath());
        if (server.credentialsFile() != null) {
            out.println("Credentials file: " + server.credentialsFile().toAbsolutePath()
                    + "  (AWS_SHARED_CREDENTIALS_FILE can point at it)");
        } else {
            out.println("Credentials:      access key " + server.accessKeyId() + " from the command line or environment");
        }
        printGeneratedKeyPair(server, out);
        out.println("Exports:          S3 bucket B is " + server.config().exportsDirectory().toAbsolutePath()
                + "/B/");
        out.println("Streams:          " + (server.config().kafka() != null
                ? "Kinesis stream ARNs go to topics of Kafka at " + server.config().kafka().bootstrapServers()
                : "no Kafka cluster (--kafka-bootstrap-servers): StreamJournalToKinesis is refused"));
        out.println("Metrics:          " + (insecureNoAuth || metricsInsecureNoAuth
                ? "/metrics is open to anyone who can reach this port"
                : server.config().metricsAccess().bearerToken() != null
                ? "/metrics takes signed requests or the bearer token of --metrics-token(-file)"
                : "/metrics takes signed requests (--metrics-token-file lets Prometheus in)"));
        out.println("Console:          " + server.endpoint() + "/console/  (log in with the access key pair)");
        if (!insecureNoAuth && metricsInsecureNoAuth) {
            out.println("WARNING: /metrics is OPEN (--metrics-insecure-no-auth): anyone who can reach this port can"
                    + " read every ledger's name and activity.");
        }
        if (insecureNoAuth) {
            out.println("WARNING: authentication is OFF (--insecure-no-auth). Anyone who can reach this port can read"
                    + " and write every ledger.");
        }
        List<String> names = server.ledgers().list().stream().map(info -> info.name()).toList();
        out.println("Ledgers: " + (names.isEmpty() ? "(none; create one with --ledger NAME or CreateLedger)"
                : String.join(", ", names)));
        out.println("Press Ctrl-C to stop.");
    }
}
