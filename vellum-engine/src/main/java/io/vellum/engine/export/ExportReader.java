package io.vellum.engine.export;

import com.amazon.ion.IonList;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonReaderBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads an export in QLDB's layout (written by Vellum or by Amazon QLDB): finds the completed manifest, then yields
 * the blocks of every data object it lists, in manifest order. Only Ion exports (text or binary) can be read back:
 * JSON exports have lost the types their hashes cover.
 */
public final class ExportReader {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final IonReaderBuilder READERS = IonReaderBuilder.standard();

    private final Path directory;
    private final Path manifest;
    private final List<String> keys;

    private ExportReader(Path directory, Path manifest, List<String> keys) {
        this.directory = directory;
        this.manifest = manifest;
        this.keys = keys;
    }

    /**
     * Opens the export in {@code directory}: its single {@code *.completed.manifest} (searched recursively), or
     * the one given as {@code manifest} when several exports share the directory.
     *
     * @throws LedgerException INVALID_REQUEST naming what is missing or malformed
     */
    public static ExportReader open(Path directory, Path manifest) {
        Path chosen = manifest != null ? manifest : findManifest(directory);
        IonValue value;
        try {
            value = ION.singleValue(Files.readString(chosen));
        } catch (IOException | RuntimeException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "cannot read completed manifest " + chosen + ": " + e, e);
        }
        if (!(value instanceof IonStruct struct) || !(struct.get("keys") instanceof IonList list)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "completed manifest " + chosen
                    + " is not {keys:[…]}");
        }
        List<String> keys = new ArrayList<>();
        for (IonValue key : list) {
            if (!(key instanceof IonString text)) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "completed manifest " + chosen
                        + " lists a key that is not a string: " + key);
            }
            keys.add(text.stringValue());
        }
        return new ExportReader(directory, chosen, keys);
    }

    private static Path findManifest(Path directory) {
        List<Path> manifests;
        try (Stream<Path> files = Files.walk(directory)) {
            manifests = files.filter(f -> f.getFileName().toString().endsWith(".completed.manifest")).toList();
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "cannot list export directory " + directory + ": " + e, e);
        }
        if (manifests.isEmpty()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "no *.completed.manifest in " + directory
                    + ": the export is missing or unfinished");
        }
        if (manifests.size() > 1) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, directory + " holds " + manifests.size()
                    + " completed manifests " + manifests + "; name one");
        }
        return manifests.get(0);
    }

    public Path manifest() {
        return manifest;
    }

    public List<String> keys() {
        return keys;
    }

    /**
     * Calls {@code consumer} with every block in manifest order. Each block is parsed strictly but not verified.
     *
     * @throws LedgerException INVALID_REQUEST naming the object key and the position of a value that is not a block
     */
    public void forEachBlock(Consumer<LocatedBlock> consumer) {
        for (String key : keys) {
            if (key.endsWith(".json")) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + " is a JSON export: "
                        + "JSON loses the Ion types that block hashes cover, so it cannot be verified or imported; "
                        + "export as ION_TEXT or ION_BINARY");
            }
            Path file = resolveKey(key);
            try (InputStream in = Files.newInputStream(file); IonReader reader = READERS.build(in)) {
                int position = 0;
                for (IonType type = reader.next(); type != null; type = reader.next()) {
                    IonValue value = ION.newValue(reader);
                    JournalBlock block;
                    try {
                        block = JournalBlock.fromIon(value);
                    } catch (LedgerException e) {
                        throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + ", value "
                                + position + " is not a journal block: " + e.getMessage(), e);
                    }
                    consumer.accept(new LocatedBlock(block, key, position++));
                }
            } catch (IOException e) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "cannot read data object " + key + ": " + e, e);
            } catch (com.amazon.ion.IonException e) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + " is not valid Ion: "
                        + e.getMessage(), e);
            }
        }
    }

    private Path resolveKey(String key) {
        Path file = directory.resolve(key).normalize();
        if (!file.startsWith(directory.normalize()) || !Files.isRegularFile(file)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + " listed in " + manifest
                    + " is missing from " + directory);
        }
        return file;
    }

    /** A block and where it was read from, so failures can name the object. */
    public record LocatedBlock(JournalBlock block, String key, int position) {
    }
}
