package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.wallet.WalletApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code vellum wallet} is the standalone wallet with its own options passed through unchanged (running wallets are
 * tested in vellum-wallet's WalletApplicationTest); here: it is registered, prints the wallet's usage, and reports
 * bad arguments and an unreachable ledger with the wallet's exit statuses instead of starting.
 */
class WalletCommandTest {
    /** What one run printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run wallet(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WalletCommand command = new WalletCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exitCode = new CommandLine(command).execute(arguments);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void isASubcommandOfVellum() {
        assertThat(new CommandLine(new VellumCommand()).getSubcommands()).containsKey("wallet");
    }

    @Test
    void helpPrintsTheWalletsOptions() {
        Run run = wallet("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: vellum wallet").contains("--ledger-endpoint URL", "--data DIR",
                "--profile-jdbc-url URL", "VELLUM_SECRET_ACCESS_KEY");
    }

    @Test
    void badArgumentsAreNamedAndDoNotStartAnything() {
        Run run = wallet("--ledger-endpoint", "http://127.0.0.1:1", "--ledger", "bank");
        assertThat(run.exitCode()).isEqualTo(WalletApplication.BAD_ARGUMENTS);
        assertThat(run.err()).startsWith("wallet: a remote ledger needs --access-key-id (or VELLUM_ACCESS_KEY_ID)");
        assertThat(wallet("--prot", "8090").err()).startsWith("wallet: unknown argument --prot");
    }

    @Test
    void anUnreachableLedgerIsReportedAndTheWalletDoesNotStart() {
        Run run = wallet("--ledger-endpoint", "http://127.0.0.1:1", "--ledger", "bank", "--access-key-id", "AKIAX",
                "--secret-access-key", "secret", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(WalletApplication.CANNOT_START);
        assertThat(run.err()).startsWith("wallet: cannot start: ").contains("127.0.0.1:1");
        assertThat(run.out()).doesNotContain("Vellum wallet on");
    }
}
