package io.vellum.wallet.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.server.HttpFront;
import io.vellum.server.auth.AccessKeys;
import io.vellum.server.front.ThreadPerConnectionFront;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.wallet.account.Wallet;
import io.vellum.wallet.profile.ProfileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The wallet's HTTP server: the routes of every operation (see {@code openapi.yaml}) on one port, served by Vellum's
 * own thread-per-connection front (the default, as for {@code vellum serve}: {@link WalletFrontRoutes}) or by a
 * Jetty connector ({@link WalletHandler}); both answer every request, refusals included, alike.
 */
public final class WalletHttpServer implements AutoCloseable {
    /** The OpenAPI document, served as it is. */
    static final String OPENAPI_RESOURCE = "openapi.yaml";
    /** Worker threads. */
    static final int THREADS = 256;
    /** Worker threads one remote address may hold at once. */
    static final int THREADS_PER_PEER = THREADS / 4;
    /** Connections waiting to be accepted by the thread-per-connection front (as {@code vellum serve}'s). */
    private static final int ACCEPT_BACKLOG = 1_024;
    /** How long {@link #close()} lets requests in flight finish. */
    private static final long STOP_MILLIS = 5_000;

    /** Jetty, or null on Vellum's own front. */
    private final Server server;
    private final ServerConnector connector;
    /** Vellum's own front, or null on Jetty. */
    private final ThreadPerConnectionFront front;

    private WalletHttpServer(Server server, ServerConnector connector, ThreadPerConnectionFront front) {
        this.server = server;
        this.connector = connector;
        this.front = front;
    }

    /**
     * Starts serving.
     *
     * @param host         the interface to listen on ("127.0.0.1" for this machine only, "0.0.0.0" for all)
     * @param port         the port, 0 for any free one
     * @param maxBodyBytes the largest request body accepted; larger ones get 413
     * @param ledgerInfo   what the ledger is, for /health
     * @param keys         the access keys whose SigV4 signatures are accepted; null accepts unsigned requests
     * @param allowedOrigins browser origins accepted besides the wallet's own (see {@link RequestGuard})
     */
    public static WalletHttpServer start(Wallet wallet, ProfileStore profiles, String host, int port,
                                         int maxBodyBytes, String ledgerInfo, AccessKeys keys,
                                         List<String> allowedOrigins) {
        return start(wallet, profiles, host, port, maxBodyBytes, ledgerInfo, keys, allowedOrigins, null);
    }

    /**
     * As the other {@code start}, on the front {@link HttpFront#byDefault()} names with the default connection
     * limits, listening on {@code listening} when it is not null: a channel the caller bound already (then
     * {@code port} is not bound again). The server owns the channel and closes it, also on failure.
     */
    public static WalletHttpServer start(Wallet wallet, ProfileStore profiles, String host, int port,
                                         int maxBodyBytes, String ledgerInfo, AccessKeys keys,
                                         List<String> allowedOrigins, ServerSocketChannel listening) {
        return start(wallet, profiles, host, port, maxBodyBytes, ledgerInfo, keys, allowedOrigins, listening,
                HttpFront.byDefault(), ConnectionLimits.defaults());
    }

