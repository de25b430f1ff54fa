package io.vellum.cli;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerHealth;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.DataDirectoryLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vellum shell}: an interactive PartiQL shell on an embedded ledger. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive PartiQL shell on an embedded ledger (no server needed).",
                "The ledger is <data>/ledgers/<ledger>/ (created when absent; vellum serve serves it too). Reads "
                + "statements from standard input, so input can be piped; results are printed as Ion text, errors "
                + "on standard error. Type \\help for the commands (digest, proofs, verify).",
                "Exit code: 0 when every statement and command succeeded, 1 otherwise."})
final class ShellCommand implements Callable<Integer> {
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Mixin
    LedgerLocation location;

    @Option(names = "--read-only", description = "open the existing ledger without changing its journal (no torn "
            + "tail is cut, nothing is created); queries, proofs and \\verify work, writes are refused")
    boolean readOnly;

    /** Environment variable naming the history file; empty keeps no history. */
    static final String HISTORY_VARIABLE = "VELLUM_HISTORY";

    /**
     * Where an interactive shell keeps its history: {@code $VELLUM_HISTORY}, else {@code ~/.vellum_history} (as psql
     * keeps {@code ~/.psql_history}: one history across data directories, and never a file in a data directory that
     * --read-only promised not to change), owner-only because statements hold data; null for none.
     */
    static Path history() {
        String variable = System.getenv(HISTORY_VARIABLE);
        if (variable != null) {
            return variable.isBlank() ? null : Path.of(variable);
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : Path.of(home, ".vellum_history");
    }

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
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        DataDirectoryLock lock;
        try {
            lock = location.lock();
        } catch (LedgerException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        Ledger opened;
        try {
            opened = readOnly ? Ledger.openReadOnly(directory, options) : Ledger.open(directory, options);
        } catch (LedgerException e) {
            lock.close();
            err.println("error " + e.code() + ": " + e.getMessage());
            if (e.code() == ErrorCode.CORRUPTION) {
                err.println("// `vellum repair --data " + location.data + " --ledger " + location.ledger
                        + "` shows what, if anything, can be removed; it changes nothing without --yes");
            }
            return 1;
        }
        try (lock; Ledger ledger = opened) {
            LedgerHealth health = ledger.health();
            health.tailCut().ifPresent(cut -> err.println("// " + (cut.cut() ? "opening cut a " : "left in place: a ")
                    + cut.description() + (cut.cut() ? "; its bytes are kept in " + cut.quarantineFile() : "")));
            health.reason().ifPresent(reason -> err.println("// the ledger is " + health.state()
                    + " (reads of intact data work, writes are refused): " + reason));
            Shell shell = new Shell(ledger, out, err);
            if (interactive) {
                out.println("// Vellum shell on ledger '" + location.ledger + "' in " + directory.toAbsolutePath()
                        + " (strand " + ledger.strandId() + (readOnly ? ", read-only" : "")
                        + "). End statements with ';'. \\help for commands.");
            }
            if (!interactive) {
                return shell.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        false) ? 0 : 1;
            }
            out.println("// Up/Down: history (" + (history() == null ? "off" : history()) + "); Tab: completes"
                    + " \\commands and table names; Ctrl-C: drops the line (on an empty line: quits); Ctrl-D: quits");
            try (TerminalLines lines = TerminalLines.open(history(), shell::tableNames)) {
                return shell.run(lines) ? 0 : 1;
            }
        }
    }
}
