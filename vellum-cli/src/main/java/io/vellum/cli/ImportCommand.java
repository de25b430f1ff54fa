package io.vellum.cli;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.export.ExportReader;
import io.vellum.engine.export.JournalImporter;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.DataDirectoryLock;
import io.vellum.server.hosting.ImportedLedgers;
import io.vellum.server.hosting.LedgerNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vellum import DIR --ledger NAME}: verifies an export, then creates the ledger {@code <data>/ledgers/NAME}
 * from it, hosted by {@code vellum serve --data <data>} like a ledger made by CreateLedger. Exit codes: 0 imported,
 * 1 the export does not verify or cannot be imported (nothing is created), 2 unusable arguments.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Verify an export (Vellum's or Amazon QLDB's), then create a ledger from it keeping every block hash.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:imported", "1:the export does not verify or cannot be imported (nothing was created)",
                "2:bad arguments (missing directory, bad --digest or --tip, bad or existing ledger name)"})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ExportSource source;

    @Mixin
    LedgerLocation location;

    @picocli.CommandLine.Option(names = "--json", description = "print one JSON object instead of prose, for scripts")
    boolean json;

    @Override
    public Integer call() {
        String usageError = source.usageError();
        if (usageError == null) {
            usageError = targetError();
        }
        if (usageError != null) {
            System.err.println("error: " + usageError);
            return 2;
        }
        Path ledgers = location.directory().getParent();
        Path staging = ImportedLedgers.stagingDirectory(ledgers, location.ledger);
        DataDirectoryLock lock;
        try {
            lock = location.lock();
        } catch (LedgerException e) {
            System.err.println("import FAILED (nothing was created): " + e.getMessage());
            return 1;
        }
        try (lock) {
            ExportReader reader = source.open();
            LedgerDigest expected = source.expectedDigest();
            LedgerDigest imported;
            Instant created;
            try (TerminalProgress progress = TerminalProgress.onStandardError();
                 Ledger ledger = JournalImporter.importExport(reader, expected, staging, LedgerOptions.defaults(),
                         progress)) {
                imported = ledger.digest();
                // The imported ledger was created when its block 0 was written, not now (see ImportedLedgers).
                created = Instant.ofEpochMilli(ledger.readBlock(new BlockAddress(ledger.strandId(), 0))
                        .blockTimestamp().getMillis());
            }
            ImportedLedgers.adopt(ledgers, location.ledger, staging, created);
            if (json) {
                // {"ledger", "directory", "blocks", "digest": {"digest", "tipAddress"}, "created"}
                com.fasterxml.jackson.databind.node.ObjectNode root = JsonOutput.object();
                root.put("ledger", location.ledger);
                root.put("directory", location.directory().toAbsolutePath().normalize().toString());
                root.put("blocks", imported.tipAddress().sequenceNo() + 1);
                root.set("digest", JsonOutput.digest(imported));
                root.put("created", created.toString());
                System.out.println(JsonOutput.text(root));
                return 0;
            }
            System.out.println("imported ledger '" + location.ledger + "' into "
                    + location.directory().toAbsolutePath() + ": blocks 0.." + imported.tipAddress().sequenceNo()
                    + " of strand " + imported.tipAddress().strandId() + ", digest " + imported.digest()
                    + " (every block hash kept); created " + created + "; `vellum serve --data " + location.data
                    + "` hosts it");
            return 0;
        } catch (LedgerException e) {
            removeQuietly(staging);
            System.err.println("import FAILED (nothing was created): " + e.getMessage());
            return 1;
        }
    }

    /** What keeps the ledger from being created, or null: its name, or a ledger of that name already there. */
    private String targetError() {
        String violation = LedgerNames.violation(location.ledger);
        if (violation != null) {
            return "--ledger: " + violation;
        }
        if (Files.exists(location.directory())) {
            return "ledger '" + location.ledger + "' already exists (" + location.directory() + "); an import "
                    + "always creates a new ledger: choose another --ledger name";
        }
        Path ledgers = location.directory().getParent();
        if (Files.exists(ledgers) && !Files.isDirectory(ledgers)) {
            return ledgers + " is not a directory";
        }
        return null;
    }

    private static void removeQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: could not remove " + directory + " completely: " + e);
        }
    }
}