    /**
     * As the other {@code start}, on {@code httpFront}.
     *
     * @param limits on Vellum's own front, the connections per peer and in total (each holds a thread), the idle
     *               timeout and the minimum body rate, as for {@code vellum serve}'s port; on Jetty only the idle
     *               timeout (Jetty bounds each peer to {@value #THREADS_PER_PEER} worker threads instead)
     */
    public static WalletHttpServer start(Wallet wallet, ProfileStore profiles, String host, int port,
                                         int maxBodyBytes, String ledgerInfo, AccessKeys keys,
                                         List<String> allowedOrigins, ServerSocketChannel listening,
                                         HttpFront httpFront, ConnectionLimits limits) {
        Router routes = routes(wallet, profiles, ledgerInfo);
        if (httpFront == HttpFront.THREADS) {
            return onFront(routes, host, port, maxBodyBytes, keys, allowedOrigins, listening, limits);
        }
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 8);
        threads.setName("wallet-http");
        Server server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        // Jetty learns each connection's header fields into a trie to skip parsing repeats; every signed request has
        // new Authorization and X-Amz-Date values, so the trie filled, was cleared and rebuilt every few requests
        // (~4 % of the server's CPU per transfer in a profile; vellum serve's connector has it off too). Parsing every
        // field is cheaper.
        configuration.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(configuration));
        connector.setHost(host);
        connector.setPort(port);
        // Slow clients: a connection on which nothing arrives for the idle timeout is closed (30 s by default, as
        // Jetty's own default), and one remote address holds at most a quarter of the worker
        // threads (the handler reads bodies blocking; more requests from that address wait without a thread), so
        // connections trickling their bodies from one peer cannot starve everyone else.
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        ThreadLimitHandler perPeer = new ThreadLimitHandler(null, false);
        perPeer.setThreadLimit(THREADS_PER_PEER);
        perPeer.setHandler(new WalletHandler(new WalletDispatch(routes,
                new RequestGuard(keys, host, connector::getLocalPort, allowedOrigins), maxBodyBytes)));
        server.setHandler(perPeer);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(STOP_MILLIS);
        try {
            if (listening != null) {
                connector.open(listening); // start keeps this channel instead of binding the port again
            }
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
                if (listening != null) {
                    listening.close();
                }
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new WalletHttpServer(server, connector, null);
    }

    private static WalletHttpServer onFront(Router routes, String host, int port, int maxBodyBytes, AccessKeys keys,
                                            List<String> allowedOrigins, ServerSocketChannel listening,
                                            ConnectionLimits limits) {
        ServerSocket socket = null;
        try {
            if (listening != null) {
                socket = listening.socket();
            } else {
                socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(host, port), ACCEPT_BACKLOG);
            }
            int bound = socket.getLocalPort();
            WalletDispatch dispatch = new WalletDispatch(routes, new RequestGuard(keys, host, () -> bound,
                    allowedOrigins), maxBodyBytes);
            return new WalletHttpServer(null, null, ThreadPerConnectionFront.start(socket, null,
                    new WalletFrontRoutes(dispatch), limits, STOP_MILLIS));
        } catch (IOException | RuntimeException e) {
            try {
                if (socket != null) {
                    socket.close();
                } else if (listening != null) {
                    listening.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Every route; the OpenAPI document describes exactly these (OpenApiTest). */
    static Router routes(Wallet wallet, ProfileStore profiles, String ledgerInfo) {
        AccountEndpoints accounts = new AccountEndpoints(wallet);
        ProfileEndpoints profileEndpoints = new ProfileEndpoints(wallet, profiles);
        byte[] openApi = openApiDocument();
        return new Router()
                .add("GET", "/openapi.yaml", request -> new ApiResponse(200, "application/yaml", Map.of(), openApi))
                .add("GET", "/health", request -> ApiResponse.json(200, health(wallet, profiles, ledgerInfo)))
                .add("POST", "/tables", accounts::createTables)
                .add("POST", "/indexes", accounts::createIndexes)
                .add("POST", "/accounts", accounts::createAccount)
                .add("GET", "/accounts/{accountId}/balance", accounts::checkFunds)
                .add("POST", "/accounts/{accountId}/deposits", accounts::addFunds)
                .add("POST", "/accounts/{accountId}/withdrawals", accounts::withdrawFunds)
                .add("POST", "/transfers", accounts::transfer)
                .add("GET", "/accounts/{accountId}/history", Set.of("fromVersion", "limit"), accounts::history)
                .add("GET", "/accounts/{accountId}/verification", Set.of("version"), accounts::verify)
                .add("POST", "/accounts/{accountId}/profile", profileEndpoints::create)
                .add("GET", "/accounts/{accountId}/profile", profileEndpoints::read)
                .add("PUT", "/accounts/{accountId}/profile", profileEndpoints::replace)
                .add("DELETE", "/accounts/{accountId}/profile", profileEndpoints::erase);
    }

    private static ObjectNode health(Wallet wallet, ProfileStore profiles, String ledgerInfo) {
        ObjectNode body = WalletJson.object();
        body.put("status", "UP");
        body.put("ledger", ledgerInfo);
        body.put("profiles", profiles.description());
        body.put("currency", wallet.moneyRules().currencyCode());
        body.set("balanceCache", WalletJson.cacheStatistics(wallet.cacheStatistics()));
        return body;
    }

    private static byte[] openApiDocument() {
        try (InputStream in = WalletHttpServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the wallet's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    /** The port listened on (the chosen one when 0 was asked for). */
    public int port() {
        return front != null ? front.port() : connector.getLocalPort();
    }

    /** Stops accepting, lets running requests finish (up to 5 s), and stops. */
    @Override
    public void close() {
        if (front != null) {
            front.close();
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the wallet's HTTP server: " + e.getMessage(), e);
        }
    }
}
