package io.vellum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vellum} command. */
@Command(name = "vellum", mixinStandardHelpOptions = true, version = "vellum 0.1.0",
        description = "Vellum: a verifiable ledger database.",
        subcommands = {ServeCommand.class, ShellCommand.class, VerifyCommand.class, ExportCommand.class,
                VerifyExportCommand.class, ImportCommand.class, RepairCommand.class, WalletCommand.class})
public final class VellumCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new VellumCommand()).execute(args));
    }
}
