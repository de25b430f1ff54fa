package io.vellum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.SignedHttpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster node in a child JVM, so that a test can SIGKILL it or freeze it (SIGSTOP): the test class's own
 * {@code main} run as {@code main DATA PORT ARGUMENTS…}, with the same id, port and data directory across restarts,
 * its output in {@code ID-N.log} beside the data directory (N counts its starts).
 */
final class ChildNode {
    private static final Pattern WRITER = Pattern.compile("\"writer\":\"([^\"]+)\"");

    private final Class<?> main;
    private final String id;
    private final int port;
    private final Path data;
    private final List<String> arguments;
    private final String keyId;
    private final String secret;
    private final Duration patience;
    private Process process;
    private int starts;
    private Path log;

    /**
     * Node {@code id} running {@code main} on {@code port} and {@code data}, given {@code arguments} after those two;
     * its /health is asked with the key pair {@code keyId}/{@code secret}; a start waits up to {@code patience} for it
     * to answer.
     */
    ChildNode(Class<?> main, String id, int port, Path data, List<String> arguments, String keyId, String secret,
              Duration patience) {
        this.main = main;
        this.id = id;
        this.port = port;
        this.data = data;
        this.arguments = List.copyOf(arguments);
        this.keyId = keyId;
        this.secret = secret;
        this.patience = patience;
    }

    String id() {
        return id;
    }

    Path data() {
        return data;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process and returns once it answers HTTP (any answer: it is listening). */
    void start() throws IOException, InterruptedException {
        log = data.toAbsolutePath().getParent().resolve(id + "-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName(),
                data.toAbsolutePath().toString(), Integer.toString(port)));
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(id + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint().resolve("/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (ConnectException | HttpTimeoutException e) {
                // not listening yet
            } catch (IOException e) {
                // reset while starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(id + " did not answer /health within " + patience);
    }

    /** What the node's current process logged so far. */
    String log() {
        try {
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** The node's /health answer, or "" (down, or not answering 200). */
    String health() {
        if (!alive()) {
            return "";
        }
        try {
            HttpResponse<String> health = new SignedHttpClient(endpoint(), keyId, secret)
                    .send("GET", "/health", Map.of(), new byte[0], secret, Clock.systemUTC());
            return health.statusCode() == 200 ? health.body() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The writer of the (one) ledger this node hosts as its /health names it, or null (not known, or down). */
    String writer() {
        Matcher writer = WRITER.matcher(health());
        return writer.find() ? writer.group(1) : null;
    }

    /** Whether this node's own /health says it writes the (one) ledger it hosts. */
    boolean writing() {
        return health().contains("\"role\":\"writer\"");
    }

    /** Sends {@code signal} (STOP, CONT, …) to the process. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + id).isZero();
    }

    /** SIGKILL; returns when the process is gone (its port and data directory lock are free then). */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
