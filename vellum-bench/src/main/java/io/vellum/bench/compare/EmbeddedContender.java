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
 * runner's. One agent serves the run ({@link Agent}, started on first use, stopped at the end, as PostgreSQL's
 * cluster and the servers are); the contender opens a fresh ledger in a fresh directory in it and
 * closes it after the check. The agent's stderr goes to {@code embedded-agent.log} in the work directory.
 */
final class EmbeddedContender implements Contender {
    /** The run's one embedded agent JVM, started on first use. */
    static final class Agent implements AutoCloseable {
        private Process process;
        private PrintStream commands;
        private BufferedReader answers;
        private Path log;

        /** The agent, started with {@code threads} client threads over {@code accounts} on first use. */
        synchronized Agent started(Launcher launcher, Path workDirectory, int threads, int accounts) throws Exception {
            if (process == null) {
                log = workDirectory.resolve("embedded-agent.log");
                process = Launcher.start(new ProcessBuilder(launcher.java(EmbeddedAgent.class.getName(),
                        Integer.toString(threads), Integer.toString(accounts))).redirectError(log.toFile()));
                commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
                answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            }
            return this;
        }

        long pid() {
            return process.pid();
        }

        /** Sends one command and returns the text of its OK answer; a FAIL answer or an exit throws. */
        synchronized String ask(String command) throws Exception {
            commands.println(command);
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.startsWith(EmbeddedAgent.ANSWER + "OK")) {
                    return line.substring(EmbeddedAgent.ANSWER.length() + 2).trim();
                }
                if (line.startsWith(EmbeddedAgent.ANSWER + "FAIL")) {
                    throw new IllegalStateException("embedded agent: " + line.substring(EmbeddedAgent.ANSWER.length())
                            + " (see " + log + ")");
                }
            }
            throw new IllegalStateException("embedded agent exited; see " + log);
        }

        /** Ends the agent (QUIT, closing any open ledger), if it was started. */
        @Override
        public synchronized void close() {
            if (process == null) {
                return;
            }
            try {
                ask("QUIT");
                process.waitFor(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("embedded agent did not quit cleanly: " + e.getMessage());
            } finally {
                process.destroyForcibly();
                process = null;
            }
        }
    }

    private final Path directory;
    private final Path workDirectory;
    private final Launcher launcher;
    private final Agent shared;
    private final int threads;
    private final int accounts;
    /** Null until {@link #setUp} opened the run's ledger in the agent. */
    private Agent agent;

    EmbeddedContender(Path workDirectory, Launcher launcher, Agent shared, int threads, int accounts)
            throws Exception {
        this.directory = Files.createTempDirectory(workDirectory, "embedded-");
        this.workDirectory = workDirectory;
        this.launcher = launcher;
        this.shared = shared;
        this.threads = threads;
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "vellum-embedded";
    }

    @Override
    public void setUp() throws Exception {
        Agent started = shared.started(launcher, workDirectory, threads, accounts);
        started.ask("OPEN " + directory.resolve("ledger"));
        agent = started;
        agent.ask("SETUP");
    }

    @Override
    public LoadDriver.Interval run(Setting setting, double seconds, long seed) throws Exception {
        return EmbeddedAgent.decode(agent.ask("RUN " + setting.name() + " " + seconds + " " + seed));
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
        return agent.ask("CHECK " + committedTransfers);
    }

    /** Closes the run's ledger (the agent stays until the run ends) and deletes its directory. */
    @Override
    public void close() {
        if (agent != null) {
            try {
                agent.ask("CLOSE");
            } catch (Exception e) {
                System.err.println("embedded agent did not close the ledger cleanly: " + e.getMessage());
            }
        }
        PostgresCluster.deleteTree(directory);
    }
}
