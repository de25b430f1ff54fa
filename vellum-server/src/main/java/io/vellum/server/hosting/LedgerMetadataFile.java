package io.vellum.server.hosting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The small JSON file {@code ledger.json} inside a ledger's directory, beside the engine's {@code journal/} and
 * {@code state/}:
 *
 * <pre>
 * {"formatVersion":1,"name":"…","creationDateTime":"2026-01-02T03:04:05.678Z","permissionsMode":"ALLOW_ALL",
 *  "deletionProtection":true,"state":"ACTIVE","tags":{"k":"v"}}
 * </pre>
 *
 * Written whole to a temporary file, forced, atomically renamed over the old one and the directory forced, so a
 * crash leaves either the old or the new version, never a torn one. Format history: 1 = first version.
 */
final class LedgerMetadataFile {
    static final String FILE_NAME = "ledger.json";
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = InputLimits.objectMapper();

    private LedgerMetadataFile() {
    }

    static boolean exists(Path ledgerDirectory) {
        return Files.isRegularFile(ledgerDirectory.resolve(FILE_NAME));
    }

    static void write(Path ledgerDirectory, LedgerInfo info) {
        Path file = ledgerDirectory.resolve(FILE_NAME);
        try {
            DurableFile.replace(file, encode(info));
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot write ledger metadata " + file + ": " + e, e);
        }
    }

    /** The file's bytes for {@code info} (also the cluster catalog's entry for the ledger). */
    static byte[] encode(LedgerInfo info) {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("name", info.name());
        root.put("creationDateTime", info.creationDateTime().toString());
        root.put("permissionsMode", info.permissionsMode());
        root.put("deletionProtection", info.deletionProtection());
        root.put("state", info.state());
        ObjectNode tags = root.putObject("tags");
        info.tags().forEach(tags::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }

    static LedgerInfo read(Path ledgerDirectory, Function<String, String> arnOfName) {
        Path file = ledgerDirectory.resolve(FILE_NAME);
        try {
            return decode(Files.readAllBytes(file), arnOfName, file.toString());
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, "cannot read ledger metadata " + file + ": " + e, e);
        }
    }

    /** {@link #encode}'s inverse; {@code source} names where the bytes came from in errors. */
    static LedgerInfo decode(byte[] bytes, Function<String, String> arnOfName, String source) {
        try {
            JsonNode root = JSON.readTree(bytes);
            int version = root.path("formatVersion").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw new LedgerException(ErrorCode.CORRUPTION, "ledger metadata " + source + " has format version "
                        + version + "; this server reads version " + FORMAT_VERSION);
            }
            String name = text(root, "name", source);
            Map<String, String> tags = new TreeMap<>();
            for (Map.Entry<String, JsonNode> tag : root.path("tags").properties()) {
                tags.put(tag.getKey(), tag.getValue().asText());
            }
            return new LedgerInfo(name, arnOfName.apply(name), text(root, "state", source),
                    Instant.parse(text(root, "creationDateTime", source)), text(root, "permissionsMode", source),
                    root.path("deletionProtection").asBoolean(true), tags);
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, "cannot read ledger metadata " + source + ": " + e, e);
        }
    }

    private static String text(JsonNode root, String field, String file) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            throw new LedgerException(ErrorCode.CORRUPTION, "ledger metadata " + file + " lacks the text field '"
                    + field + "'");
        }
        return value.asText();
    }

    /** Makes a rename or creation inside {@code directory} durable. */
    static void forceDirectory(Path directory) {
        DurableFile.forceDirectory(directory);
    }
}
