package io.vellum.server;

import io.vellum.kafka.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link VellumServer} in a child JVM, so that a test can kill it as a crash would: {@link #kill} is SIGKILL, no
 * shutdown hook runs, nothing in flight is flushed or acknowledged. The child runs {@link #main} on the test
 * classpath with fixed credentials and port (so clients reconnect to the same endpoint after a restart); its output
 * goes to a log file in the data directory's parent.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private ServerProcess(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts a server on {@code dataDirectory} and {@code port} with streams to the Kafka cluster at
     * {@code bootstrapServers}, and returns once its {@code /health} answers.
     */
    public static ServerProcess start(Path dataDirectory, int port, String accessKeyId, String secretAccessKey,
                                      String bootstrapServers, String logName) throws IOException, InterruptedException {
        Path log = dataDirectory.toAbsolutePath().getParent().resolve(logName);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(),
                dataDirectory.toAbsolutePath().toString(), Integer.toString(port), accessKeyId, secretAccessKey,
                bootstrapServers))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitHealthy();
        return server;
    }

    /** A free local TCP port (free now; the child binds it a moment later). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void awaitHealthy() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server process exited with " + process.exitValue() + ":\n"
                        + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException | java.net.http.HttpTimeoutException e) {
                // not listening yet
            } catch (IOException e) {
                // connection reset while starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server process did not answer /health within " + STARTUP + ":\n"
                + logTail());
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL, then waits until the process is gone (its file locks and port are released then). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The last lines the server logged, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** The child: {@code DATA PORT ACCESS_KEY_ID SECRET BOOTSTRAP_SERVERS}; serves until killed. */
    public static void main(String[] args) throws InterruptedException {
        ServerConfig config = ServerConfig.defaults(Path.of(args[0])).withPort(Integer.parseInt(args[1]))
                .withCredentials(args[2], args[3])
                .withKafka(new KafkaConnection(args[4], Map.of("linger.ms", "1")));
        VellumServer server = VellumServer.start(config);
        System.out.println("serving on " + server.endpoint());
        Thread.currentThread().join();
    }
}
