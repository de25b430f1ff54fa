package io.vellum.cli;

import io.vellum.wallet.WalletApplication;
import io.vellum.wallet.WalletConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vellum wallet}: the reference wallet alone, without a server in the same process: on an embedded ledger, or
 * on a ledger of a running {@code vellum serve}. Options in the style of every other command; they are handed to
 * {@link WalletApplication} (the same program as {@code java -cp … io.vellum.wallet.WalletApplication}), which
 * checks them and says what is wrong.
 *
 * <p>{@code --data} is the data directory every command takes (default {@code ./data}); the wallet keeps its files
 * in {@code DATA/wallet/} (key pair in {@code credentials}, profiles in {@code profiles/}, the embedded ledger in
 * {@code ledger/}): the directory {@code vellum serve}'s wallet keeps its profiles in.
 */
@Command(name = "wallet", description = {"Run the wallet API alone, on an embedded ledger or a Vellum server's.",
        "Embedded: its files in DATA/wallet/ (key pair, profiles, ledger). On a server:",
        "--ledger-endpoint URL --ledger NAME plus an access key of that server.",
        "Requests must be signed with AWS Signature Version 4 (curl --aws-sigv4",
        "aws:amz:us-east-1:wallet --user KEY:SECRET) by the key pair in DATA/wallet/credentials",
        "(generated and printed at the first start) or, with a remote ledger, by its access key.",
        "The API is described at /openapi.yaml."})
final class WalletCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "data directory; the"
            + " wallet's files go to DIR/wallet/ (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--port", description = "TCP port (default: " + WalletConfig.DEFAULT_PORT + "; 0 picks a free"
            + " one)")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "interface to listen on (default: 127.0.0.1;"
            + " the API is plain HTTP: put TLS in front of it before exposing it beyond this machine)")
    String host;

    @Option(names = "--currency", paramLabel = "CODE", description = "ISO 4217 currency of every amount (default:"
            + " USD)")
    String currency;

    @Option(names = "--ledger-endpoint", paramLabel = "URL", description = "use the ledger on this Vellum server"
            + " (e.g. http://127.0.0.1:8080) instead of an embedded one; needs --ledger and an access key")
    String ledgerEndpoint;

    @Option(names = "--ledger", paramLabel = "NAME", description = "the ledger's name on that server (it must exist)")
    String ledger;

    @Option(names = "--access-key-id", paramLabel = "KEY", description = "an access key the server holds (env"
            + " VELLUM_ACCESS_KEY_ID)")
    String accessKeyId;

    @Option(names = "--secret-access-key", paramLabel = "SECRET", description = "its secret (env"
            + " VELLUM_SECRET_ACCESS_KEY; prefer the env variable: command lines are visible to other users)")
    String secretAccessKey;

    @Option(names = "--profile-jdbc-url", paramLabel = "URL", description = "store profiles in this database (e.g."
            + " jdbc:postgresql://host/db) instead of the H2 file database in DIR/wallet/profiles")
    String profileJdbcUrl;

    @Option(names = "--profile-jdbc-user", paramLabel = "USER", description = "its user")
    String profileJdbcUser;

    @Option(names = "--profile-jdbc-password", paramLabel = "PASSWORD", description = "its password (env "
            + WalletOptions.PASSWORD_VARIABLE + ")")
    String profileJdbcPassword;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN", split = ",", description = "a web page origin (e.g."
            + " https://shop.example.com) whose browser requests are accepted (repeatable); any other Origin header"
            + " is refused")
    List<String> allowedOrigins = List.of();

    @Option(names = "--insecure-no-auth", description = "accept unsigned requests: anyone who can reach the port"
            + " can move money (local experiments only; warned about at every start)")
    boolean insecureNoAuth;

    @Option(names = "--http-front", paramLabel = "threads|jetty", description = "which HTTP front serves the port:"
            + " threads (default), Vellum's own (one platform thread per connection, as vellum serve's), or jetty;"
            + " both answer alike")
    String httpFront;

    /** Where the wallet's notices go; tests replace them. */
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    @Override
    public Integer call() throws InterruptedException {
        // One process per data directory, as serve, shell, export and import: a serve on the same DIR would share
        // the wallet's profile database with this one.
        io.vellum.server.hosting.DataDirectoryLock lock;
        try {
            lock = io.vellum.server.hosting.DataDirectoryLock.acquire(data);
        } catch (io.vellum.error.LedgerException e) {
            err.println("wallet: cannot start: " + e.getMessage());
            return WalletApplication.CANNOT_START;
        }
        try (lock) {
            return WalletApplication.run(arguments(), out, err);
        }
    }

    /** The wallet program's own arguments for these options. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of("--data", data.resolve("wallet").toString()));
        add(arguments, "--port", port == null ? null : port.toString());
        add(arguments, "--host", host);
        add(arguments, "--currency", currency);
        add(arguments, "--ledger-endpoint", ledgerEndpoint);
        add(arguments, "--ledger", ledger);
        add(arguments, "--access-key-id", accessKeyId);
        add(arguments, "--secret-access-key", secretAccessKey);
        add(arguments, "--profile-jdbc-url", profileJdbcUrl);
        add(arguments, "--profile-jdbc-user", profileJdbcUser);
        add(arguments, "--profile-jdbc-password", profileJdbcPassword);
        add(arguments, "--allowed-origin", allowedOrigins.isEmpty() ? null : String.join(",", allowedOrigins));
        add(arguments, "--http-front", httpFront);
        if (insecureNoAuth) {
            arguments.add("--insecure-no-auth");
        }
        return arguments;
    }

    private static void add(List<String> arguments, String option, String value) {
        if (value != null) {
            arguments.add(option);
            arguments.add(value);
        }
    }
}
