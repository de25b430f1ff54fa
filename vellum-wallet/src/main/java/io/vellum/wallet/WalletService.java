package io.vellum.wallet;

import io.vellum.wallet.account.BalanceCache;
import io.vellum.wallet.account.Wallet;
import io.vellum.wallet.http.WalletHttpServer;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import io.vellum.wallet.ledger.LedgerConnection;
import io.vellum.wallet.ledger.RemoteLedgerConnection;
import io.vellum.wallet.profile.JdbcProfileStore;
import io.vellum.wallet.profile.ProfileStore;
import java.net.URI;
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

    private final Deque<AutoCloseable> resources;
    private final Wallet wallet;
    private final WalletHttpServer http;
    private final String host;

    private WalletService(Deque<AutoCloseable> resources, Wallet wallet, WalletHttpServer http, String host) {
        this.resources = resources;
        this.wallet = wallet;
        this.http = http;
        this.host = host;
    }

    /** Starts a wallet on the ledger {@code config} names; closing the wallet closes the connection to it. */
    public static WalletService start(WalletConfig config) {
        LedgerConnection connection = connect(config.ledger());
        try {
            return start(config, connection, true);
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
        return start(config, connection, false);
    }

    private static WalletService start(WalletConfig config, LedgerConnection connection, boolean ownsConnection) {
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
                    config.maxBodyBytes(), connection.toString());
            resources.push(http);
            LOG.info("Wallet listening on http://{}:{} (ledger: {}; profiles: {}; currency {})", config.host(),
                    http.port(), connection, profiles.description(), config.money().currencyCode());
            return new WalletService(resources, wallet, http, config.host());
        } catch (RuntimeException e) {
            closeAll(resources, e);
            throw e;
        }
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
