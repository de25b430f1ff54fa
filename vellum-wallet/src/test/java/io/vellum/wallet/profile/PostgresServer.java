package io.vellum.wallet.profile;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, started from the locally installed binaries (initdb, pg_ctl) in a temporary
 * directory on a free port, with password authentication. PostgreSQL refuses to run as root, so as root it runs as
 * the {@code postgres} user through {@code runuser}. When the binaries are missing, {@link #startIfInstalled}
 * returns null and {@link #skipUnlessStarted} skips the calling test with a message saying what to install.
 */
public final class PostgresServer implements AutoCloseable {
    /** Where Debian and Ubuntu install the server binaries; {@code -Dvellum.postgres.bin=DIR} overrides. */
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final String USER = "wallet";
    private static final String PASSWORD = "wallet-test-password";
    private static final String MISSING = "PostgreSQL server binaries (initdb, pg_ctl) not found under "
            + DEBIAN_BINARIES + "/*/bin nor in -Dvellum.postgres.bin; install them (Debian/Ubuntu: apt-get install -y "
            + "postgresql) to run the PostgreSQL profile-store tests";

    private final Path binaries;
    private final Path directory;
    private final List<String> runAs;
    private final int port;

    private PostgresServer(Path binaries, Path directory, List<String> runAs, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.runAs = runAs;
        this.port = port;
    }

    /** Starts a server, or returns null when PostgreSQL is not installed. */
    public static PostgresServer startIfInstalled() throws IOException, InterruptedException {
        Path binaries = findBinaries();
        if (binaries == null) {
            System.err.println("SKIPPING PostgreSQL tests: " + MISSING);
            return null;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> runAs = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        Path directory = Files.createTempDirectory("vellum-wallet-postgres");
        PostgresServer server = new PostgresServer(binaries, directory, runAs, freePort());
        try {
            server.initialiseAndStart(root);
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            try {
                server.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Skips the calling test, with the reason, when {@code server} is null (PostgreSQL is not installed). */
    public static void skipUnlessStarted(PostgresServer server) {
        Assumptions.assumeTrue(server != null, MISSING);
    }

    private static Path findBinaries() throws IOException {
        String configured = System.getProperty("vellum.postgres.bin");
        if (configured != null) {
            return Files.isExecutable(Path.of(configured, "pg_ctl")) ? Path.of(configured) : null;
        }
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        }
    }

    private void initialiseAndStart(boolean root) throws IOException, InterruptedException {
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            run(List.of("chown", "-R", "postgres", directory.toString()), false);
        }
        Path data = directory.resolve("data");
        run(command("initdb", "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"), true);
        run(command("pg_ctl", "-D", data.toString(), "-l", directory.resolve("server.log").toString(), "-w",
                "-t", "60", "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1", "start"), true);
    }

    private List<String> command(String program, String... arguments) {
        List<String> command = new ArrayList<>(runAs);
        command.add(binaries.resolve(program).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private void run(List<String> command, boolean required) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command) + "\n" + output);
        }
        if (process.exitValue() != 0 && required) {
            throw new IOException("failed (exit " + process.exitValue() + "): " + String.join(" ", command) + "\n"
                    + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The database to store profiles in: the default database, over TCP with a password. */
    public ProfileDatabase database() {
        return new ProfileDatabase("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
    }

    /** Stops the server and deletes its files. */
    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(directory.resolve("data").resolve("postmaster.pid"))) {
                run(command("pg_ctl", "-D", directory.resolve("data").toString(), "-m", "fast", "-w", "stop"), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL in " + directory, e);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
