package io.vellum.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * Binds a command's TCP ports before it starts anything (generates keys, opens ledgers, answers /health) that a port
 * found taken later would leave half-done. The bound channel is handed to the server that listens on it, so no other
 * process can take the port in between (a check that closed its socket again would leave that race open).
 */
final class PortCheck {
    private PortCheck() {
    }

    /**
     * Binds {@code host:port} (port 0: any free port) and returns the listening channel; the caller hands it to the
     * server that accepts on it, or closes it.
     *
     * @param remedy what the user can do instead, e.g. "choose another with --port"
     * @throws IllegalStateException one line: "address already in use: 127.0.0.1:8080 (choose another with --port)"
     */
    static ServerSocketChannel bind(String host, int port, String remedy) {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Jetty binds: TIME_WAIT is free for it
            channel.bind(new InetSocketAddress(host, port), 0);
            return channel;
        } catch (BindException e) {
            closeQuietly(channel);
            String why = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            throw new IllegalStateException((why.contains("in use") ? "address already in use: "
                    : why.contains("assign") ? "address not available on this machine: "
                    : "cannot listen on ") + host + ":" + port + " (" + remedy + ")");
        } catch (IOException | SecurityException | java.nio.channels.UnresolvedAddressException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage() + " ("
                    + remedy + ")");
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was bound; the bind failure is what the user needs to see.
            }
        }
    }
}
