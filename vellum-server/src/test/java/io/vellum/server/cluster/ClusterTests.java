package io.vellum.server.cluster;

import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the cluster tests share: starting a node, waiting for the cluster to settle, and ports for the nodes and
 * brokers they start.
 */
final class ClusterTests {
    private ClusterTests() {
    }

    /**
     * Returns once {@code condition} holds, asking every 50 ms; fails naming {@code what} when {@code patience} ran
     * out (a cluster settles through Kafka sessions and rebalances: there is nothing to be told, only to look).
     */
    static void awaitWithin(Duration patience, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + patience + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A port free on the loopback interface now (another process may take it before it is bound: tests only). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts cluster node {@code id} on a free loopback port, advertised there, with {@code config} (its data
     * directory, credentials and any other setting the test chose) and the brokers at {@code bootstrapServers}.
     */
    static VellumServer startNode(ServerConfig config, String id, String bootstrapServers) throws IOException {
        int port = freePort();
        return VellumServer.start(config.withPort(port),
                new ClusterConfig(bootstrapServers, id, URI.create("http://127.0.0.1:" + port)));
    }
}
