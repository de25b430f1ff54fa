package io.vellum.server;

import io.vellum.engine.LedgerOptions;
import io.vellum.kafka.KafkaConnection;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.metrics.MetricsAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link VellumServer} runs.
 *
 * @param dataDirectory      holds {@code ledgers/<name>/}, {@code streams/} and the {@code credentials} file
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
 * @param exportsDirectory   where ExportJournalToS3 writes: S3 bucket {@code b} is the directory
 *                           {@code <exportsDirectory>/b/}; null means {@code <dataDirectory>/exports}
 * @param kafka              the Kafka cluster standing in for Amazon Kinesis: StreamJournalToKinesis sends a stream
 *                           whose {@code StreamArn} is {@code arn:aws:kinesis:…:stream/<name>} to topic
 *                           {@code <name>} there; null when there is none (streams then need an explicit
 *                           {@code KafkaConfiguration})
 * @param metricsAccess      who may read {@code /metrics} (default: signed requests only); null means the default
 * @param connectionLimits   what one peer can hold (slow-client defence); null means {@link ConnectionLimits#defaults}
 * @param httpFront          which HTTP front serves the port; null means {@link HttpFront#byDefault()} (Vellum's own
 *                           thread-per-connection front unless the {@value HttpFront#PROPERTY} system property names
 *                           another)
 */
public record ServerConfig(Path dataDirectory, String host, int port, String accessKeyId, String secretAccessKey,
                           boolean insecureNoAuth, Path tlsCertificate, Path tlsKey, String region,
                           LedgerOptions ledgerOptions, Duration sessionIdleTimeout, Duration sessionLifetime,
                           Path exportsDirectory, KafkaConnection kafka, MetricsAccess metricsAccess,
                           ConnectionLimits connectionLimits, HttpFront httpFront) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofMinutes(15);
    /** The exports directory's name inside the data directory, when none is given. */
    public static final String DEFAULT_EXPORTS_DIRECTORY = "exports";

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
        if (exportsDirectory == null) {
            exportsDirectory = dataDirectory.resolve(DEFAULT_EXPORTS_DIRECTORY);
        }
        if (metricsAccess == null) {
            metricsAccess = MetricsAccess.signedOnly();
        }
        if (connectionLimits == null) {
            connectionLimits = ConnectionLimits.defaults();
        }
        if (httpFront == null) {
            httpFront = HttpFront.byDefault();
        }
        if (kafka != null && kafka.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("the Kafka bootstrap servers must not be blank");
        }
    }

    /**
     * Local-only, ephemeral port, credentials from {@code <dataDirectory>/credentials}, QLDB's limits, exports in
     * {@code <dataDirectory>/exports}, no Kafka.
     */
    public static ServerConfig defaults(Path dataDirectory) {
        return new ServerConfig(dataDirectory, DEFAULT_HOST, 0, null, null, false, null, null, DEFAULT_REGION,
                LedgerOptions.defaults(), DEFAULT_SESSION_IDLE_TIMEOUT, DEFAULT_SESSION_LIFETIME, null, null, null, null, null);
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(dataDirectory, newHost, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDirectory, host, newPort, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withCredentials(String newAccessKeyId, String newSecretAccessKey) {
        return new ServerConfig(dataDirectory, host, port, newAccessKeyId, newSecretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withInsecureNoAuth(boolean noAuth) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, noAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withTls(Path certificate, Path key) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                certificate, key, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory, kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withRegion(String newRegion) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, newRegion, ledgerOptions, sessionIdleTimeout, sessionLifetime,
                exportsDirectory, kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withLedgerOptions(LedgerOptions options) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, options, sessionIdleTimeout, sessionLifetime, exportsDirectory, kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withSessionIdleTimeout(Duration timeout) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, timeout, sessionLifetime, exportsDirectory, kafka, metricsAccess, connectionLimits, httpFront);
    }

    public ServerConfig withSessionLifetime(Duration lifetime) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, lifetime, exportsDirectory, kafka, metricsAccess, connectionLimits, httpFront);
    }

    /** Exports into {@code directory} (null: {@code <dataDirectory>/exports}). */
    public ServerConfig withExportsDirectory(Path directory) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, directory, kafka, metricsAccess, connectionLimits, httpFront);
    }

    /** Kinesis-ARN streams go to {@code connection}'s cluster (null: no cluster). */
    public ServerConfig withKafka(KafkaConnection connection) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                connection, metricsAccess, connectionLimits, httpFront);
    }

    /** Who may read {@code /metrics}. */
    public ServerConfig withMetricsAccess(MetricsAccess access) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                kafka, access, connectionLimits, httpFront);
    }

    /** What one peer can hold (slow-client defence). */
    public ServerConfig withConnectionLimits(ConnectionLimits limits) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                kafka, metricsAccess, limits, httpFront);
    }

    /** Served by {@code front}. */
    public ServerConfig withHttpFront(HttpFront front) {
        return new ServerConfig(dataDirectory, host, port, accessKeyId, secretAccessKey, insecureNoAuth,
                tlsCertificate, tlsKey, region, ledgerOptions, sessionIdleTimeout, sessionLifetime, exportsDirectory,
                kafka, metricsAccess, connectionLimits, front);
    }

    /** Never shows the secret (nor Kafka producer property values, which may hold passwords). */
    @Override
    public String toString() {
        return "ServerConfig[dataDirectory=" + dataDirectory + ", host=" + host + ", port=" + port + ", accessKeyId="
                + accessKeyId + ", insecureNoAuth=" + insecureNoAuth + ", tls=" + tlsEnabled() + ", region=" + region
                + ", sessionIdleTimeout=" + sessionIdleTimeout + ", sessionLifetime=" + sessionLifetime
                + ", exportsDirectory=" + exportsDirectory + ", kafka=" + kafka + ", metricsAccess=" + metricsAccess
                + ", connectionLimits=" + connectionLimits + ", httpFront=" + httpFront + "]";
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
