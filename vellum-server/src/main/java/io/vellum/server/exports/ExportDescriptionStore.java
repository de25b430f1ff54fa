package io.vellum.server.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.engine.export.ExportFormat;
import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.DurableFile;
import io.vellum.server.http.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Export descriptions on disk, one small JSON file per export,
 * {@code <exports directory>/.descriptions/<exportId>.json}:
 *
 * <pre>
 * {"formatVersion":1,"exportId":"…","ledgerName":"bank","exportCreationTime":"2026-11-27T11:38:45.507Z",
 *  "status":"COMPLETED","inclusiveStartTime":"…","exclusiveEndTime":"…","bucket":"…","prefix":"…",
 *  "objectEncryptionType":"SSE_S3","roleArn":"…","outputFormat":"ION_BINARY"|null,"failureReason":null|"…"}
 * </pre>
 *
 * Each write replaces the file atomically ({@link DurableFile}), so describe and list survive a restart or crash
 * with the last status written. The directory name starts with '.', which no S3 bucket name can, so it never
 * collides with a bucket directory. Format history: 1 = first version. Thread-safe (files are per export and each
 * export's writes are ordered by its owner).
 */
final class ExportDescriptionStore {
    static final String DIRECTORY_NAME = ".descriptions";
    private static final int FORMAT_VERSION = 1;
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = InputLimits.objectMapper();

    private final Path directory;

    /** @throws LedgerException UNAVAILABLE when the directory cannot be created */
    ExportDescriptionStore(Path exportsDirectory) {
        this.directory = exportsDirectory.resolve(DIRECTORY_NAME);
        try {
            OwnerOnlyFiles.createDirectories(directory);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot create " + directory + ": " + e, e);
        }
    }

    /** @throws LedgerException UNAVAILABLE when the file cannot be written */
    void write(ExportDescription description) {
        Path file = directory.resolve(description.exportId() + SUFFIX);
        try {
            DurableFile.replace(file, bytes(description));
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot write export description " + file + ": " + e, e);
        }
    }

    /** The description as its file holds it (JSON), also what a cluster replicates. */
    static byte[] bytes(ExportDescription description) {
        ExportJob job = description.job();
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("exportId", description.exportId());
        root.put("ledgerName", job.ledgerName());
        root.put("exportCreationTime", description.exportCreationTime().toString());
        root.put("status", description.status().name());
        root.put("inclusiveStartTime", job.inclusiveStartTime().toString());
        root.put("exclusiveEndTime", job.exclusiveEndTime().toString());
        root.put("bucket", job.bucket());
        root.put("prefix", job.prefix());
        root.put("objectEncryptionType", job.objectEncryptionType().name());
        root.put("roleArn", job.roleArn());
        root.put("outputFormat", job.outputFormat() == null ? null : job.outputFormat().name());
        root.put("failureReason", description.failureReason());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }

    /**
     * A description from {@link #bytes}; {@code source} names where they came from in error messages.
     *
     * @throws LedgerException CORRUPTION when they are not a description of this format version
     */
    static ExportDescription fromBytes(byte[] bytes, String source) {
        try {
            return decode(JSON.readTree(bytes), source);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerException ledgerException && ledgerException.code() == ErrorCode.CORRUPTION) {
                throw ledgerException;
            }
            throw new LedgerException(ErrorCode.CORRUPTION, "cannot read export description " + source + ": " + e, e);
        }
    }

    /**
     * Every stored description (temporary files of an interrupted write are skipped: the previous version, if any,
     * is still in place).
     *
     * @throws LedgerException CORRUPTION naming a file that cannot be read (never skipped silently)
     */
    List<ExportDescription> readAll() {
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot list " + directory + ": " + e, e);
        }
        List<ExportDescription> descriptions = new ArrayList<>(files.size());
        for (Path file : files) {
            descriptions.add(read(file));
        }
        return descriptions;
    }

    private static ExportDescription read(Path file) {
        try {
            return decode(JSON.readTree(file.toFile()), file.toString());
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerException ledgerException && ledgerException.code() == ErrorCode.CORRUPTION) {
                throw ledgerException;
            }
            throw new LedgerException(ErrorCode.CORRUPTION, "cannot read export description " + file + ": " + e, e);
        }
    }

    private static ExportDescription decode(JsonNode root, String file) {
        int version = root.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new LedgerException(ErrorCode.CORRUPTION, "export description " + file + " has format version "
                    + version + "; this server reads version " + FORMAT_VERSION);
        }
        String outputFormat = optionalText(root, "outputFormat");
        ExportJob job = new ExportJob(text(root, "ledgerName", file),
                Instant.parse(text(root, "inclusiveStartTime", file)),
                Instant.parse(text(root, "exclusiveEndTime", file)), text(root, "bucket", file),
                text(root, "prefix", file), ObjectEncryptionType.valueOf(text(root, "objectEncryptionType", file)),
                text(root, "roleArn", file), outputFormat == null ? null : ExportFormat.valueOf(outputFormat));
        return new ExportDescription(text(root, "exportId", file),
                Instant.parse(text(root, "exportCreationTime", file)), job,
                ExportStatus.valueOf(text(root, "status", file)), optionalText(root, "failureReason"));
    }

    private static String text(JsonNode root, String field, String file) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            throw new LedgerException(ErrorCode.CORRUPTION, "export description " + file + " lacks the text field '"
                    + field + "'");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
