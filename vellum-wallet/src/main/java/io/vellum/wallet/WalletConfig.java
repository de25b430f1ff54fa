package io.vellum.wallet;

import io.vellum.server.HttpFront;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.wallet.account.MoneyRules;
import io.vellum.wallet.profile.ProfileDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a wallet.
 *
 * @param ledger          where the ledger is
 * @param dataDirectory   the wallet's own files: the default profile database in {@code profiles/}
 * @param host            the interface to listen on; {@code 127.0.0.1} by default
 * @param port            the port; 0 picks a free one
 * @param money           currency and amount bound
 * @param profileDatabase where profiles are stored; null for an H2 file database in {@code dataDirectory/profiles}
 * @param maxBodyBytes    the largest request body accepted (larger: 413)
 * @param cacheCapacity   accounts the balance cache holds at most
 * @param cacheCatchUp    how long CheckFunds waits for the change feed to reach the committed tip before it reads the
 *                        ledger instead
 * @param access          who may call the API: SigV4 keys (by default the pair in {@code dataDirectory/credentials},
 *                        generated at the first start) or, for local play only, no authentication
 * @param allowedOrigins  browser origins ({@code scheme://host[:port]}) besides the wallet's own whose requests are
 *                        accepted; a request with any other {@code Origin} header is refused
 * @param httpFront       which HTTP front serves the port, as for {@code vellum serve}: Vellum's own
 *                        thread-per-connection front ({@link HttpFront#THREADS}, the default unless the
 *                        {@value HttpFront#PROPERTY} system property names Jetty) or Jetty; null means the default
 * @param connectionLimits on Vellum's own front: connections per peer and in total, idle timeout, minimum body rate
 *                        ({@code vellum serve} passes its own; null means {@link ConnectionLimits#defaults()})
 */
public record WalletConfig(LedgerLocation ledger, Path dataDirectory, String host, int port, MoneyRules money,
                           ProfileDatabase profileDatabase, int maxBodyBytes, int cacheCapacity,
                           Duration cacheCatchUp, WalletAccess access, List<String> allowedOrigins,
                           HttpFront httpFront, ConnectionLimits connectionLimits) {
    /** The default port of a wallet run alone. */
    public static final int DEFAULT_PORT = 8090;
    /** 16 KiB: a wallet request is a few hundred bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    /** The key pair's file in the data directory, as {@code vellum serve} names its own. */
    public static final String CREDENTIALS_FILE = "credentials";

    public WalletConfig {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(money, "money");
        Objects.requireNonNull(cacheCatchUp, "cacheCatchUp");
        Objects.requireNonNull(access, "access");
        allowedOrigins = allowedOrigins.stream().map(WalletConfig::origin).toList();
        if (httpFront == null) {
            httpFront = HttpFront.byDefault();
        }
        if (connectionLimits == null) {
            connectionLimits = ConnectionLimits.defaults();
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (maxBodyBytes < 256) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 256, got " + maxBodyBytes);
        }
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException("cacheCapacity must be >= 1, got " + cacheCapacity);
        }
    }

    /**
     * A wallet with everything in {@code dataDirectory}: the ledger in {@code ledger/}, profiles in
     * {@code profiles/}; listening on 127.0.0.1:{@value #DEFAULT_PORT}, in US dollars; requests signed with the key
     * pair in {@code credentials/} (generated at the first start).
     */
    public static WalletConfig embedded(Path dataDirectory) {
        return new WalletConfig(new LedgerLocation.Embedded(dataDirectory.resolve("ledger")), dataDirectory,
                "127.0.0.1", DEFAULT_PORT, MoneyRules.defaults(), null, DEFAULT_MAX_BODY_BYTES, 100_000,
                Duration.ofSeconds(1), new WalletAccess.KeyFile(dataDirectory.resolve(CREDENTIALS_FILE)), List.of(),
                null, null);
    }

    public WalletConfig withLedger(LedgerLocation newLedger) {
        return new WalletConfig(newLedger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withHost(String newHost) {
        return new WalletConfig(ledger, dataDirectory, newHost, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withPort(int newPort) {
        return new WalletConfig(ledger, dataDirectory, host, newPort, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withMoney(MoneyRules newMoney) {
        return new WalletConfig(ledger, dataDirectory, host, port, newMoney, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withProfileDatabase(ProfileDatabase newProfileDatabase) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, newProfileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withMaxBodyBytes(int newMaxBodyBytes) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, newMaxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withCacheCapacity(int newCacheCapacity) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                newCacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withAccess(WalletAccess newAccess) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, newAccess, allowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withAllowedOrigins(List<String> newAllowedOrigins) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, newAllowedOrigins, httpFront, connectionLimits);
    }

    public WalletConfig withHttpFront(HttpFront newHttpFront) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, newHttpFront, connectionLimits);
    }

    public WalletConfig withConnectionLimits(ConnectionLimits newConnectionLimits) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp, access, allowedOrigins, httpFront, newConnectionLimits);
    }

    /** An origin as browsers send it: {@code http(s)://host[:port]}, lower case, no path and no trailing '/'. */
    private static String origin(String text) {
        String origin = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (origin.endsWith("/")) {
            origin = origin.substring(0, origin.length() - 1);
        }
        if (!origin.matches("https?://[a-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalArgumentException("an allowed origin must be scheme://host[:port] as browsers send it "
                    + "(e.g. https://shop.example.com), got '" + text + "'");
        }
        return origin;
    }

    /** The profile database to use: the configured one, else the H2 file database under the data directory. */
    public ProfileDatabase effectiveProfileDatabase() {
        return profileDatabase != null ? profileDatabase : ProfileDatabase.fileIn(dataDirectory.resolve("profiles"));
    }
}
