package io.vellum.cli;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.export.ExportReader;
import io.vellum.engine.export.JournalImporter;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vellum import DIR --ledger NAME}: verifies an export, then creates a ledger from it. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Verify an export (Vellum's or Amazon QLDB's), then create a ledger from it keeping every block hash.")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ExportSource source;

    @Mixin
    LedgerLocation location;


    @Override
    public Integer call() {
        try {
            if (source.incompleteDigest()) {
                System.err.println("error: --digest and --tip go together");
                return 2;
            }
            ExportReader reader = source.open();
            LedgerDigest expected = source.expectedDigest();
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
