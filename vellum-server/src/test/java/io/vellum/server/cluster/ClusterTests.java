package io.vellum.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the cluster tests share: waiting for the cluster to settle, and ports for the nodes they start outside
 * {@link ClusterFixture}.
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
}
