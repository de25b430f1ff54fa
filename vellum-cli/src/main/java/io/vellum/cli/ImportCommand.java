package io.vellum.cli;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.export.ExportReader;
import io.vellum.engine.export.JournalImporter;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vellum import DIR --ledger NAME}: verifies an export, then creates a ledger from it. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Verify an export (Vellum's or Amazon QLDB's), then create a ledger from it keeping every block hash.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the export directory")
    Path directory;

    @Mixin
    LedgerLocation location;

    @Option(names = "--manifest", description = "the completed manifest, when the directory holds several exports")
    Path manifest;

    @Mixin
    DigestOptions digestOptions;

    @Override
    public Integer call() {
        try {
            if (digestOptions.incomplete()) {
                System.err.println("error: --digest and --tip go together");
                return 2;
            }
            ExportReader reader = ExportReader.open(directory, manifest);
            LedgerDigest expected = digestOptions.toDigest();
            try (Ledger ledger = JournalImporter.importExport(reader, expected, location.directory(),
                    LedgerOptions.defaults())) {
                var now = ledger.digest();
                System.out.println("imported ledger '" + location.ledger + "' into " + location.directory().toAbsolutePath()
                        + ": blocks 0.." + now.tipAddress().sequenceNo() + " of strand " + ledger.strandId()
                        + ", digest " + now.digest() + " (every block hash kept)");
            }
            return 0;
        } catch (LedgerException | IllegalArgumentException e) {
            System.err.println("import FAILED (nothing was created): " + e.getMessage());
            return 1;
        }
    }
}
