package io.vellum.cli;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vellum shell}: an interactive PartiQL shell on an embedded ledger. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "Interactive PartiQL shell on an embedded ledger (type \\help).")
final class ShellCommand implements Callable<Integer> {
    @Mixin
    LedgerLocation location;

    @Override
    public Integer call() throws Exception {
        boolean interactive = System.console() != null;
        // An interactive user may sit in an explicit transaction for a while; give them QLDB's limit times ten.
        LedgerOptions options = LedgerOptions.defaults().withTransactionTimeout(
                interactive ? Duration.ofMinutes(5) : Duration.ofSeconds(30));
        Path directory = location.directory();
        try (Ledger ledger = Ledger.open(directory, options)) {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            Shell shell = new Shell(ledger, out);
            if (interactive) {
                out.println("Vellum shell on ledger '" + location.ledger + "' in " + directory.toAbsolutePath()
                        + " (strand " + ledger.strandId()
                        + "). End statements with ';'. \\help for commands.");
            }
            return shell.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    interactive) ? 0 : 1;
        }
    }
}
