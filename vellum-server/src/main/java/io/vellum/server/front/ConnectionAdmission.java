package io.vellum.server.front;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which accepted connections get a thread: at most {@code perPeer} open connections per remote address (so one peer
 * cannot take every other peer's share) and at most {@code total} in all (a connection holds a platform thread and
 * its stack; this bounds them). A connection over either limit is closed as it is accepted, before a byte of it is
 * read. Thread-safe.
 */
final class ConnectionAdmission {
    private final int perPeer;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> byPeer = new ConcurrentHashMap<>();

    /** @param perPeer 0: no limit per peer */
    ConnectionAdmission(int perPeer, int total) {
        if (perPeer < 0 || total <= 0) {
            throw new IllegalArgumentException("connection limits must be positive (per peer 0: none): per peer "
                    + perPeer + ", total " + total);
        }
        this.perPeer = perPeer;
        this.total = total;
    }

    /** Counts a connection from {@code peer} if both limits allow it; each true must be {@link #release}d once. */
    boolean admit(InetAddress peer) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return false;
        }
        if (perPeer == 0) {
            return true;
        }
        boolean[] admitted = {false};
        byPeer.compute(peer, (address, connections) -> {
            int count = connections == null ? 0 : connections;
            admitted[0] = count < perPeer;
            return admitted[0] ? count + 1 : connections;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
        }
        return admitted[0];
    }

    /** Uncounts a connection {@link #admit} counted. */
    void release(InetAddress peer) {
        if (perPeer != 0) {
            byPeer.computeIfPresent(peer, (address, connections) -> connections <= 1 ? null : connections - 1);
        }
        open.decrementAndGet();
    }

    /** Connections counted now. */
    int open() {
        return open.get();
    }
}
