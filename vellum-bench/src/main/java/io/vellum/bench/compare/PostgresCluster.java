package io.vellum.bench.compare;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from the distribution's binaries: a fresh data directory made by initdb, listening
 * on 127.0.0.1 at a free port, with PostgreSQL's default durability (fsync on, synchronous_commit on, stated
 * explicitly in the configuration). {@link #close} stops it and deletes the directory; a shutdown hook does the same
 * when the JVM exits first. initdb and postgres refuse to run as root, so as root they run as the
 * {@code postgres} user through runuser.
 */
public final class PostgresCluster implements AutoCloseable {
    private final Path binaries;
    private final Path directory;
    private final Path data;
    private final int port;
    private final Process server;
    private final long postmasterPid;
    private final Thread shutdownHook;
    private boolean closed;

    private PostgresCluster(Path binaries, Path directory, int port, Process server, long postmasterPid) {
        this.binaries = binaries;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
        this.server = server;
        this.postmasterPid = postmasterPid;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * initdb, configure, start and wait until it accepts connections.
     *
     * @param binaries       directory holding initdb, postgres and pg_ctl
     * @param parent         where the data directory is created (same disk as the other contenders' stores)
     * @param maxConnections enough for the client threads plus the runner's own connections
     */
    public static PostgresCluster start(Path binaries, Path parent, int maxConnections) throws Exception {
        Path directory = Files.createTempDirectory(parent, "pg-compare-");
        Path data = directory.resolve("data");
        try {
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", directory.toString()), directory);
            }
            run(asPostgres(binaries.resolve("initdb").toString(), "-D", data.toString(), "--auth=trust",
                    "--username=postgres", "--encoding=UTF8", "--no-locale", "--no-instructions"), directory);
            int port = freePort();
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n", "",
                    "# io.vellum.bench.compare: local, throw-away; durability as PostgreSQL's defaults",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    // TCP only, like every connection of the harness: a socket's path has at most 107 bytes, and
                    // one under a deep --work-dir made the server refuse to start.
                    "unix_socket_directories = ''",
                    "max_connections = " + maxConnections,
                    "fsync = on",
                    "synchronous_commit = on",
                    "full_page_writes = on",
                    ""), java.nio.file.StandardOpenOption.APPEND);
            Process server = new ProcessBuilder(asPostgres(binaries.resolve("postgres").toString(), "-D",
                    data.toString())).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("server.log").toFile()).start();
            long postmasterPid = awaitReady(data, port, server, directory);
            return new PostgresCluster(binaries, directory, port, server, postmasterPid);
        } catch (Exception e) {
            deleteTree(directory);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return data;
    }

    public long postmasterPid() {
        return postmasterPid;
    }

    /** A new connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    @Override
    public synchronized void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run(asPostgres(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                    "stop"), directory);
        } catch (Exception e) {
            ProcessHandle.of(postmasterPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        try {
            server.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(directory);
    }

    private static long awaitReady(Path data, int port, Process server, Path directory) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("postgres exited: " + Files.readString(directory.resolve("server.log")));
            }
            Path pidFile = data.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                try (Connection ignored = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                        + "/postgres", "postgres", "")) {
                    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                } catch (SQLException notYet) {
                    // starting up
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("postgres did not accept connections within 60 s");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Path log = directory.resolve("command.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }
}
