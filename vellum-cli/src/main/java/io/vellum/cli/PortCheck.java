package io.vellum.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that a TCP port can be listened on, before a command starts anything (generates keys, opens ledgers,
 * answers /health) that a port found taken later would leave half-done. A check, not a reservation: another process
 * may take the port between the check and the real bind, which then fails with the same kind of message.
 */
final class PortCheck {
    private PortCheck() {
    }

    /**
     * Returns normally when {@code host:port} can be bound now (port 0 always can).
     *
     * @param remedy what the user can do instead, e.g. "choose another with --port"
     * @throws IllegalStateException one line: "address already in use: 127.0.0.1:8080 (choose another with --port)"
     */
    static void requireFree(String host, int port, String remedy) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free for it
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            throw new IllegalStateException((why.contains("in use") ? "address already in use: "
                    : why.contains("assign") ? "address not available on this machine: "
                    : "cannot listen on ") + host + ":" + port + " (" + remedy + ")");
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage() + " ("
                    + remedy + ")");
        }
    }
}
