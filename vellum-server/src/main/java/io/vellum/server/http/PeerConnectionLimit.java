package io.vellum.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code maximum} open TCP connections per remote address: the next one is closed as soon as it is opened,
 * before a byte of it is read. Jetty's own limits (ConnectionLimit, NetworkConnectionLimit) count all connections
 * together and stop accepting when full, which would let one peer lock everyone out; this one only refuses the peer
 * that is over its share. Added to a connector as a bean (a {@link Connection.Listener}); only network connections
 * count (with TLS, the decrypted connection inside one is not counted again). Thread-safe.
 */
public final class PeerConnectionLimit extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnectionLimit.class);

    private final int maximum;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /**
     * The connections counted in {@link #open} and their peers, so each is uncounted exactly once (and under the
     * address it was counted for: a closed channel no longer knows its remote address).
     */
    private final ConcurrentHashMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    public PeerConnectionLimit(int maximum) {
        if (maximum <= 0) {
            throw new IllegalArgumentException("the connection limit per peer must be positive: " + maximum);
        }
        this.maximum = maximum;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress peer = peer(connection);
        if (peer == null) {
            return;
        }
        counted.put(connection, peer);
        int connections = open.merge(peer, 1, Integer::sum);
        if (connections > maximum) {
            LOG.debug("Closing a connection from {}: it has {} open, the limit per peer is {}", peer,
                    connections - 1, maximum);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress peer = counted.remove(connection);
        if (peer != null) {
            open.computeIfPresent(peer, (address, connections) -> connections <= 1 ? null : connections - 1);
        }
    }

    /** Open connections from {@code peer} (for tests and diagnosis). */
    int openConnections(InetAddress peer) {
        return open.getOrDefault(peer, 0);
    }

    private static InetAddress peer(Connection connection) {
        if (!(connection.getEndPoint() instanceof SelectableChannelEndPoint endPoint)) {
            return null;
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress address ? address.getAddress() : null;
    }
}
