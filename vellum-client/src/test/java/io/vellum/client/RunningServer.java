package io.vellum.client;

import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link VellumServer} for integration tests, registered as a JUnit extension on a static field
 * ({@code @RegisterExtension static final RunningServer SERVER = RunningServer.shared();}): its own data directory, an
 * ephemeral port on 127.0.0.1, SigV4 on with the key pair it generated. Each test makes its own ledger
 * ({@link #createLedger}), so tests sharing a server do not interfere; what a test reads from the server's metrics
 * it reads as a difference before and after (the classes of a test JVM run one at a time).
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger LEDGERS = new AtomicInteger();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningServer.class);
    /** The server with the defaults: started by the first class asking for it, stopped after the JVM's last class. */
    private static volatile Started shared;

    /** Null for the shared server with the defaults. */
    private final UnaryOperator<ServerConfig> configure;
    private Started started;

    private RunningServer(UnaryOperator<ServerConfig> configure) {
        this.configure = configure;
    }

    /**
     * The server with the defaults, one for every test class of this JVM that registers it: a server start (data
     * directory, signing key, Jetty) saved per class.
     */
    static RunningServer shared() {
        return new RunningServer(null);
    }

    /** A server of this class alone, with the defaults changed by {@code configure} (e.g. a shorter timeout). */
    static RunningServer configured(UnaryOperator<ServerConfig> configure) {
        return new RunningServer(Objects.requireNonNull(configure));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (configure != null) {
            started = Started.start(configure);
            return;
        }
        synchronized (RunningServer.class) {
            if (shared == null) {
                Started server = Started.start(UnaryOperator.identity());
                // The root store closes what it holds once, after the last test class of the JVM.
                context.getRoot().getStore(NAMESPACE).put("shared", (AutoCloseable) () -> {
                    synchronized (RunningServer.class) {
                        shared = null;
                    }
                    server.close();
                });
                shared = server;
            }
            started = shared;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (configure != null) {
            started.close();
        }
        started = null;
    }

    VellumServer server() {
        return Objects.requireNonNull(started, "the server runs from beforeAll to afterAll").server();
    }

    /** Creates a ledger with a fresh name starting with {@code prefix}. */
    String createLedger(String prefix) {
        String name = prefix + "-" + LEDGERS.incrementAndGet();
        server().ledgers().create(name, false, "ALLOW_ALL", Map.of());
        return name;
    }

    /** A client builder for {@code ledger} with the server's endpoint and key pair. */
    VellumClientBuilder clientBuilder(String ledger) {
        return VellumClient.builder()
                .endpoint(server().endpoint())
                .ledger(ledger)
                .credentials(server().accessKeyId(), server().secretAccessKey());
    }

    VellumClient client(String ledger) {
        return clientBuilder(ledger).build();
    }

    /** A started server and the temporary data directory it owns (removed when it stops). */
    private record Started(VellumServer server, Path dataDirectory) {
        static Started start(UnaryOperator<ServerConfig> configure) throws IOException {
            Path data = Files.createTempDirectory("vellum-client-it-");
            ServerConfig config = configure.apply(ServerConfig.defaults(data));
            if (config.insecureNoAuth()) {
                throw new IllegalArgumentException("the client tests run with SigV4 on");
            }
            return new Started(VellumServer.start(config), data);
        }

        void close() {
            server.close();
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
