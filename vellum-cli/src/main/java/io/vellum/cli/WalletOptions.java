package io.vellum.cli;

import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.VellumServer;
import io.vellum.wallet.WalletAccess;
import io.vellum.wallet.WalletConfig;
import io.vellum.wallet.WalletService;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import io.vellum.wallet.profile.ProfileDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code vellum serve}'s wallet: the reference wallet API, in the same process, on a ledger the server hosts
 * (created at start when absent), so one command runs the whole product.
 */
final class WalletOptions {
    @Option(names = "--wallet-port", description = "port of the wallet API (default: ${DEFAULT-VALUE}; 0 = any free)",
            defaultValue = "" + WalletConfig.DEFAULT_PORT)
    int port;

    @Option(names = "--wallet-ledger", description = "ledger the wallet keeps accounts in (default: ${DEFAULT-VALUE})",
            defaultValue = "wallet")
    String ledger;

    @Option(names = "--no-wallet", description = "do not start the wallet API")
    boolean disabled;

    @Option(names = "--wallet-profile-jdbc-url", description = "store the wallet's profiles in this database (e.g. "
            + "jdbc:postgresql://host/db; password from $" + PASSWORD_VARIABLE + ") instead of the embedded file "
            + "database under <data>/wallet")
    String profileJdbcUrl;

    @Option(names = "--wallet-profile-jdbc-user", description = "user for --wallet-profile-jdbc-url")
    String profileJdbcUser;

    @Option(names = "--wallet-insecure-no-auth", description = "accept unsigned wallet requests (local experiments"
            + " only; implied by --insecure-no-auth). Otherwise they must be signed with the server's key pair")
    boolean insecureNoAuth;

    @Option(names = "--wallet-allowed-origin", paramLabel = "ORIGIN", split = ",", description = "a web page origin"
            + " (e.g. https://shop.example.com) whose browser requests the wallet accepts (repeatable); requests with"
            + " any other Origin header are refused")
    List<String> allowedOrigins = List.of();

    /** Same variable as {@code vellum wallet}'s, so that a password never needs to be on the command line. */
    static final String PASSWORD_VARIABLE = "VELLUM_PROFILE_JDBC_PASSWORD";

    /** What is wrong with the wallet's port next to the server's {@code serverPort}, or null when nothing is. */
    String portProblem(int serverPort) {
        if (disabled) {
            return null;
        }
        if (port < 0 || port > 65_535) {
            return "--wallet-port must be a number from 0 to 65535, got " + port;
        }
        if (port != 0 && port == serverPort) {
            return "--port and --wallet-port are both " + port + ": give the wallet another port (or --no-wallet)";
        }
        return null;
    }

    /**
     * Binds the wallet's port now, before anything else starts, when the wallet is to start; null when disabled.
     *
     * @throws IllegalStateException one line naming --wallet-port and --no-wallet when the port is taken
     */
    java.nio.channels.ServerSocketChannel bindPort() {
        return disabled ? null : PortCheck.bind(WalletConfig.embedded(Path.of(".")).host(), port,
                "choose another with --wallet-port, or run without the wallet: --no-wallet");
    }

    /**
     * Starts the wallet unless disabled, listening on {@code listening} (from {@link #bindPort()}; the wallet owns
     * it); returns it (close it before the server), or null.
     */
    WalletService start(VellumServer server, Path data, PrintStream out, java.nio.channels.ServerSocketChannel listening) {
        if (disabled) {
            return null;
        }
        LedgerRegistry ledgers = server.ledgers();
        try {
            ledgers.describe(ledger);
        } catch (LedgerException absent) {
            ledgers.create(ledger, true, LedgerRegistry.ALLOW_ALL, Map.of());
            out.println("Created ledger " + ledger + " for the wallet");
        }
        WalletAccess access = access(server.config().insecureNoAuth(), server.accessKeyId(), server.secretAccessKey());
        boolean open = access instanceof WalletAccess.InsecureNoAuth;
        WalletConfig config = servedLike(config(data, System.getenv()).withAccess(access), server.config());
        Path profiles = config.profileDatabase() == null ? config.dataDirectory().resolve("profiles") : null;
        ownerOnly(profiles); // H2 creates its files with the umask's permissions: the directory protects them
        WalletService wallet = WalletService.start(config, EmbeddedLedgerConnection.sharing(ledgers.ledger(ledger)),
                listening);
        try {
            ownerOnly(profiles); // and narrows the files H2 created
        } catch (IllegalStateException e) {
            wallet.close();
            throw e;
        }
        out.println("Wallet API at http://127.0.0.1:" + wallet.port() + "  (ledger '" + ledger
                + "'; OpenAPI at /openapi.yaml; profiles in " + (config.profileDatabase() != null
                ? config.profileDatabase().jdbcUrl() : data.resolve("wallet").toAbsolutePath()) + ")");
        out.println(open ? "WARNING: " + WalletService.INSECURE_WARNING + "."
                : "Wallet requests are signed like the server's (curl --aws-sigv4 aws:amz:us-east-1:wallet"
                + " --user KEY:SECRET), with access key " + wallet.accessKeyId());
        return wallet;
    }

    /**
     * Who may call the wallet: whoever signs with the server's key pair. With the server open
     * ({@code --insecure-no-auth}) the wallet's ledger can be written through the server's own API without a
     * signature, so guarding the wallet alone would protect nothing: the server's flag turns the wallet's
     * authentication off too, as {@code --wallet-insecure-no-auth} does alone.
     */
    WalletAccess access(boolean serverInsecure, String serverAccessKeyId, String serverSecretAccessKey) {
        return insecureNoAuth || serverInsecure ? new WalletAccess.InsecureNoAuth()
                : new WalletAccess.Keys(serverAccessKeyId, serverSecretAccessKey);
    }

    /**
     * {@code config} with its port served like the server's: the same front ({@code --http-front}) and connection
     * limits ({@code --max-connections-per-peer}, {@code --max-connections}, {@code --idle-timeout}, …).
     */
    static WalletConfig servedLike(WalletConfig config, io.vellum.server.ServerConfig server) {
        return config.withHttpFront(server.httpFront()).withConnectionLimits(server.connectionLimits());
    }

    /** Makes {@code directory} (when not null) 0700 with everything in it 0600, as the rest of the data directory. */
    private static void ownerOnly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            OwnerOnlyFiles.createDirectories(directory);
            OwnerOnlyFiles.restrictTree(directory);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make " + directory + " owner-only: " + e, e);
        }
    }

    /** The wallet's configuration under {@code data}, with the profile database the options name, if any. */
    WalletConfig config(Path data, Map<String, String> environment) {
        WalletConfig config = WalletConfig.embedded(data.resolve("wallet")).withPort(port)
                .withAllowedOrigins(allowedOrigins);
        if (profileJdbcUrl != null) {
            return config.withProfileDatabase(new ProfileDatabase(profileJdbcUrl, profileJdbcUser,
                    environment.get(PASSWORD_VARIABLE)));
        }
        if (profileJdbcUser != null) {
            throw new IllegalArgumentException("--wallet-profile-jdbc-user needs --wallet-profile-jdbc-url");
        }
        return config;
    }
}
