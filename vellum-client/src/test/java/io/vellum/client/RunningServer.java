package io.vellum.client;

import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real {@link VellumServer} for integration tests: its own data directory, an ephemeral port on 127.0.0.1, SigV4
 * on with the key pair it generated. Each test makes its own ledger, so tests sharing a server do not interfere.
 */
final class RunningServer implements AutoCloseable {
    private static final AtomicInteger LEDGERS = new AtomicInteger();
    private final VellumServer server;

    private RunningServer(VellumServer server) {
        this.server = server;
    }

    static RunningServer start(Path dataDirectory) {
        return start(dataDirectory, UnaryOperator.identity());
    }

    /** Starts with the defaults changed by {@code configure} (e.g. a shorter transaction timeout). */
    static RunningServer start(Path dataDirectory, UnaryOperator<ServerConfig> configure) {
        ServerConfig config = configure.apply(ServerConfig.defaults(dataDirectory));
        if (config.insecureNoAuth()) {
            throw new IllegalArgumentException("the client tests run with SigV4 on");
        }
        return new RunningServer(VellumServer.start(config));
    }

    VellumServer server() {
        return server;
    }

    /** Creates a ledger with a fresh name starting with {@code prefix}. */
    String createLedger(String prefix) {
        String name = prefix + "-" + LEDGERS.incrementAndGet();
        server.ledgers().create(name, false, "ALLOW_ALL", Map.of());
        return name;
    }

    /** A client builder for {@code ledger} with the server's endpoint and key pair. */
    VellumClientBuilder clientBuilder(String ledger) {
        return VellumClient.builder()
                .endpoint(server.endpoint())
                .ledger(ledger)
                .credentials(server.accessKeyId(), server.secretAccessKey());
    }

    VellumClient client(String ledger) {
        return clientBuilder(ledger).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
