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
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
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
     * <p>Data object keys are looked up below {@code directory} first (the layout of a copied S3 bucket: keys
     * include the export's prefix), then below the manifest's own directory with the prefix left out (the layout of
     * a copy of just the prefix, {@code aws s3 sync s3://bucket/prefix/ DIR}).
     *
     * @throws LedgerException INVALID_REQUEST naming what is missing or malformed: the directory, the manifest, its
     *                         {@code keys}
     */
    public static ExportReader open(Path directory, Path manifest) {
        if (!Files.exists(directory)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "export directory " + directory + " does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, directory + " is not a directory: give the directory "
                    + "that holds the export (a copy of the S3 bucket, or of the export's prefix in it)");
        }
        if (manifest != null && !Files.isRegularFile(manifest)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "completed manifest " + manifest
                    + (Files.exists(manifest) ? " is not a file" : " does not exist"));
        }
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
            manifests = files.filter(f -> f.getFileName().toString().endsWith(".completed.manifest")).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
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
     * The number of blocks the data objects' names declare (QLDB and Vellum name each object by its block range, see
     * {@link DataObjectKey}), or -1 when a name declares none: for progress, before the blocks are read.
     */
    public long declaredBlocks() {
        long total = 0;
        for (String key : keys) {
            java.util.Optional<DataObjectKey> declared = DataObjectKey.parse(key);
            if (declared.isEmpty()) {
                return -1;
            }
            total += declared.get().lastSequenceNo() - declared.get().firstSequenceNo() + 1;
        }
        return total;
    }

    /**
     * Calls {@code consumer} with every block in manifest order. Each block is parsed strictly but not verified.
     *
     * @throws LedgerException INVALID_REQUEST naming the object key, the position of a value that is not a block
     *                         and the last block read before it (or the object that is missing, or a JSON export);
     *                         VERIFICATION_FAILED for an object that holds no blocks although its name declares some
     */
    public void forEachBlock(Consumer<LocatedBlock> consumer) {
        long lastSequenceNo = -1;
        for (String key : keys) {
            if (key.endsWith(".json")) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + " is a JSON export: "
                        + "JSON loses the Ion types that block hashes cover, so it cannot be verified or imported; "
                        + "export as ION_TEXT or ION_BINARY");
            }
            Path file = resolveKey(key);
            // One block of look-ahead, so that the last block of each object is marked as such.
            LocatedBlock pending = null;
            int position = 0;
            try (InputStream in = Files.newInputStream(file); IonReader reader = READERS.build(in)) {
                while (true) {
                    JournalBlock block;
                    try {
                        if (reader.next() == null) {
                            break;
                        }
                        block = readBlock(reader, key, position, lastSequenceNo);
                    } catch (com.amazon.ion.IonException | LedgerException e) {
                        // The block read before the damage goes first: if it is bad too, it is the first bad block.
                        if (pending != null) {
                            consumer.accept(pending);
                        }
                        throw e instanceof LedgerException ledger ? ledger : new LedgerException(
                                ErrorCode.INVALID_REQUEST, "data object " + key + " is not valid Ion"
                                + after(lastSequenceNo) + ": " + e.getMessage(), e);
                    }
                    if (pending != null) {
                        consumer.accept(pending);
                    }
                    pending = new LocatedBlock(block, key, position++, false);
                    lastSequenceNo = block.blockAddress().sequenceNo();
                }
            } catch (IOException e) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "cannot read data object " + key + ": " + e, e);
            } catch (com.amazon.ion.IonException e) {
                // From closing the reader: the object ends inside a value.
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + " is not valid Ion"
                        + after(lastSequenceNo) + ": " + e.getMessage(), e);
            }
            if (pending == null) {
                throw emptyObject(key);
            }
            consumer.accept(new LocatedBlock(pending.block(), key, pending.position(), true));
        }
    }

    private static JournalBlock readBlock(IonReader reader, String key, int position, long lastSequenceNo) {
        IonValue value = ION.newValue(reader);
        try {
            return JournalBlock.fromIon(value);
        } catch (LedgerException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + ", value " + position
                    + after(lastSequenceNo) + " is not a journal block: " + e.getMessage(), e);
        }
    }

    /** Where damage that hides a block's sequence number lies: after the last block that could be read. */
    private static String after(long lastSequenceNo) {
        return lastSequenceNo < 0 ? " (before any block could be read)"
                : " (after block " + lastSequenceNo + ", the last one that could be read)";
    }

    private static LedgerException emptyObject(String key) {
        return DataObjectKey.parse(key)
                .<LedgerException>map(declared -> new LedgerException(ErrorCode.VERIFICATION_FAILED, "data object "
                        + key + " holds no blocks, but its name declares " + declared.declared()
                        + ": they are missing"))
                .orElseGet(() -> new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key
                        + " holds no blocks"));
    }

    /** The object's file: below the export directory, else below the manifest's directory without the prefix. */
    private Path resolveKey(String key) {
        Path inBucket = within(directory, key);
        if (inBucket != null && Files.isRegularFile(inBucket)) {
            return inBucket;
        }
        Path besideManifest = besideManifest(key);
        if (besideManifest != null && Files.isRegularFile(besideManifest)) {
            return besideManifest;
        }
        throw new LedgerException(ErrorCode.INVALID_REQUEST, "data object " + key + " listed in " + manifest
                + " is missing: looked for " + (inBucket == null ? "it below " + directory : inBucket)
                + (besideManifest == null || besideManifest.equals(inBucket) ? "" : " and " + besideManifest));
    }

    /**
     * Where {@code key} lies when only the export's prefix was copied: the manifest is
     * {@code <prefix><exportId>.<strandId>.completed.manifest} and every data object key
     * {@code <prefix><exportId>/…}, so the object is the key's part from {@code <exportId>/} on, below the
     * manifest's directory. Null when the key does not contain the export id.
     */
    private Path besideManifest(String key) {
        String manifestName = manifest.getFileName().toString();
        int dot = manifestName.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        int start = key.indexOf(manifestName.substring(0, dot) + "/");
        Path base = manifest.toAbsolutePath().getParent();
        return start < 0 || base == null ? null : within(base, key.substring(start));
    }

    /** {@code base/key}, or null when the key would lead out of {@code base} (".." or an absolute key). */
    private static Path within(Path base, String key) {
        try {
            Path file = base.resolve(key).normalize();
            return file.startsWith(base.normalize()) ? file : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /**
     * A block and where it was read from, so failures can name the object.
     *
     * @param position     the block's index among the object's values, from 0
     * @param lastInObject whether it is the object's last block (so a verifier can hold the object to its name)
     */
    public record LocatedBlock(JournalBlock block, String key, int position, boolean lastInObject) {
    }
}
