package io.vellum.server;

import io.vellum.engine.LedgerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link VellumServer} runs.
 *
 * @param dataDirectory      holds {@code ledgers/<name>/} and the {@code credentials} file
 * @param host               address to listen on (default {@value #DEFAULT_HOST}: local only; "0.0.0.0" for all)
 * @param port               TCP port; 0 picks a free one (see {@link VellumServer#port()})
 * @param accessKeyId        the access key clients sign with; null (with a null secret) loads or generates
 *                           {@code <data>/credentials}
 * @param secretAccessKey    its secret; null exactly when {@code accessKeyId} is null
 * @param insecureNoAuth     accept requests without checking signatures (local experiments only)
 * @param tlsCertificate     PEM certificate chain for HTTPS, or null for plain HTTP
 * @param tlsKey             PEM private key (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"), null without TLS
 * @param region             region in ARNs (default {@value #DEFAULT_REGION}); clients may sign for any region
 * @param ledgerOptions      limits of every hosted ledger (QLDB's quotas by default)
 * @param sessionIdleTimeout a Session API session unused this long is discarded (default 60 s, the idle limit QLDB
 *                           documented; the driver transparently replaces such a session)
 * @param sessionLifetime    a session this old is discarded at its next transaction boundary (default 15 min, in
 *                           QLDB's documented 13–17 min range)
 */
public record ServerConfig(Path dataDirectory, String host, int port, String accessKeyId, String secretAccessKey,
                           boolean insecureNoAuth, Path tlsCertificate, Path tlsKey, String region,
                           LedgerOptions ledgerOptions, Duration sessionIdleTimeout, Duration sessionLifetime) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofMinutes(15);

    public ServerConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(ledgerOptions, "ledgerOptions");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("give both the access key id and the secret access key, or neither");
        }
        if (accessKeyId != null && (accessKeyId.isBlank() || secretAccessKey.isBlank())) {
            throw new IllegalArgumentException("the access key id and secret access key must not be blank");
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key, or neither");
        }
        requirePositive(sessionIdleTimeout, "sessionIdleTimeout");
        requirePositive(sessionLifetime, "sessionLifetime");
    }

    /** Local-only, ephemeral port, credentials from {@code <dataDirectory>/credentials}, QLDB's limits. */
    public static ServerConfig defaults(Path dataDirectory) {
        return new ServerConfig(dataDirectory, DEFAULT_HOST, 0, null, null, false, null, null, DEFAULT_REGION,
                LedgerOptions.defaults(), DEFAULT_SESSION_IDLE_TIMEOUT, DEFAULT_SESSION_LIFETIME);
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(dataDirectory, newHost, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDirectory, host, newPort, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withCredentials(String newAccessKeyId, String newSecretAccessKey) {
        return new ServerConfig(dataDirectory, host, port, newAccessKeyId, newSecretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withInsecureNoAuth(boolean noAuth) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, noAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withTls(Path certificate, Path key) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                certificate, key, region, ledgerOptions, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withRegion(String newRegion) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, newRegion, ledgerOptions, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withLedgerOptions(LedgerOptions options) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, options, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withSessionIdleTimeout(Duration timeout) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, timeout, sessionLifetime);
    }

    public ServerConfig withSessionLifetime(Duration lifetime) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, lifetime);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "ServerConfig[dataDirectory=" + dataDirectory + ", host=" + host + ", port=" + port + ", accessKeyId="
                + accessKeyId + ", insecureNoAuth=" + insecureNoAuth + ", tls=" + tlsEnabled() + ", region=" + region
                + ", sessionIdleTimeout=" + sessionIdleTimeout + ", sessionLifetime=" + sessionLifetime + "]";
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
