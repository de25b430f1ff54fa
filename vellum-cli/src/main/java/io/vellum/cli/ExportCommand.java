package io.vellum.cli;

import io.vellum.engine.IdGenerator;
import io.vellum.engine.Ledger;
import io.vellum.engine.export.ExportFormat;
import io.vellum.engine.export.ExportRequest;
import io.vellum.engine.export.ExportResult;
import io.vellum.engine.export.JournalExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vellum export}: writes a ledger's journal in QLDB's export layout, offline. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a ledger's journal blocks in Amazon QLDB's export layout (manifests + data objects).")
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
        String exportId = IdGenerator.random().nextId();
        Instant exclusiveEnd = end != null ? end : Instant.now().plusSeconds(1);
        try (Ledger ledger = Ledger.open(location.directory())) {
            ExportResult result = JournalExporter.export(ledger, target, new ExportRequest(location.ledger, exportId,
                    start, exclusiveEnd, prefix, target.toString(), format));
            System.out.println("export " + exportId + ": " + result.blocks() + " blocks ("
                    + (result.blocks() == 0 ? "none in range" : result.firstSequenceNo() + ".." + result.lastSequenceNo())
                    + ") of strand " + result.strandId() + " in " + result.keys().size() + " data objects under "
                    + target.toAbsolutePath());
            return 0;
        }
    }
}
