package io.vellum.cli;

import io.vellum.engine.IdGenerator;
import io.vellum.engine.Ledger;
import io.vellum.engine.export.ExportFormat;
import io.vellum.engine.export.ExportRequest;
import io.vellum.engine.export.ExportResult;
import io.vellum.engine.export.JournalExporter;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.DataDirectoryLock;
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

    @Option(names = "--json", description = "print one JSON object instead of prose, for scripts")
    boolean json;

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
            ExportResult result;
            try (TerminalProgress progress = TerminalProgress.onStandardError()) {
                result = JournalExporter.export(ledger, target, new ExportRequest(location.ledger, exportId,
                        start, exclusiveEnd, prefix, target.toString(), format), progress);
            }
            LedgerDigest digest = result.blocks() == 0 ? null
                    : ledger.digest(new BlockAddress(result.strandId(), result.lastSequenceNo()));
            Path digestFile = digest == null ? null : writeDigest(result, digest);
            if (json) {
                System.out.println(JsonOutput.text(json(result, digest, digestFile)));
                return 0;
            }
            System.out.println("export " + exportId + ": " + result.blocks() + " blocks ("
                    + (result.blocks() == 0 ? "none in range" : result.firstSequenceNo() + ".." + result.lastSequenceNo())
                    + ") of strand " + result.strandId() + " in " + result.keys().size() + " data objects under "
                    + target.toAbsolutePath().normalize());
            if (digest != null) {
                Path file = digestFile;
                System.out.println("digest at the export's last block (tip " + result.lastSequenceNo() + "): "
                        + digest.digest().toBase64() + "  (also in " + file.toAbsolutePath().normalize() + ")");
                if (result.firstSequenceNo() == 0) {
                    System.out.println("check the export against it: vellum verify-export " + target + " --digest "
                            + digest.digest().toBase64() + " --tip " + result.lastSequenceNo()
                            + "  (keep the digest apart from the export: a copy beside it proves only consistency)");
                }
            }
            return 0;
        } catch (LedgerException | IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("export FAILED: " + e.getMessage());
            return 1;
        }
    }

    /**
     * {@code --json}: {@code {"exportId", "ledger", "strandId", "blocks", "firstSequenceNo", "lastSequenceNo",
     * "objects": [keys], "directory", "digest": {"digest", "tipAddress"}, "digestFile"}}; with no block in range the
     * sequence numbers, digest and digest file are null.
     */
    private com.fasterxml.jackson.databind.node.ObjectNode json(ExportResult result, LedgerDigest digest,
                                                               Path digestFile) {
        com.fasterxml.jackson.databind.node.ObjectNode root = JsonOutput.object();
        root.put("exportId", result.exportId());
        root.put("ledger", location.ledger);
        root.put("strandId", result.strandId());
        root.put("blocks", result.blocks());
        root.put("firstSequenceNo", result.blocks() == 0 ? null : result.firstSequenceNo());
        root.put("lastSequenceNo", result.blocks() == 0 ? null : result.lastSequenceNo());
        result.keys().forEach(root.putArray("objects")::add);
        root.put("directory", target.toAbsolutePath().normalize().toString());
        root.set("digest", JsonOutput.digest(digest));
        root.put("digestFile", digestFile == null ? null : digestFile.toAbsolutePath().normalize().toString());
        return root;
    }

    /**
     * Writes {@code <prefix><exportId>.digest.json} beside the export's manifests:
     * {@code {"ledger":…,"exportId":…,"digest":"<Base64>","digestTipAddress":{"strandId":…,"sequenceNo":N}}}, the
     * digest of the ledger at the export's last block, as GetDigest would have answered then.
     */
    private Path writeDigest(ExportResult result, LedgerDigest digest) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        root.put("ledger", location.ledger);
        root.put("exportId", result.exportId());
        root.put("digest", digest.digest().toBase64());
        root.putObject("digestTipAddress").put("strandId", digest.tipAddress().strandId())
                .put("sequenceNo", digest.tipAddress().sequenceNo());
        Path file = target.resolve(prefix + result.exportId() + ".digest.json");
        try {
            // Owner-only, as the export's own files: it names the ledger and its tip.
            io.vellum.engine.files.OwnerOnlyFiles.createDirectories(file.getParent());
            try (java.nio.channels.FileChannel channel = io.vellum.engine.files.OwnerOnlyFiles.open(file,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(
                        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
