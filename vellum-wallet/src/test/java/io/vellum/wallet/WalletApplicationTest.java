package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.client.VellumClient;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import io.vellum.server.auth.CredentialsFile;
import io.vellum.server.auth.ServerCredentials;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet run alone, as an operator runs it: a separate JVM started with {@code --data DIR --port 0}, stopped
 * with SIGTERM, started again on the same directory with everything still there; and started with
 * {@code --ledger-endpoint} on a ledger of a real Vellum server, with the access key in the environment.
 */
class WalletApplicationTest {
    private static final Pattern LISTENING = Pattern.compile("Vellum wallet on (http://\\S+/) ");

    @TempDir
    Path directory;

    @Test
    void runsAloneStopsCleanlyAndKeepsItsDataAcrossARestart() throws Exception {
        try (Running first = Running.start(directory)) {
            WalletHttp http = new WalletHttp(first.uri, null, null);
            assertThat(expect(http.post("/tables", ""), 401).errorCode()).isEqualTo("AUTHENTICATION_REQUIRED");
            http = signedWithTheKeysIn(directory, first.uri);
            http.setUp("alice");
            expect(http.deposit("alice", "42.00"), 200);
            expect(http.post("/accounts/alice/profile", "{\"name\":\"Alice\"}"), 201);
            assertThat(first.stop()).as("exit status after SIGTERM").isIn(0, 143);
        }
        try (Running second = Running.start(directory)) {
            WalletHttp http = signedWithTheKeysIn(directory, second.uri);
            assertThat(http.balance("alice")).isEqualTo("42.00");
            assertThat(expect(http.get("/accounts/alice/profile"), 200).json().path("name").asText())
                    .isEqualTo("Alice");
            assertThat(expect(http.get("/accounts/alice/verification"), 200).json().path("verified").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void runsAloneOnALedgerOfAVellumServer() throws Exception {
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(directory.resolve("server")))) {
            server.ledgers().create("bank", false, LedgerRegistry.ALLOW_ALL, Map.of());
            Map<String, String> environment = Map.of("VELLUM_ACCESS_KEY_ID", server.accessKeyId(),
                    "VELLUM_SECRET_ACCESS_KEY", server.secretAccessKey());
            try (Running wallet = Running.start(directory.resolve("wallet"), environment, "--ledger-endpoint",
                    server.endpoint().toString(), "--ledger", "bank");
                 VellumClient client = VellumClient.builder().endpoint(server.endpoint()).ledger("bank")
                         .credentials(server.accessKeyId(), server.secretAccessKey()).build()) {
                // A remote wallet accepts requests signed with the key it uses for its ledger.
                WalletHttp http = new WalletHttp(wallet.uri, server.accessKeyId(), server.secretAccessKey());
                assertThat(expect(http.get("/health"), 200).json().path("ledger").asText())
                        .isEqualTo("ledger bank at " + server.endpoint());
                http.setUp("alice");
                expect(http.deposit("alice", "42.00"), 200);
                // The balance lives in the server's ledger, where any other client sees it.
                List<String> balances = client.execute(transaction -> transaction.execute(
                        "SELECT VALUE w.balance FROM Wallet AS w WHERE w.accountId = 'alice'")
                        .toList().stream().map(Object::toString).toList());
                assertThat(balances).containsExactly("42.00");
                assertThat(expect(http.get("/accounts/alice/verification"), 200).json().path("verified").asBoolean())
                        .isTrue();
                assertThat(wallet.stop()).as("exit status after SIGTERM").isIn(0, 143);
            }
            assertThat(Files.exists(directory.resolve("wallet").resolve("ledger")))
                    .as("a remote wallet keeps no ledger of its own").isFalse();
        }
    }

    /** A client signing with the key pair the wallet generated in {@code directory/credentials} at its first start. */
    private static WalletHttp signedWithTheKeysIn(Path directory, URI uri) {
        ServerCredentials keys = CredentialsFile.load(directory.resolve(WalletConfig.CREDENTIALS_FILE));
        return new WalletHttp(uri, keys.accessKeyId(), keys.secretAccessKey());
    }

    /** A wallet process. */
    private static final class Running implements AutoCloseable {
        final Process process;
        final URI uri;

        private Running(Process process, URI uri) {
            this.process = process;
            this.uri = uri;
        }

        static Running start(Path directory) throws Exception {
            return start(directory, Map.of());
        }

        static Running start(Path directory, Map<String, String> environment, String... moreArguments)
                throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                    System.getProperty("java.class.path"), WalletApplication.class.getName(), "--data",
                    directory.toString(), "--port", "0"));
            command.addAll(List.of(moreArguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = output.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "wallet-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Running(process, URI.create(matcher.group(1)));
                }
            }
            process.destroyForcibly();
            throw new AssertionError("the wallet did not start:\n" + seen);
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the wallet did not stop within 30 s of SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                try {
                    stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }
}
