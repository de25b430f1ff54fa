package io.vellum.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one network peer can hold of the server before it has proved anything (slow-client defence). On Jetty's front
 * request bodies are read without holding a worker thread, so a peer that sends headers and then trickles (or stops
 * sending) its body costs a connection and a buffer, not a thread; on the thread-per-connection front every
 * connection holds a thread, and these limits (with that front's total cap) are the whole defence. They bound how
 * many connections and for how long.
 *
 * @param idleTimeout               a connection on which nothing moves for this long is closed: while its request
 *                                  headers arrive, between keep-alive requests, while a body arrives (default
 *                                  {@value #DEFAULT_IDLE_TIMEOUT_SECONDS} s; event streams send a heartbeat every 15 s)
 * @param bodyGracePeriod           a request body may take this long before {@code minimumBodyRate} applies
 *                                  (default {@value #DEFAULT_BODY_GRACE_SECONDS} s)
 * @param minimumBodyRate           bytes per second a request body must average, measured from its headers, once the
 *                                  grace period is over; a slower request gets 408 and its connection is closed
 *                                  (default {@value #DEFAULT_MINIMUM_BODY_RATE} B/s); 0 turns the check off
 * @param maximumConnectionsPerPeer connections one remote address may have open at once; the next is closed as it is
 *                                  accepted (default {@value #DEFAULT_MAXIMUM_CONNECTIONS_PER_PEER}; the QLDB driver
 *                                  keeps at most 50 by default); 0 turns the limit off
 * @param maximumConnections        connections open at once, all peers together, on Vellum's own front (each holds a
 *                                  platform thread there); the next is closed as it is accepted (default
 *                                  {@value #DEFAULT_MAXIMUM_CONNECTIONS}); at least 1. Jetty's front, whose idle
 *                                  connections hold no thread, has no total limit
 */
public record ConnectionLimits(Duration idleTimeout, Duration bodyGracePeriod, long minimumBodyRate,
                               int maximumConnectionsPerPeer, int maximumConnections) {
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_BODY_GRACE_SECONDS = 5;
    public static final long DEFAULT_MINIMUM_BODY_RATE = 1024;
    public static final int DEFAULT_MAXIMUM_CONNECTIONS_PER_PEER = 256;
    public static final int DEFAULT_MAXIMUM_CONNECTIONS = 4_096;

    public ConnectionLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(bodyGracePeriod, "bodyGracePeriod");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeout);
        }
        if (bodyGracePeriod.isNegative()) {
            throw new IllegalArgumentException("the body grace period must not be negative: " + bodyGracePeriod);
        }
        if (minimumBodyRate < 0) {
            throw new IllegalArgumentException("the minimum body rate must not be negative: " + minimumBodyRate);
        }
        if (maximumConnectionsPerPeer < 0) {
            throw new IllegalArgumentException("the connections per peer must not be negative: "
                    + maximumConnectionsPerPeer);
        }
        if (maximumConnections < 1) {
            throw new IllegalArgumentException("the total connections must be at least 1: " + maximumConnections);
        }
    }

    /** The documented defaults. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS),
                Duration.ofSeconds(DEFAULT_BODY_GRACE_SECONDS), DEFAULT_MINIMUM_BODY_RATE,
                DEFAULT_MAXIMUM_CONNECTIONS_PER_PEER, DEFAULT_MAXIMUM_CONNECTIONS);
    }

    public ConnectionLimits withIdleTimeout(Duration timeout) {
        return new ConnectionLimits(timeout, bodyGracePeriod, minimumBodyRate, maximumConnectionsPerPeer,
                maximumConnections);
    }

    public ConnectionLimits withBodyRate(Duration gracePeriod, long bytesPerSecond) {
        return new ConnectionLimits(idleTimeout, gracePeriod, bytesPerSecond, maximumConnectionsPerPeer,
                maximumConnections);
    }

    public ConnectionLimits withMaximumConnectionsPerPeer(int connections) {
        return new ConnectionLimits(idleTimeout, bodyGracePeriod, minimumBodyRate, connections, maximumConnections);
    }

    public ConnectionLimits withMaximumConnections(int connections) {
        return new ConnectionLimits(idleTimeout, bodyGracePeriod, minimumBodyRate, maximumConnectionsPerPeer,
                connections);
    }
}
