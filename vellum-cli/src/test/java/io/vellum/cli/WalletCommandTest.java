package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.wallet.WalletApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code vellum wallet} is the standalone wallet with options in the style of every other command (running wallets
 * are tested in vellum-wallet's WalletApplicationTest); here: it is registered, its help is picocli's with
 * {@code --data} defaulting to {@code ./data} (files in {@code data/wallet}), and it reports bad arguments and an
 * unreachable ledger with the wallet's exit statuses instead of starting.
 */
class WalletCommandTest {
    /** What one run printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }

    /** The data directory of every run: never the working directory (a wallet run locks and creates it). */
    private static final Path DATA = createData();

    private static Path createData() {
        try {
            Path directory = java.nio.file.Files.createTempDirectory("wallet-command-test");
            directory.toFile().deleteOnExit();
            return directory.resolve("data");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Run wallet(String... arguments) {
        if (!java.util.Arrays.asList(arguments).contains("--data")) {
            String[] withData = new String[arguments.length + 2];
            System.arraycopy(arguments, 0, withData, 0, arguments.length);
            withData[arguments.length] = "--data";
            withData[arguments.length + 1] = DATA.toString();
            arguments = withData;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine vellum = VellumCommand.commandLine(false);
        WalletCommand command = vellum.getSubcommands().get("wallet").getCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        StringWriter usage = new StringWriter();
        StringWriter picocliErrors = new StringWriter();
        vellum.setOut(new java.io.PrintWriter(usage, true));
        vellum.setErr(new java.io.PrintWriter(picocliErrors, true));
        String[] all = new String[arguments.length + 1];
        all[0] = "wallet";
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        int exitCode = vellum.execute(all);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8) + usage,
                err.toString(StandardCharsets.UTF_8) + picocliErrors);
    }

    @Test
    void isASubcommandOfVellum() {
        assertThat(new CommandLine(new VellumCommand()).getSubcommands()).containsKey("wallet");
    }

    @Test
    void helpIsInTheStyleOfEveryCommandWithTheSameDataDefault() {
        Run run = wallet("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: vellum wallet").contains("--ledger-endpoint=URL", "--data=DIR",
                "--profile-jdbc-url=URL", "VELLUM_SECRET_ACCESS_KEY", "(default: data)", "-V, --version");
        assertThat(wallet("--version").out()).isEqualTo(VellumCommand.VERSION + "\n");
    }

    @Test
    void theWalletsFilesGoUnderTheDataDirectorysWalletDirectoryAsServesDo() {
        WalletCommand command = new WalletCommand();
        new CommandLine(command).parseArgs("--data", "d", "--port", "0", "--allowed-origin", "https://a,https://b");
        assertThat(command.arguments()).containsExactly("--data", Path.of("d", "wallet").toString(), "--port", "0",
                "--allowed-origin", "https://a,https://b");
        WalletCommand onJetty = new WalletCommand();
        new CommandLine(onJetty).parseArgs("--data", "d", "--http-front", "jetty");
        assertThat(onJetty.arguments()).containsExactly("--data", Path.of("d", "wallet").toString(), "--http-front",
                "jetty");
    }

    @Test
    void badArgumentsAreNamedAndDoNotStartAnything() {
        Run run = wallet("--ledger-endpoint", "http://127.0.0.1:1", "--ledger", "bank");
        assertThat(run.exitCode()).isEqualTo(WalletApplication.BAD_ARGUMENTS);
        assertThat(run.err()).startsWith("wallet: a remote ledger needs --access-key-id (or VELLUM_ACCESS_KEY_ID)");
        Run misspelt = wallet("--prot", "8090");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err()).startsWith("vellum wallet: Unknown options: '--prot', '8090'");
    }

    @Test
    void aDataDirectoryInUseIsRefusedAsByEveryCommand(@org.junit.jupiter.api.io.TempDir Path work) {
        Path data = work.resolve("data");
        try (io.vellum.server.hosting.DataDirectoryLock held = io.vellum.server.hosting.DataDirectoryLock.acquire(data)) {
            Run run = wallet("--data", data.toString(), "--port", "0");
            assertThat(run.exitCode()).isEqualTo(WalletApplication.CANNOT_START);
            assertThat(run.err()).isEqualTo("wallet: cannot start: data directory " + data + " is in use by process "
                    + ProcessHandle.current().pid() + "\n");
        }
        assertThat(data.resolve("wallet")).doesNotExist();
    }

    @Test
    void anUnreachableLedgerIsReportedAndTheWalletDoesNotStart(@org.junit.jupiter.api.io.TempDir Path work) {
        Run run = wallet("--data", work.resolve("data").toString(), "--ledger-endpoint", "http://127.0.0.1:1", "--ledger", "bank", "--access-key-id", "AKIAX",
                "--secret-access-key", "secret", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(WalletApplication.CANNOT_START);
        assertThat(run.err()).startsWith("wallet: cannot start: ").contains("127.0.0.1:1");
        assertThat(run.out()).doesNotContain("Vellum wallet on");
    }
}
