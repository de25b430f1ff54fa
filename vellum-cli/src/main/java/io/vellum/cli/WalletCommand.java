package io.vellum.cli;

import io.vellum.wallet.WalletApplication;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code vellum wallet}: the reference wallet alone, without a server in the same process: on an embedded ledger in
 * {@code --data}, or on a ledger of a running {@code vellum serve} ({@code --ledger-endpoint URL --ledger NAME} and an
 * access key). The options are the wallet's own ({@code vellum wallet --help}), passed through unchanged, so that
 * this command and {@code java -cp … io.vellum.wallet.WalletApplication} are the same program.
 */
@Command(name = "wallet", description = {"Run the wallet API alone: on an embedded ledger (--data DIR), or on a",
        "ledger of a Vellum server (--ledger-endpoint URL --ledger NAME plus an access key).",
        "vellum wallet --help lists the options."})
final class WalletCommand implements Callable<Integer> {
    @Unmatched
    List<String> arguments = new ArrayList<>();

    /** Where the usage and the wallet's notices go; tests replace them. */
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    @Override
    public Integer call() throws InterruptedException {
        return WalletApplication.run(arguments, out, err);
    }
}
