package io.vellum.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vellum} command. Every failure a user can cause is one line on standard error and a non-zero exit code
 * (2 for a command line that is wrong, 1 for anything else); a stack trace only with {@code --debug} (anywhere on
 * the command line), which is for reporting bugs.
 */
@Command(name = "vellum", mixinStandardHelpOptions = true, version = VellumCommand.VERSION,
        scope = CommandLine.ScopeType.INHERIT, // every command: --help, --version, the same version
        description = "Vellum: a verifiable ledger database.",
        footer = {"", "Every command takes --help and --version; --debug (anywhere) shows a failure's stack trace."},
        subcommands = {ServeCommand.class, ShellCommand.class, VerifyCommand.class, ExportCommand.class,
                VerifyExportCommand.class, ImportCommand.class, RepairCommand.class, WalletCommand.class,
                StatusCommand.class, KeysCommand.class})
public final class VellumCommand implements Runnable {
    /** The version every command prints with {@code --version}. */
    static final String VERSION = "vellum 0.1.0";
    /** The flag that turns one-line failures into stack traces. */
    static final String DEBUG = "--debug";
    /** Exit code of a command line that cannot be used (unknown option, bad value, no command). */
    static final int USAGE_ERROR = 2;
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code vellum} alone: a command is missing, which is a usage error (usage on standard error), not success. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is missing");
    }

    public static void main(String[] args) {
        // Offline commands print their results; the engine's start-up logging (journal opened, blocks replayed) at
        // INFO is noise between them. A server's log is its record, so serve (and the wallet) keep INFO.
        // -Dorg.slf4j.simpleLogger.defaultLogLevel=info (VELLUM_JAVA_OPTS) brings it back anywhere.
        boolean serving = args.length > 0 && (args[0].equals("serve") || args[0].equals("wallet"));
        if (!serving && System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        System.exit(execute(args));
    }

    /** Runs {@code args} as the {@code vellum} command does and returns its exit code. */
    static int execute(String... args) {
        boolean debug = Arrays.asList(args).contains(DEBUG);
        String[] rest = Arrays.stream(args).filter(arg -> !arg.equals(DEBUG)).toArray(String[]::new);
        return commandLine(debug).execute(rest);
    }

    /** The command line with the one-line failure handlers ({@code debug}: with stack traces). */
    static CommandLine commandLine(boolean debug) {
        CommandLine commandLine = new CommandLine(new VellumCommand());
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine failed = exception.getCommandLine();
            PrintWriter err = failed.getErr();
            if (debug) {
                exception.printStackTrace(err);
            }
            String name = failed.getCommandSpec().qualifiedName();
            err.println(name + ": " + exception.getMessage() + " ('" + name + " --help' lists the options)");
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
            err.flush();
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (debug) {
                exception.printStackTrace(err);
            }
            err.println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(exception));
            err.flush();
            return 1;
        });
        return commandLine;
    }

    /** A failure in one line: its message (or its kind when it has none), then its causes' messages. */
    static String oneLine(Throwable exception) {
        StringBuilder line = new StringBuilder();
        for (Throwable at = exception; at != null; at = at.getCause() == at ? null : at.getCause()) {
            String message = at.getMessage();
            String said = message == null || message.isBlank() ? describe(at) : message.strip().replace('\n', ' ');
            if (line.indexOf(said) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(said);
            }
        }
        return line.toString();
    }

    private static String describe(Throwable exception) {
        if (exception instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (exception instanceof OutOfMemoryError) {
            return "out of memory (raise -Xmx through VELLUM_JAVA_OPTS)";
        }
        return "unexpected " + exception.getClass().getSimpleName();
    }
}
