package io.vellum.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;

/**
 * What the cluster tests share: waiting for the cluster to settle, control-plane clients, and ports for the nodes
 * they start outside {@link ClusterFixture}.
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
     * The AWS SDK's control-plane client for the node at {@code endpoint}, signing with {@code keyId}/{@code secret};
     * the caller closes it. Its read timeout is {@link #CONTROL_READ_TIMEOUT}, not the SDK's 30 s: a cluster's
     * CreateLedger creates the ledger's topic and begins the writer's Kafka transactions, which on a loaded test
     * machine took longer than 30 s; the SDK then sent CreateLedger again, and QLDB's CreateLedger is not idempotent,
     * so the retry was answered ResourceAlreadyExists for the ledger the first request had created.
     */
    static QldbClient controlClient(URI endpoint, String keyId, String secret) {
        return QldbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(CONTROL_READ_TIMEOUT))
                .build();
    }

    /** How long a control-plane client waits for an answer (longer than any Kafka wait a node makes). */
    static final Duration CONTROL_READ_TIMEOUT = Duration.ofSeconds(150);
}
