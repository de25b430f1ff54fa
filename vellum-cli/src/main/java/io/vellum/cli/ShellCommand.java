package io.vellum.cli;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.proof.LedgerException;
import io.vellum.server.DataDirectoryLock;
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
        description = {"Interactive PartiQL shell on an embedded ledger in <data>/ledgers/<ledger>/ (created when "
                + "absent). Reads statements from standard input, so input can be piped; results are printed as "
                + "Ion text, errors on standard error. Type \\help for the commands (digest, proofs, verify).",
                "Exit code: 0 when every statement and command succeeded, 1 otherwise."})
final class ShellCommand implements Callable<Integer> {
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Mixin
    LedgerLocation location;

    @Override
    public Integer call() throws Exception {
        // The engine logs its start-up (journal opened, blocks replayed) at INFO: noise between a user's prompts.
        // Warnings still show; -Dorg.slf4j.simpleLogger.defaultLogLevel=info brings the rest back.
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        boolean interactive = System.console() != null;
        // An interactive user may sit in an explicit transaction for a while; give them QLDB's limit times ten.
        LedgerOptions options = LedgerOptions.defaults().withTransactionTimeout(
                interactive ? Duration.ofMinutes(5) : Duration.ofSeconds(30));
        Path directory = location.directory();
        DataDirectoryLock lock;
        try {
            lock = location.lock();
        } catch (LedgerException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        try (lock; Ledger ledger = Ledger.open(directory, options)) {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            Shell shell = new Shell(ledger, out, err);
            if (interactive) {
                out.println("// Vellum shell on ledger '" + location.ledger + "' in " + directory.toAbsolutePath()
                        + " (strand " + ledger.strandId() + "). End statements with ';'. \\help for commands.");
            }
            return shell.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    interactive) ? 0 : 1;
        }
    }
}
