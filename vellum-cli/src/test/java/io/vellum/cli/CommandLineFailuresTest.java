package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every failure a newcomer can cause on the command line is one line on standard error and a non-zero exit code,
 * without a stack trace; a start that cannot bind its ports fails before it creates anything. Run as a user runs
 * it: a child JVM with the command's real entry point.
 */
class CommandLineFailuresTest {
    @TempDir
    Path work;

    private CommandRun vellum(String... arguments) throws IOException, InterruptedException {
        return CommandRun.runInChildJvm(work, null, arguments);
    }

    @Test
    void noCommandIsAUsageErrorWithTheUsage() throws Exception {
        CommandRun run = vellum();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: vellum").contains("serve", "shell", "wallet")
                .endsWith("vellum: a command is missing ('vellum --help' lists the options)\n");
    }

    @Test
    void anOutOfRangePortIsOneLineBeforeAnythingIsCreated() throws Exception {
        CommandRun run = vellum("serve", "--data", "data", "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("--port must be a number from 0 to 65535, got 70000\n");
        assertThat(work.resolve("data")).doesNotExist();
        CommandRun wallet = vellum("serve", "--data", "data", "--port", "0", "--wallet-port", "-1");
        assertThat(wallet.err()).isEqualTo("--wallet-port must be a number from 0 to 65535, got -1\n");
        CommandRun front = vellum("serve", "--data", "data", "--port", "0", "--http-front", "netty");
        assertThat(front.exitCode()).isEqualTo(2);
        assertThat(front.err()).isEqualTo("--http-front: unknown HTTP front 'netty': use jetty or threads\n");
        assertThat(work.resolve("data")).doesNotExist();
        CommandRun noConnections = vellum("serve", "--data", "data", "--port", "0", "--max-connections", "0");
        assertThat(noConnections.exitCode()).isEqualTo(2);
        assertThat(noConnections.err()).isEqualTo("--max-connections must be at least 1, got 0\n");
        assertThat(work.resolve("data")).doesNotExist();
        CommandRun notANumber = vellum("serve", "--port", "abc");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).isEqualTo("vellum serve: Invalid value for option '--port': 'abc' is not an int"
                + " ('vellum serve --help' lists the options)\n");
    }

    @Test
    void aTakenPortIsNamedWithItsOptionAndNothingStartsOrIsGenerated() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CommandRun server = vellum("serve", "--data", "data", "--port", "" + port);
            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.err()).isEqualTo("Cannot start: address already in use: 127.0.0.1:" + port
                    + " (choose another with --port)\n");
            assertThat(server.out()).isEmpty();
            assertThat(work.resolve("data")).as("no key pair generated unseen, no ledger created").doesNotExist();

            CommandRun wallet = vellum("serve", "--data", "data", "--port", "0", "--wallet-port", "" + port);
            assertThat(wallet.exitCode()).isEqualTo(1);
            assertThat(wallet.err()).isEqualTo("Cannot start: address already in use: 127.0.0.1:" + port
                    + " (choose another with --wallet-port, or run without the wallet: --no-wallet)\n");
            assertThat(wallet.out()).as("the server never announced itself").isEmpty();
            assertThat(work.resolve("data")).doesNotExist();
        }
    }

    @Test
    void anUnusableDataDirectoryIsOneLineWithoutJavaNames() throws Exception {
        Path file = java.nio.file.Files.writeString(work.resolve("file"), "x");
        CommandRun run = vellum("shell", "--data", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot use data directory " + file + ": " + file
                + " is a file, not a directory\n");
    }

    @Test
    void anUnexpectedFailureIsOneLineAndItsStackTraceNeedsDebug() throws Exception {
        CommandLine quiet = VellumCommand.commandLine(false);
        java.io.StringWriter said = new java.io.StringWriter();
        quiet.setErr(new java.io.PrintWriter(said));
        int exitCode = quiet.getExecutionExceptionHandler().handleExecutionException(
                new IllegalStateException("the thing broke", new java.io.IOException("disk full")), quiet, null);
        assertThat(exitCode).isEqualTo(1);
        assertThat(said.toString()).isEqualTo("vellum: the thing broke: disk full\n");

        CommandLine debug = VellumCommand.commandLine(true);
        java.io.StringWriter traced = new java.io.StringWriter();
        debug.setErr(new java.io.PrintWriter(traced));
        debug.getExecutionExceptionHandler().handleExecutionException(new IllegalStateException("the thing broke"),
                debug, null);
        assertThat(traced.toString()).contains("at io.vellum.cli.").endsWith("vellum: the thing broke\n");
    }

    @Test
    void everyCommandHasVersionAndHelpAndASummaryThatIsASentence() {
        CommandLine vellum = VellumCommand.commandLine(false);
        for (CommandLine command : vellum.getSubcommands().values()) {
            assertThat(command.getCommandSpec().optionsMap()).as(command.getCommandName())
                    .containsKeys("--help", "--version");
            assertThat(command.getCommandSpec().version()).containsExactly(VellumCommand.VERSION);
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description[0].strip()).as("the line `vellum --help` shows for " + command.getCommandName())
                    .endsWith(".");
        }
    }
}
