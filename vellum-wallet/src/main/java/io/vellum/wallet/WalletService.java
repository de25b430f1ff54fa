package io.vellum.wallet;

import io.vellum.wallet.account.BalanceCache;
import io.vellum.wallet.account.Wallet;
import io.vellum.wallet.http.WalletHttpServer;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import io.vellum.wallet.ledger.LedgerConnection;
import io.vellum.wallet.ledger.RemoteLedgerConnection;
import io.vellum.wallet.profile.JdbcProfileStore;
import io.vellum.wallet.profile.ProfileStore;
import io.vellum.server.auth.CredentialsFile;
import io.vellum.server.auth.ServerCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running wallet: ledger connection, balance cache, profile store and HTTP server, started together and closed
 * together in reverse order. This is what {@code vellum serve} starts in its own process.
 *
 * <pre>{@code
 * try (WalletService wallet = WalletService.start(WalletConfig.embedded(Path.of("data")).withPort(0))) {
 *     System.out.println("wallet on " + wallet.uri());
 * }
 * }</pre>
 */
public final class WalletService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalletService.class);
    /** The balance cache remembers this many recent account-changing blocks to check reads against. */
    private static final int CHANGE_WINDOW = 65_536;
    /** Logged at WARN at every start without authentication, and printed in the banners. */
    public static final String INSECURE_WARNING = "WALLET AUTHENTICATION IS OFF (--insecure-no-auth): anyone who can"
            + " reach the wallet's port can create accounts and move money";

    private final Deque<AutoCloseable> resources;
    private final Wallet wallet;
    private final WalletHttpServer http;
    private final String host;
    /** The key pair requests must be signed with; null when the wallet runs with no authentication. */
    private final ServerCredentials credentials;

    private WalletService(Deque<AutoCloseable> resources, Wallet wallet, WalletHttpServer http, String host,
                          ServerCredentials credentials) {
        this.resources = resources;
        this.wallet = wallet;
        this.http = http;
        this.host = host;
        this.credentials = credentials;
    }

    /** Starts a wallet on the ledger {@code config} names; closing the wallet closes the connection to it. */
    public static WalletService start(WalletConfig config) {
        LedgerConnection connection = connect(config.ledger());
        try {
            return start(config, connection, true, null);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Starts a wallet on a ledger connection the caller owns (e.g. {@code EmbeddedLedgerConnection.sharing(ledger)}
     * for a ledger {@code vellum serve} hosts); {@code config.ledger()} is then only described, and closing the
     * wallet leaves the connection open.
     */
    public static WalletService start(WalletConfig config, LedgerConnection connection) {
        return start(config, connection, false, null);
    }

    /**
     * As {@link #start(WalletConfig, LedgerConnection)}, listening on {@code listening}, a channel the caller bound
     * before starting anything else (see {@code vellum serve}); the wallet owns and closes it, also when the start
     * fails.
     */
    public static WalletService start(WalletConfig config, LedgerConnection connection,
                                      java.nio.channels.ServerSocketChannel listening) {
        try {
            return start(config, connection, false, listening);
        } catch (RuntimeException e) {
            try {
                listening.close();
            } catch (java.io.IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static WalletService start(WalletConfig config, LedgerConnection connection, boolean ownsConnection,
                                       java.nio.channels.ServerSocketChannel listening) {
        ServerCredentials credentials = credentials(config.access());
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        if (ownsConnection) {
            resources.push(connection);
        }
        try {
            BalanceCache cache = BalanceCache.start(connection, config.money(), config.cacheCapacity(),
                    CHANGE_WINDOW, config.cacheCatchUp());
            Wallet wallet = new Wallet(connection, config.money(), cache);
            resources.push(wallet);
            ProfileStore profiles = JdbcProfileStore.open(config.effectiveProfileDatabase(), Clock.systemUTC());
            resources.push(profiles);
            WalletHttpServer http = WalletHttpServer.start(wallet, profiles, config.host(), config.port(),
                    config.maxBodyBytes(), connection.toString(), credentials == null ? null : credentials.accessKeys(),
                    config.allowedOrigins(), listening, config.httpFront(), config.connectionLimits());
            resources.push(http);
            LOG.info("Wallet listening on http://{}:{} (HTTP front: {}; ledger: {}; profiles: {}; currency {}; {})",
                    config.host(), http.port(), config.httpFront().optionValue(), connection, profiles.description(),
                    config.money().currencyCode(),
                    credentials == null ? "NO AUTHENTICATION" : "requests signed with AWS SigV4 by access key "
                            + credentials.accessKeyId());
            if (credentials == null) {
                LOG.warn(INSECURE_WARNING + " (wallet on port {})", http.port());
            }
            return new WalletService(resources, wallet, http, config.host(), credentials);
        } catch (RuntimeException e) {
            closeAll(resources, e);
            throw e;
        }
    }

    /** The key pair {@code access} names (read or generated now), or null for no authentication. */
    private static ServerCredentials credentials(WalletAccess access) {
        if (access instanceof WalletAccess.KeyFile keyFile) {
            return CredentialsFile.loadOrCreate(keyFile.file());
        }
        if (access instanceof WalletAccess.Keys keys) {
            return ServerCredentials.explicit(keys.accessKeyId(), keys.secretAccessKey());
        }
        return null;
    }

    private static LedgerConnection connect(LedgerLocation location) {
        if (location instanceof LedgerLocation.Embedded embedded) {
            return EmbeddedLedgerConnection.open(embedded.directory());
        }
        if (location instanceof LedgerLocation.Remote remote) {
            return RemoteLedgerConnection.connect(remote.endpoint(), remote.ledgerName(), remote.accessKeyId(),
                    remote.secretAccessKey());
        }
        throw new IllegalArgumentException("unknown ledger location " + location);
    }

    /** The port the API listens on. */
    public int port() {
        return http.port();
    }

    /** The API's base URI, e.g. {@code http://127.0.0.1:8090/}. */
    public URI uri() {
        String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create("http://" + shownHost + ":" + port() + "/");
    }

    /** Whether the wallet accepts unsigned requests (--insecure-no-auth). */
    public boolean insecureNoAuth() {
        return credentials == null;
    }

    /** The access key id requests must be signed with; null with no authentication. */
    public String accessKeyId() {
        return credentials == null ? null : credentials.accessKeyId();
    }

    /** Its secret (for printing once after {@link #credentialsGenerated()}, and for tests); null with no auth. */
    public String secretAccessKey() {
        return credentials == null ? null : credentials.secretAccessKey();
    }

    /** The credentials file the keys came from, or null when they were given explicitly or there are none. */
    public Path credentialsFile() {
        return credentials == null ? null : credentials.file();
    }

    /** Whether this start generated the key pair (the only time to show the secret). */
    public boolean credentialsGenerated() {
        return credentials != null && credentials.generated();
    }

    /** The wallet behind the API, for callers in the same process. */
    public Wallet wallet() {
        return wallet;
    }

    /** Stops the HTTP server (letting running requests finish), the cache, the profile store, then the ledger. */
    @Override
    public void close() {
        closeAll(resources, null);
    }

    private static void closeAll(Deque<AutoCloseable> resources, RuntimeException failure) {
        RuntimeException first = failure;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (failure == null && first != null) {
            throw first;
        }
    }
}
