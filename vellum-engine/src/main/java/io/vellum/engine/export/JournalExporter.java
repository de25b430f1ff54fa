package io.vellum.engine.export;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonWriter;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import com.amazon.ion.system.IonTextWriterBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a ledger's journal in QLDB's export layout (COMPATIBILITY.md §11.1) to a directory standing in for an S3 bucket:
 *
 * <pre>
 * &lt;prefix&gt;&lt;exportId&gt;.started.manifest                     the request, written first
 * &lt;prefix&gt;&lt;exportId&gt;/yyyy/MM/dd/HH/&lt;strandId&gt;.&lt;first&gt;-&lt;last&gt;.ion   data objects: blocks in order
 * &lt;prefix&gt;&lt;exportId&gt;.&lt;strandId&gt;.completed.manifest      {keys:[…]} in block order, written last
 * </pre>
 *
 * Every file is written under a temporary name, forced and renamed, so a crash never leaves a half-written object
 * that a manifest names; a completed manifest exists only when every object it lists does. Not thread-safe per
 * export; exports of one ledger may run concurrently with commits (blocks after the tip seen at the start are not
 * included).
 */
public final class JournalExporter {
    /** Blocks per data object; QLDB splits objects too, and readers follow the manifest, not a count. */
    static final int BLOCKS_PER_OBJECT = 1_000;
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final DateTimeFormatter HOUR_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH")
            .withZone(ZoneOffset.UTC);

    private JournalExporter() {
    }

    /** Exports the blocks of {@code ledger} selected by {@code request} into {@code directory}. */
    public static ExportResult export(Ledger ledger, Path directory, ExportRequest request) {
        return export(ledger, directory, request, BlockProgress.NONE);
    }

    /**
     * As {@link #export(Ledger, Path, ExportRequest)}, telling {@code progress} ({@code exporting}) of every block of
     * the journal looked at, in range or not, out of all the journal's blocks.
     */
    public static ExportResult export(Ledger ledger, Path directory, ExportRequest request, BlockProgress progress) {
        try {
            writeStartedManifest(directory, request);
            LedgerDigest digest = ledger.digest();
            String strandId = digest.tipAddress().strandId();
            List<String> keys = new ArrayList<>();
            List<JournalBlock> pending = new ArrayList<>();
            long first = -1;
            long last = -1;
            long count = 0;
            for (long sequenceNo = 0; sequenceNo <= digest.tipAddress().sequenceNo(); sequenceNo++) {
                JournalBlock block = ledger.readBlock(new BlockAddress(strandId, sequenceNo));
                progress.blocks("exporting", sequenceNo + 1, digest.tipAddress().sequenceNo() + 1);
                java.time.Instant time = block.blockTimestamp().dateValue().toInstant();
                if (time.isBefore(request.inclusiveStartTime()) || !time.isBefore(request.exclusiveEndTime())) {
                    continue;
                }
                pending.add(block);
                first = first < 0 ? sequenceNo : first;
                last = sequenceNo;
                count++;
                if (pending.size() == BLOCKS_PER_OBJECT) {
                    keys.add(writeObject(directory, request, strandId, pending));
                    pending.clear();
                }
            }
            if (!pending.isEmpty()) {
                keys.add(writeObject(directory, request, strandId, pending));
            }
            IonStruct manifest = ION.newEmptyStruct();
            IonList list = manifest.put("keys").newEmptyList();
            keys.forEach(key -> list.add().newString(key));
            writeAtomically(directory, request.prefix() + request.exportId() + "." + strandId + ".completed.manifest",
                    manifest.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new ExportResult(request.exportId(), strandId, keys, count, first, last);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "export " + request.exportId() + " to " + directory
                    + " failed: " + e, e);
        }
    }

    /**
     * Writes {@code <prefix><exportId>.started.manifest}: the request's parameters, as QLDB writes them when it
     * accepts an export (a server calls this before it answers; {@link #export} writes it again, unchanged).
     *
     * @throws IOException when the file cannot be written
     */
    public static void writeStartedManifest(Path directory, ExportRequest request) throws IOException {
        OwnerOnlyFiles.createDirectories(directory);
        writeAtomically(directory, request.prefix() + request.exportId() + ".started.manifest",
                startedManifest(request).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static IonStruct startedManifest(ExportRequest request) {
        IonStruct manifest = ION.newEmptyStruct();
        if (request.ledgerName() != null) {
            manifest.put("ledgerName").newString(request.ledgerName());
        }
        manifest.put("exportId").newString(request.exportId());
        manifest.put("inclusiveStartTime").newTimestamp(Timestamp.forMillis(request.inclusiveStartTime().toEpochMilli(), 0));
        manifest.put("exclusiveEndTime").newTimestamp(Timestamp.forMillis(request.exclusiveEndTime().toEpochMilli(), 0));
        manifest.put("bucket").newString(request.bucket() == null ? "" : request.bucket());
        manifest.put("prefix").newString(request.prefix());
        manifest.put("objectEncryptionType").newString("NO_ENCRYPTION");
        if (request.outputFormatRequested()) {
            manifest.put("outputFormat").newString(request.format().name());
        }
        return manifest;
    }

    private static String writeObject(Path directory, ExportRequest request, String strandId, List<JournalBlock> blocks)
            throws IOException {
        JournalBlock first = blocks.get(0);
        String key = request.prefix() + request.exportId() + "/"
                + HOUR_PATH.format(first.blockTimestamp().dateValue().toInstant()) + "/" + strandId + "."
                + first.blockAddress().sequenceNo() + "-" + blocks.get(blocks.size() - 1).blockAddress().sequenceNo()
                + "." + request.format().extension();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (IonWriter writer = writerFor(request.format(), out)) {
            for (JournalBlock block : blocks) {
                block.writeTo(writer);
            }
        }
        writeAtomically(directory, key, out.toByteArray());
        return key;
    }

    private static IonWriter writerFor(ExportFormat format, OutputStream out) {
        return switch (format) {
            case ION_BINARY -> IonBinaryWriterBuilder.standard().build(out);
            case ION_TEXT -> IonTextWriterBuilder.standard().withWriteTopLevelValuesOnNewLines(true).build(out);
            case JSON -> IonTextWriterBuilder.json().withWriteTopLevelValuesOnNewLines(true).build(out);
        };
    }

    private static void writeAtomically(Path directory, String key, byte[] content) throws IOException {
        Path target = directory.resolve(key).normalize();
        if (!target.startsWith(directory.normalize())) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "object key " + key + " escapes " + directory);
        }
        OwnerOnlyFiles.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".partial");
        try (FileChannel channel = OwnerOnlyFiles.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
