package io.vellum.cli;

import io.vellum.engine.IdGenerator;
import io.vellum.engine.Ledger;
import io.vellum.engine.export.ExportFormat;
import io.vellum.engine.export.ExportRequest;
import io.vellum.engine.export.ExportResult;
import io.vellum.engine.export.JournalExporter;
import io.vellum.proof.LedgerException;
import io.vellum.server.DataDirectoryLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vellum export}: writes a ledger's journal in QLDB's export layout, offline (the ledger must not be open in
 * a running server). Opens the ledger read-only: the journal is never changed. Exit codes: 0 exported, 1 the export failed, 2 unusable arguments.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a ledger's journal blocks in Amazon QLDB's export layout (manifests + data objects).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:exported", "1:the export failed", "2:bad arguments (no such ledger, empty time range)"})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    LedgerLocation location;

    @Option(names = "--to", required = true, description = "directory to write the export to (stands in for the S3 bucket)")
    Path target;

    @Option(names = "--format", defaultValue = "ION_TEXT", description = "ION_TEXT, ION_BINARY or JSON (default: ${DEFAULT-VALUE})")
    ExportFormat format;

    @Option(names = "--start", defaultValue = "1970-01-01T00:00:00Z", description = "inclusive start time (ISO-8601)")
    Instant start;

    @Option(names = "--end", description = "exclusive end time (ISO-8601; default: now + 1 s)")
    Instant end;

    @Option(names = "--prefix", defaultValue = "", description = "key prefix, e.g. journalExport/")
    String prefix;

    @Override
    public Integer call() {
        // Opened read-only (never creates a ledger, never changes the journal), but a clear message is kinder.
        if (!Files.isDirectory(location.directory().resolve("journal"))) {
            System.err.println("error: there is no ledger '" + location.ledger + "' in " + location.data
                    + " (no " + location.directory().resolve("journal") + "); name it with --data and --ledger");
            return 2;
        }
        Instant exclusiveEnd = end != null ? end : Instant.now().plusSeconds(1);
        if (!start.isBefore(exclusiveEnd)) {
            System.err.println("error: --start " + start + " must be before --end " + exclusiveEnd);
            return 2;
        }
        String exportId = IdGenerator.random().nextId();
        // Read-only: an export never changes the journal (a torn tail is left for vellum repair or the next open).
        try (DataDirectoryLock lock = location.lock(); Ledger ledger = Ledger.openReadOnly(location.directory())) {
            ExportResult result = JournalExporter.export(ledger, target, new ExportRequest(location.ledger, exportId,
                    start, exclusiveEnd, prefix, target.toString(), format));
            System.out.println("export " + exportId + ": " + result.blocks() + " blocks ("
                    + (result.blocks() == 0 ? "none in range" : result.firstSequenceNo() + ".." + result.lastSequenceNo())
                    + ") of strand " + result.strandId() + " in " + result.keys().size() + " data objects under "
                    + target.toAbsolutePath());
            return 0;
        } catch (LedgerException | IllegalArgumentException e) {
            System.err.println("export FAILED: " + e.getMessage());
            return 1;
        }
    }
}
