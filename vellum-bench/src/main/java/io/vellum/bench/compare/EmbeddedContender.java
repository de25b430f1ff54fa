package io.vellum.bench.compare;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Vellum embedded: the {@code Ledger} API in-process with the client threads, run in a child JVM
 * ({@link EmbeddedAgent}) so that the memory and CPU reported are the ledger's and its clients' alone, not the
 * runner's. The child's stderr goes to {@code agent.log} beside the ledger.
 */
final class EmbeddedContender implements Contender {
    private final Path directory;
    private final Launcher launcher;
    private final int threads;
    private final int accounts;
    private Process agent;
    private PrintStream commands;
    private BufferedReader answers;

    EmbeddedContender(Path workDirectory, Launcher launcher, int threads, int accounts) throws Exception {
        this.directory = Files.createTempDirectory(workDirectory, "embedded-");
        this.launcher = launcher;
        this.threads = threads;
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "vellum-embedded";
    }

    @Override
    public void setUp() throws Exception {
        agent = Launcher.start(new ProcessBuilder(launcher.java(EmbeddedAgent.class.getName(),
                directory.resolve("ledger").toString(), Integer.toString(threads), Integer.toString(accounts)))
                .redirectError(directory.resolve("agent.log").toFile()));
        commands = new PrintStream(agent.getOutputStream(), true, StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        ask("SETUP");
    }

    @Override
    public LoadDriver.Interval run(Setting setting, double seconds, long seed) throws Exception {
        return EmbeddedAgent.decode(ask("RUN " + setting.name() + " " + seconds + " " + seed));
    }

    @Override
    public long storeBytes() {
        return ProcessStats.directoryBytes(directory.resolve("ledger"));
    }

    @Override
    public List<Long> serverPids() {
        return List.of(agent.pid());
    }

    @Override
    public boolean clientsInRunner() {
        return false;
    }

    @Override
    public String check(long committedTransfers) throws Exception {
        return ask("CHECK " + committedTransfers);
    }

    private String ask(String command) throws Exception {
        commands.println(command);
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(EmbeddedAgent.ANSWER + "OK")) {
                return line.substring(EmbeddedAgent.ANSWER.length() + 2).trim();
            }
            if (line.startsWith(EmbeddedAgent.ANSWER + "FAIL")) {
                throw new IllegalStateException("embedded agent: " + line.substring(EmbeddedAgent.ANSWER.length())
                        + " (see " + directory.resolve("agent.log") + ")");
            }
        }
        throw new IllegalStateException("embedded agent exited; see " + directory.resolve("agent.log"));
    }

    @Override
    public void close() {
        if (agent != null) {
            try {
                ask("QUIT");
                agent.waitFor(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("embedded agent did not quit cleanly: " + e.getMessage());
            } finally {
                agent.destroyForcibly();
            }
        }
        PostgresCluster.deleteTree(directory);
    }
}
