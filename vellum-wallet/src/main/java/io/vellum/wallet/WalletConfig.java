package io.vellum.wallet;

import io.vellum.wallet.account.MoneyRules;
import io.vellum.wallet.profile.ProfileDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a wallet.
 *
 * @param ledger          where the ledger is
 * @param dataDirectory   the wallet's own files: the default profile database in {@code profiles/}
 * @param host            the interface to listen on; {@code 127.0.0.1} by default, because the API has no
 *                        authentication of its own: expose it only behind something that authenticates
 * @param port            the port; 0 picks a free one
 * @param money           currency and amount bound
 * @param profileDatabase where profiles are stored; null for an H2 file database in {@code dataDirectory/profiles}
 * @param maxBodyBytes    the largest request body accepted (larger: 413)
 * @param cacheCapacity   accounts the balance cache holds at most
 * @param cacheCatchUp    how long CheckFunds waits for the change feed to reach the committed tip before it reads the
 *                        ledger instead
 */
public record WalletConfig(LedgerLocation ledger, Path dataDirectory, String host, int port, MoneyRules money,
                           ProfileDatabase profileDatabase, int maxBodyBytes, int cacheCapacity,
                           Duration cacheCatchUp) {
    /** The default port of a wallet run alone. */
    public static final int DEFAULT_PORT = 8090;
    /** 16 KiB: a wallet request is a few hundred bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

    public WalletConfig {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(money, "money");
        Objects.requireNonNull(cacheCatchUp, "cacheCatchUp");
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
     * {@code profiles/}; listening on 127.0.0.1:{@value #DEFAULT_PORT}, in US dollars.
     */
    public static WalletConfig embedded(Path dataDirectory) {
        return new WalletConfig(new LedgerLocation.Embedded(dataDirectory.resolve("ledger")), dataDirectory,
                "127.0.0.1", DEFAULT_PORT, MoneyRules.defaults(), null, DEFAULT_MAX_BODY_BYTES, 100_000,
                Duration.ofSeconds(1));
    }

    public WalletConfig withLedger(LedgerLocation newLedger) {
        return new WalletConfig(newLedger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp);
    }

    public WalletConfig withHost(String newHost) {
        return new WalletConfig(ledger, dataDirectory, newHost, port, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp);
    }

    public WalletConfig withPort(int newPort) {
        return new WalletConfig(ledger, dataDirectory, host, newPort, money, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp);
    }

    public WalletConfig withMoney(MoneyRules newMoney) {
        return new WalletConfig(ledger, dataDirectory, host, port, newMoney, profileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp);
    }

    public WalletConfig withProfileDatabase(ProfileDatabase newProfileDatabase) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, newProfileDatabase, maxBodyBytes,
                cacheCapacity, cacheCatchUp);
    }

    public WalletConfig withMaxBodyBytes(int newMaxBodyBytes) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, newMaxBodyBytes,
                cacheCapacity, cacheCatchUp);
    }

    public WalletConfig withCacheCapacity(int newCacheCapacity) {
        return new WalletConfig(ledger, dataDirectory, host, port, money, profileDatabase, maxBodyBytes,
                newCacheCapacity, cacheCatchUp);
    }

    /** The profile database to use: the configured one, else the H2 file database under the data directory. */
    public ProfileDatabase effectiveProfileDatabase() {
        return profileDatabase != null ? profileDatabase : ProfileDatabase.fileIn(dataDirectory.resolve("profiles"));
    }
}
