package io.vellum.server.front;

import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.RequestRoutes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vellum's own HTTP/1.1 front: one platform thread per connection, blocked in {@code read} while it waits, so a
 * request is read, served and answered by the thread the kernel woke, with no selector and no hand-off between
 * threads (docs/DECISIONS.md, "The HTTP floor"). An acceptor thread ({@code vellum-front-acceptor}) admits each
 * connection within the per-peer and total limits ({@link ConnectionAdmission}) and starts its thread
 * ({@code vellum-front-N}, daemon); the connection does the rest ({@link FrontConnection}); TLS, when configured,
 * is layered on the accepted socket and its handshake runs on the connection's thread. A watchdog thread
 * ({@code vellum-front-watchdog}) ends reads that waited for the idle timeout (plain connections read without a
 * socket timeout: one system call per read instead of the JDK's timed path) and closes connections whose answer has
 * not moved for the idle timeout (blocking writes have no timeout).
 *
 * <p>The cost: a platform thread (and its stack) per open connection, bounded by the total limit. Everything the
 * front does not read or frame itself goes through the one dispatch ({@link RequestRoutes}) that Jetty's front
 * calls too.
 *
 * <p>{@link #close()} is graceful: it stops accepting, closes connections waiting for a request, lets requests in
 * flight finish (their connections then close) for up to the stop time, then closes whatever is left and waits for
 * every thread it started. Thread-safe.
 */
public final class ThreadPerConnectionFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadPerConnectionFront.class);
    /** After an accept failure other than the stop (out of file descriptors), wait this long before the next. */
    private static final long ACCEPT_BACKOFF_MILLIS = 50;
    private static final AtomicLong FRONTS = new AtomicLong();

    private final ServerSocket listening;
    private final SSLContext tls;
    private final RequestRoutes routes;
    private final ConnectionLimits limits;
    private final ConnectionAdmission admission;
    private final long stopMillis;
    private final Map<FrontConnection, Thread> connections = new ConcurrentHashMap<>();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private final String namePrefix;
    private final Thread acceptor;
    private final Thread watchdog;
    private volatile boolean stopping;
    private boolean closed;

    private ThreadPerConnectionFront(ServerSocket listening, SSLContext tls, RequestRoutes routes,
                                     ConnectionLimits limits, long stopMillis) {
        this.listening = listening;
        this.tls = tls;
        this.routes = routes;
        this.limits = limits;
        this.admission = new ConnectionAdmission(limits.maximumConnectionsPerPeer(),
                limits.maximumConnections());
        this.stopMillis = stopMillis;
        long number = FRONTS.incrementAndGet();
        this.namePrefix = number == 1 ? "vellum-front-" : "vellum-front" + number + "-";
        this.acceptor = new Thread(this::accept, namePrefix + "acceptor");
        this.watchdog = new Thread(this::watch, namePrefix + "watchdog");
        this.watchdog.setDaemon(true);
    }

    /**
     * Starts serving on {@code listening}, a bound server socket the front owns from now on (closed by
     * {@link #close()}).
     *
     * @param tls        null for plain HTTP; else the context whose key the server presents
     * @param limits     per peer and in total ({@link ConnectionLimits#maximumConnections()}: each open connection
     *                   holds a platform thread)
     * @param stopMillis how long {@link #close()} lets requests in flight finish
     */
    public static ThreadPerConnectionFront start(ServerSocket listening, SSLContext tls, RequestRoutes routes,
                                                 ConnectionLimits limits, long stopMillis) {
        ThreadPerConnectionFront front = new ThreadPerConnectionFront(listening, tls, routes, limits, stopMillis);
        front.acceptor.start();
        front.watchdog.start();
        return front;
    }

    /** The port listened on. */
    public int port() {
        return listening.getLocalPort();
    }

    /** Connections open now (admitted and not yet ended). */
    public int openConnections() {
        return admission.open();
    }

    /** The connections open now. */
    java.util.Set<FrontConnection> connections() {
        return java.util.Set.copyOf(connections.keySet());
    }

    /** What this front's thread names start with. */
    String threadNamePrefix() {
        return namePrefix;
    }

    boolean stopping() {
        return stopping;
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException e) {
                if (stopping || listening.isClosed()) {
                    return;
                }
                LOG.warn("Accepting a connection failed: {}", e.toString());
                sleepQuietly();
                continue;
            }
            admit(socket);
        }
    }

    private void admit(Socket socket) {
        InetAddress peer = socket.getInetAddress();
        if (stopping || !admission.admit(peer)) {
            LOG.debug("Closing a connection from {}: over the connection limits ({} open)", peer, admission.open());
            closeQuietly(socket);
            return;
        }
        FrontConnection connection;
        Thread thread;
        try {
            Socket served = tls == null ? socket : TlsSockets.serverSide(tls, socket);
            connection = new FrontConnection(served, socket, peer, this, routes, limits);
            thread = new Thread(connection, namePrefix + connectionNumbers.incrementAndGet());
            thread.setDaemon(true);
            connections.put(connection, thread);
            thread.start();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // No thread to be had (or TLS could not be layered): this connection is dropped, the server goes on.
            LOG.warn("Could not serve a connection from {}: {}", peer, e.toString());
            closeQuietly(socket);
            admission.release(peer);
        }
    }

    /**
     * Ends reads that waited longer than the idle timeout (a plain connection's read has no timeout: see
     * {@link FrontConnection#readStalled}) and closes connections whose answer has not moved for the idle timeout (a
     * client that stopped reading): a blocking write has no timeout of its own. Checks four times per idle timeout,
     * at least every second and at most every 100 ms, so a read ends within a quarter of the idle timeout after it.
     */
    private void watch() {
        long limitNanos = limits.idleTimeout().toNanos();
        long periodMillis = Math.max(100, Math.min(1_000, limits.idleTimeout().toMillis() / 4));
        while (!stopping) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (FrontConnection connection : connections.keySet()) {
                if (connection.writeStalled(now, limitNanos)) {
                    LOG.debug("Closing a connection from {}: its answer did not move for {}", connection.peer(),
                            limits.idleTimeout());
                    connection.forceClose();
                } else if (connection.readStalled(now, limitNanos)) {
                    LOG.debug("Ending a read of a connection from {}: nothing arrived for {}", connection.peer(),
                            limits.idleTimeout());
                    connection.endStalledRead();
                }
            }
        }
    }

    /** Called by a connection's thread as it ends. */
    void ended(FrontConnection connection) {
        if (connections.remove(connection) != null) {
            admission.release(connection.peer());
        }
    }

    /** Stops gracefully (see the class comment); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        try {
            listening.close();
        } catch (IOException e) {
            LOG.debug("Closing the listening socket: {}", e.toString());
        }
        join(acceptor, stopMillis);
        watchdog.interrupt();
        join(watchdog, stopMillis);
        for (FrontConnection connection : connections.keySet()) {
            connection.closeIfIdle();
        }
        long deadline = System.nanoTime() + stopMillis * 1_000_000;
        for (Thread thread : connections.values()) {
            join(thread, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        if (!connections.isEmpty()) {
            LOG.warn("{} connection(s) still busy after {} ms: closed", connections.size(), stopMillis);
            for (FrontConnection connection : connections.keySet()) {
                connection.forceClose();
            }
            for (Thread thread : connections.values()) {
                join(thread, 1_000);
            }
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(ACCEPT_BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }
}
