package io.vellum.server.hosting;

import io.vellum.engine.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.LoggerFactory;

/**
 * Replaces small files so that a crash leaves either the old or the new content, never a torn file: the content is
 * written to {@code <name>.tmp} beside the target, forced, renamed over the target atomically, and the directory is
 * forced so the rename itself survives a power loss. Readers skip {@code *.tmp} files (leftovers of a crash before
 * the rename). Used for the server's own metadata: {@code ledger.json}, export descriptions.
 */
public final class DurableFile {
    /** Suffix of the temporary file; never a complete file that anyone should read. */
    public static final String TEMPORARY_SUFFIX = ".tmp";

    private DurableFile() {
    }

    /** Atomically replaces (or creates) {@code file} with {@code content}; returns once it is on disk. */
    public static void replace(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel channel = OwnerOnlyFiles.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            OwnerOnlyFiles.restrict(temporary); // a leftover temporary file kept its old permissions
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
    }

    /** Makes a rename or creation inside {@code directory} durable (Linux honours fsync on a directory). */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename itself still happened.
            LoggerFactory.getLogger(DurableFile.class).debug("cannot force directory {}: {}", directory, e.toString());
        }
    }
}
