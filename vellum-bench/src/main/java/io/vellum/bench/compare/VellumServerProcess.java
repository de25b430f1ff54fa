package io.vellum.bench.compare;

import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.RequestSignature;
import io.vellum.client.internal.SigV4Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vellum serve} as a child process with default JVM options and SigV4 on, on a free port, with a fresh data
 * directory; output to {@code server.log} beside it. {@link #close} stops it (SIGTERM: graceful) and deletes the
 * directory.
 */
final class VellumServerProcess implements AutoCloseable {
    static final String KEY = "AKIABENCHMARK0000001";
    static final String SECRET = "benchmarkSecretKeyBenchmarkSecretKey0000";

    private final Path directory;
    private final Process process;
    private final URI endpoint;
    private final URI wallet;

    private VellumServerProcess(Path directory, Process process, URI endpoint, URI wallet) {
        this.directory = directory;
        this.process = process;
        this.endpoint = endpoint;
        this.wallet = wallet;
    }

    /**
     * @param ledger the ledger to create at start, or null for none
     * @param withWallet whether to run the wallet API too (on its own free port); otherwise {@code --no-wallet}
     */
    static VellumServerProcess start(Launcher launcher, Path workDirectory, String ledger, boolean withWallet)
            throws Exception {
        return start(launcher, workDirectory, ledger, withWallet, null);
    }

    /**
     * @param httpFront the server's HTTP front ({@code vellum serve --http-front jetty|threads}), or null for the
     *                  server's default
     */
    static VellumServerProcess start(Launcher launcher, Path workDirectory, String ledger, boolean withWallet,
                                     String httpFront) throws Exception {
        Path directory = Files.createTempDirectory(workDirectory, withWallet ? "wallet-" : "server-");
        int port = PostgresCluster.freePort();
        int walletPort = withWallet ? PostgresCluster.freePort() : 0;
        List<String> args = new ArrayList<>(List.of("--data", directory.resolve("data").toString(), "--port",
                Integer.toString(port), "--access-key-id", KEY, "--secret-access-key", SECRET));
        if (ledger != null) {
            args.addAll(List.of("--ledger", ledger));
        }
        args.addAll(withWallet ? List.of("--wallet-port", Integer.toString(walletPort)) : List.of("--no-wallet"));
        if (httpFront != null) {
            args.addAll(List.of("--http-front", httpFront));
        }
        Process process = Launcher.start(new ProcessBuilder(launcher.serve(args)).redirectErrorStream(true)
                .redirectOutput(directory.resolve("server.log").toFile()));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        URI wallet = withWallet ? URI.create("http://127.0.0.1:" + walletPort) : null;
        VellumServerProcess server = new VellumServerProcess(directory, process, endpoint, wallet);
        try {
            server.awaitHealthy(endpoint);
            server.awaitBanner(); // /health answers before the --ledger ledgers exist
            if (withWallet) {
                server.awaitHealthy(wallet);
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** The wallet API's base URI; null without the wallet. */
    URI wallet() {
        return wallet;
    }

    long pid() {
        return process.pid();
    }

    long dataBytes() {
        return ProcessStats.directoryBytes(directory.resolve("data"));
    }

    /**
     * A counter of /metrics, e.g. {@code vellum_ledger_occ_conflicts_total{ledger="wallet"}}. The request is signed:
     * the server answers /metrics only to a holder of its key (403 MissingAuthenticationToken otherwise).
     */
    long metric(String sample) throws Exception {
        String text = signed("GET", "/metrics", null).body();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(sample) + " ([0-9.eE+]+)$", Pattern.MULTILINE)
                .matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no metric " + sample + " at " + endpoint + "/metrics");
        }
        return (long) Double.parseDouble(matcher.group(1));
    }

    /**
     * Creates ledger {@code name} through the control plane (CreateLedger, ALLOW_ALL, deletion protection off), as
     * {@code --ledger} would at start: a fresh store inside this running server.
     */
    void createLedger(String name) throws Exception {
        HttpResponse<String> answer = signed("POST", "/ledgers", "{\"Name\":\"" + name
                + "\",\"PermissionsMode\":\"ALLOW_ALL\",\"DeletionProtection\":false}");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("CreateLedger " + name + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
    }

    /** Deletes ledger {@code name} (DeleteLedger), so that the next round's ledger starts beside no other. */
    void deleteLedger(String name) throws Exception {
        HttpResponse<String> answer = signed("DELETE", "/ledgers/" + name, null);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("DeleteLedger " + name + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
    }

    /** A request to the server signed with its key pair (service qldb); {@code body} null for none. */
    private HttpResponse<String> signed(String method, String path, String body) throws Exception {
        URI uri = endpoint.resolve(path);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, String> headers = body == null ? java.util.Map.of()
                : java.util.Map.of("Content-Type", "application/json");
        RequestSignature signature = new SigV4Signer(new Credentials(KEY, SECRET), "us-east-1", "qldb")
                .sign(method, uri, headers, bytes, java.time.Instant.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("X-Amz-Date", signature.amzDate())
                .header("Authorization", signature.authorization())
                .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the line serve prints once its ledgers are created. */
    private void awaitBanner() throws Exception {
        Path log = directory.resolve("server.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("Press Ctrl-C to stop.")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("vellum serve did not finish starting: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private void awaitHealthy(URI base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("vellum serve exited: " + Files.readString(directory.resolve("server.log")));
            }
            try {
                URI health = base.resolve("/health");
                // The wallet's /health wants a signature like every wallet request; the server's needs none.
                HttpRequest.Builder request = HttpRequest.newBuilder(health);
                if (base.equals(wallet)) {
                    RequestSignature signature = new SigV4Signer(new Credentials(KEY, SECRET), "us-east-1", "wallet")
                            .sign("GET", health, java.util.Map.of(), new byte[0], java.time.Instant.now());
                    request.header("X-Amz-Date", signature.amzDate()).header("Authorization", signature.authorization());
                }
                if (http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(base + "/health did not answer 200 within 120 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        PostgresCluster.deleteTree(directory);
    }
}
