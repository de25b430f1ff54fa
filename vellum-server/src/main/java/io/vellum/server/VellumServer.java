package io.vellum.server;

import io.vellum.kafka.StreamManager;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.auth.CredentialsFile;
import io.vellum.server.auth.ServerCredentials;
import io.vellum.server.auth.SignatureVerifier;
import io.vellum.server.cluster.ClusterConfig;
import io.vellum.server.cluster.ClusterNode;
import io.vellum.server.console.ConsoleFiles;
import io.vellum.server.control.ControlPlaneEndpoint;
import io.vellum.server.exports.JournalExports;
import io.vellum.server.hosting.DataDirectoryLock;
import io.vellum.server.hosting.LedgerHosting;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.front.ThreadPerConnectionFront;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.JsonErrorHandler;
import io.vellum.server.http.PeerConnectionLimit;
import io.vellum.server.http.RequestRoutes;
import io.vellum.server.metrics.MetricsEndpoint;
import io.vellum.server.metrics.ServerMetrics;
import io.vellum.server.nativeapi.NativeEndpoint;
import io.vellum.server.session.SessionEndpoint;
import io.vellum.server.session.SessionLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.security.GeneralSecurityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Vellum server: the QLDB Session API, the QLDB control plane, the native API, {@code /metrics} and
 * {@code /health} on one HTTP(S) port, over the ledgers in {@code <data>/ledgers/}.
 *
 * <p>Besides the ledgers it runs their journal exports ({@code <exports directory>/<bucket>/}), journal streams to
 * Kafka ({@code <data>/streams/}) and the native API's event streams ({@link JournalOutputs}).
 *
 * <p>Thread-safe. {@link #close()} is graceful: open event streams are ended, the port stops accepting, requests in
 * flight get up to {@value #GRACEFUL_STOP_MILLIS} ms to finish (a commit that was acknowledged is durable before its
 * response is written), open transactions of idle sessions are aborted (none was acknowledged), journal streams stop
 * at a recorded position and exports still running are left to run again at the next start, then ledgers are
 * closed.
 */
public final class VellumServer implements AutoCloseable {
    /** How long {@link #close()} waits for requests in flight. */
    public static final long GRACEFUL_STOP_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(VellumServer.class);
    /** Worker threads: requests block on commits, so enough of them to keep the group committer's batches full. */
    private static final int MAXIMUM_THREADS = 256;
    private static final long SHUTDOWN_IDLE_MILLIS = 200;
    /** Connections waiting to be accepted by the thread-per-connection front. */
    private static final int ACCEPT_BACKLOG = 1_024;

    private final ServerConfig config;
    private final ServerCredentials credentials;
    private final LedgerRegistry ledgers;
    private final ServerMetrics metrics;
    private final SessionEndpoint sessions;
    private final JournalOutputs outputs;
    /** Jetty and its connector, or null with the thread-per-connection front. */
    private final Server jetty;
    private final ServerConnector connector;
    /** The thread-per-connection front, or null with Jetty. */
    private final ThreadPerConnectionFront front;
    private final DataDirectoryLock lock;
    /** Null on a single node. */
    private final ClusterNode cluster;
    private boolean closed;

    private VellumServer(ServerConfig config, ServerCredentials credentials, LedgerRegistry ledgers,
                         ServerMetrics metrics, SessionEndpoint sessions, JournalOutputs outputs, Server jetty,
                         ServerConnector connector, ThreadPerConnectionFront front, DataDirectoryLock lock,
                         ClusterNode cluster) {
        this.cluster = cluster;
        this.config = config;
        this.credentials = credentials;
        this.ledgers = ledgers;
        this.metrics = metrics;
        this.sessions = sessions;
        this.outputs = outputs;
        this.jetty = jetty;
        this.connector = connector;
        this.front = front;
        this.lock = lock;
    }

    /**
     * Locks the data directory ({@link DataDirectoryLock}), opens it (creating it, its ledgers directory and, unless
     * keys are given, its credentials file, all owner-only) and starts listening.
     *
     * @throws LedgerException UNAVAILABLE "data directory DIR is in use by process N" when another process (or
     *                         server in this one) has it, before anything is created or opened; UNAVAILABLE when the
     *                         port cannot be bound or the data directory cannot be used; INVALID_REQUEST for unusable
     *                         TLS files
     */
    public static VellumServer start(ServerConfig config) {
        return start(config, null);
    }

    /**
     * As {@link #start(ServerConfig)}, as a node of a cluster when {@code clusterConfig} is not null: every ledger
     * is replicated through Kafka ({@link ClusterNode}). Every node of a cluster must check signatures with the same
     * key pair (requests are forwarded between nodes with the client's own signature), so cluster mode needs
     * explicit keys or an existing {@code <data>/credentials} file (copied from the first node); it never generates
     * a key pair of its own.
     *
     * @throws LedgerException INVALID_REQUEST in cluster mode without keys; UNAVAILABLE when Kafka does not answer
     */
    public static VellumServer start(ServerConfig config, ClusterConfig clusterConfig) {
        return start(config, clusterConfig, null);
    }

    /**
     * As {@link #start(ServerConfig, ClusterConfig)}, listening on {@code listening}, a channel the caller bound
     * before anything else (so a port taken in the meantime cannot fail a start that already generated keys or
     * opened ledgers); the server owns and closes it, also when the start fails. Null binds {@code config}'s port.
     */
    public static VellumServer start(ServerConfig config, ClusterConfig clusterConfig,
                                     ServerSocketChannel listening) {
        return start(config, clusterConfig, listening, Readiness.ready());
    }

    /**
     * As {@link #start(ServerConfig, ClusterConfig, ServerSocketChannel)}, with {@code GET /health} answering 503
     * {@code "status":"starting"} until {@code readiness} is marked ready: for a caller that still has work to do
     * once the server listens (such as creating its ledgers).
     */
    public static VellumServer start(ServerConfig config, ClusterConfig clusterConfig,
                                     ServerSocketChannel listening, Readiness readiness) {
        try {
            return startOn(config, clusterConfig, listening, readiness);
        } catch (RuntimeException e) {
            closeQuietly(listening, e);
            throw e;
        }
    }

    private static void closeQuietly(ServerSocketChannel channel, RuntimeException failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (java.io.IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static VellumServer startOn(ServerConfig config, ClusterConfig clusterConfig,
                                        ServerSocketChannel listening, Readiness readiness) {
        Path data = config.dataDirectory();
        if (clusterConfig != null && config.accessKeyId() == null && !config.insecureNoAuth()
                && !Files.exists(data.resolve(CredentialsFile.FILE_NAME))) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "cluster mode needs the key pair every node of the"
                    + " cluster shares: give --access-key-id and --secret-access-key (or VELLUM_ACCESS_KEY_ID and"
                    + " VELLUM_SECRET_ACCESS_KEY), or copy the first node's credentials file to "
                    + data.resolve(CredentialsFile.FILE_NAME));
        }
        // First of all: a second server on this directory must fail here, before it generates keys or opens ledgers.
        DataDirectoryLock lock = DataDirectoryLock.acquire(data);
        ServerCredentials credentials;
        LedgerRegistry ledgers;
        ClusterNode cluster = clusterConfig == null ? null : new ClusterNode(clusterConfig);
        try {
            credentials = config.accessKeyId() != null
                    ? ServerCredentials.explicit(config.accessKeyId(), config.secretAccessKey())
                    : CredentialsFile.loadOrCreate(data.resolve(CredentialsFile.FILE_NAME));
            ledgers = new LedgerRegistry(data.resolve("ledgers"), config.ledgerOptions(), config.region(),
                    cluster == null ? LedgerHosting.LOCAL : cluster);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            lock.close();
            throw e;
        }
        ServerMetrics metrics = new ServerMetrics();
        SessionEndpoint sessions = null;
        JournalOutputs outputs = null;
        Server jetty = null;
        ThreadPerConnectionFront front = null;
        try {
            if (cluster != null) {
                cluster.start(ledgers);
            }
            sessions = new SessionEndpoint(ledgers, metrics, new SessionLimits(config.sessionIdleTimeout(),
                    config.sessionLifetime(), config.ledgerOptions().transactionTimeout(),
                    SessionLimits.QLDB_MAXIMUM_SESSIONS));
            outputs = JournalOutputs.open(config, ledgers, cluster);
            SignatureVerifier verifier = config.insecureNoAuth() ? null
                    : new SignatureVerifier(credentials.accessKeys(), Clock.systemUTC());
            RequestDispatch dispatch = new RequestDispatch(ConsoleFiles.load(), sessions,
                    new ControlPlaneEndpoint(ledgers, metrics, outputs.exports(), outputs.streams(), config.kafka()),
                    new NativeEndpoint(ledgers, metrics, outputs.eventStreams(), sessions::batch),
                    new MetricsEndpoint(ledgers, metrics, cluster),
                    new HealthEndpoint(ledgers, metrics, cluster, readiness),
                    verifier, config.metricsAccess(), metrics, cluster);
            ServerConnector connector = null;
            if (config.httpFront() == HttpFront.THREADS) {
                front = front(config, dispatch, listening);
            } else {
                jetty = jetty(config, new RequestRouter(dispatch, config.connectionLimits()));
                connector = (ServerConnector) jetty.getConnectors()[0];
                if (listening != null) {
                    connector.open(listening); // Jetty's start then keeps this channel instead of binding a new one
                }
                jetty.start();
            }
            VellumServer server = new VellumServer(config, credentials, ledgers, metrics, sessions, outputs, jetty,
                    connector, front, lock, cluster);
            if (config.insecureNoAuth()) {
                LOG.warn("AUTHENTICATION IS OFF (--insecure-no-auth): anyone who can reach {} can read and write every"
                        + " ledger. Use this only for local experiments.", server.endpoint());
            }
            if (!config.insecureNoAuth() && config.metricsAccess().insecureNoAuth()) {
                LOG.warn("/metrics IS OPEN (--metrics-insecure-no-auth): anyone who can reach {}/metrics can read every"
                        + " ledger's name and activity. Prefer --metrics-token-file.", server.endpoint());
            }
            LOG.info("Vellum serving {} ledger(s) from {} at {} (HTTP front: {})", ledgers.list().size(),
                    data.toAbsolutePath(), server.endpoint(), config.httpFront().optionValue());
            return server;
        } catch (Exception e) {
            if (outputs != null) {
                outputs.closeEventStreams();
            }
            stopQuietly(jetty);
            if (front != null) {
                front.close();
            }
            if (sessions != null) {
                sessions.close();
            }
            if (outputs != null) {
                outputs.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            ledgers.close();
            lock.close();
            if (e instanceof LedgerException ledgerException) {
                throw ledgerException;
            }
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot start the server on " + config.host() + ":"
                    + config.port() + ": " + e, e);
        }
    }

    /**
     * Jetty exactly as {@code vellum serve} runs it around {@code handler}, not yet started: the worker pool, one
     * connector with the HTTP configuration, TLS and connection limits of {@code config}, graceful stop and the JSON
     * error handler. The benchmark's HTTP floor ({@code io.vellum.bench.HttpFloorComparison}) measures it with a
     * trivial handler, so that floor and server cannot drift apart.
     */
    public static Server jetty(ServerConfig config, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(MAXIMUM_THREADS, 8);
        threads.setName("vellum-http");
        Server jetty = new Server(threads);
        jetty.addConnector(connector(jetty, config));
        GracefulHandler graceful = new GracefulHandler(handler);
        // Keep-alive connections with no request in flight are closed this soon once stopping begins.
        graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
        jetty.setHandler(graceful);
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(GRACEFUL_STOP_MILLIS);
        jetty.setStopAtShutdown(false);
        return jetty;
    }

    /**
     * Vellum's own front ({@code --http-front threads}) as {@code vellum serve} runs it around {@code routes},
     * started: listening on {@code listening} (the server owns it from now on) or, when null, on {@code config}'s
     * host and port; TLS, connection limits and graceful stop of {@code config}. The benchmark's HTTP floor measures
     * it with trivial routes, as it does {@link #jetty}.
     *
     * @throws IOException the port cannot be bound
     * @throws LedgerException INVALID_REQUEST for unusable TLS files
     */
    public static ThreadPerConnectionFront front(ServerConfig config, RequestRoutes routes,
                                                 ServerSocketChannel listening) throws IOException {
        SSLContext tls = config.tlsEnabled() ? tlsContext(config) : null;
        ServerSocket socket;
        if (listening != null) {
            socket = listening.socket();
        } else {
            socket = new ServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(config.host(), config.port()), ACCEPT_BACKLOG);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
        return ThreadPerConnectionFront.start(socket, tls, routes, config.connectionLimits(), GRACEFUL_STOP_MILLIS);
    }

    /** The TLS context presenting {@code config}'s certificate and key (the key store Jetty's front uses too). */
    private static SSLContext tlsContext(ServerConfig config) {
        java.security.KeyStore keys = PemKeyStore.load(config.tlsCertificate(), config.tlsKey());
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PemKeyStore.PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the TLS certificate and key cannot be used: "
                    + e.getMessage(), e);
        }
    }

    private static ServerConnector connector(Server jetty, ServerConfig config) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // The AWS SDKs correct their clock skew from the Date header of a "Signature expired" answer.
        http.setSendDateHeader(true);
        // Jetty learns each connection's header fields into a trie to skip parsing repeats. Every SigV4 request has
        // a new Authorization value, so the trie filled, was cleared and rebuilt every few requests: ~8 % of the
        // server's CPU under the QLDB driver. Parsing every field is cheaper.
        http.setHeaderCacheSize(0);
        // TagResource puts an ARN in the path, percent-encoded, '/' as %2F: allowed here, the control plane
        // splits the decoded path itself.
        http.setUriCompliance(UriCompliance.DEFAULT.with("vellum", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector;
        if (config.tlsEnabled()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(PemKeyStore.load(config.tlsCertificate(), config.tlsKey()));
            tls.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Clients often connect by IP address while the certificate names a host; the certificate check is theirs.
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        ConnectionLimits limits = config.connectionLimits();
        // Nothing moving on a connection for this long (headers arriving, a body, between keep-alive requests)
        // closes it. Bodies are read without a thread (RequestRouter), so a slow peer holds a connection, not a
        // worker; the per-peer limit bounds how many connections one peer holds.
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        if (limits.maximumConnectionsPerPeer() > 0) {
            connector.addBean(new PeerConnectionLimit(limits.maximumConnectionsPerPeer()));
        }
        return connector;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return front != null ? front.port() : connector.getLocalPort();
    }

    /** What clients put in {@code endpointOverride}: {@code http(s)://host:port} (127.0.0.1 when bound to all). */
    public URI endpoint() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create((config.tlsEnabled() ? "https" : "http") + "://" + host + ":" + port());
    }

    public LedgerRegistry ledgers() {
        return ledgers;
    }

    /** The journal exports (ExportJournalToS3 and friends). */
    public JournalExports exports() {
        return outputs.exports();
    }

    /** The journal streams (StreamJournalToKinesis and friends). */
    public StreamManager streams() {
        return outputs.streams();
    }

    /** This node of a cluster, or null on a single node. */
    public ClusterNode cluster() {
        return cluster;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public ServerConfig config() {
        return config;
    }

    public String accessKeyId() {
        return credentials.accessKeyId();
    }

    public String secretAccessKey() {
        return credentials.secretAccessKey();
    }

    /** The credentials file in use, or null when the keys were given explicitly. */
    public Path credentialsFile() {
        return credentials.file();
    }

    /** Whether this start generated the key pair (print it once, now). */
    public boolean credentialsGenerated() {
        return credentials.generated();
    }

    /** Stops gracefully (see the class comment); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Vellum stopping: draining requests in flight (up to {} ms)", GRACEFUL_STOP_MILLIS);
        long started = System.nanoTime();
        // Event streams never end by themselves: end them first, or the graceful stop would wait its full timeout.
        outputs.closeEventStreams();
        stopQuietly(jetty);
        if (front != null) {
            front.close();
        }
        long stopped = System.nanoTime();
        sessions.close();
        // Journal streams and exports read the ledgers, so they stop before the ledgers close.
        outputs.close();
        if (cluster != null) {
            // Leaving the election first hands this node's ledgers to the other nodes at once.
            cluster.close();
        }
        ledgers.close();
        lock.close();
        LOG.info("Vellum stopped (HTTP drained in {} ms, ledgers closed in {} ms)", (stopped - started) / 1_000_000,
                (System.nanoTime() - stopped) / 1_000_000);
    }

    private static void stopQuietly(Server jetty) {
        if (jetty == null) {
            return;
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server: {}", e.toString());
        }
    }
}
