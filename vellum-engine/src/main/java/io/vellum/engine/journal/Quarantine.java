package io.vellum.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a tail off the last segment, keeping its bytes first: nothing the journal ever held is deleted unseen.
 *
 * <p>Order, each step durable before the next: the bytes are written to {@code <journal>/<segment file
 * name>.<offset>.quarantine} (created readable and writable by the owner only, {@code rw-------}, where the file
 * system has POSIX permissions) and forced, the directory is forced, then the segment is truncated and forced. A
 * crash between the steps leaves the tail in place, and the next open quarantines it again (reusing a quarantine
 * file that holds exactly these bytes); if that name holds other bytes, {@code -<n>} (2, 3, ...) is added before
 * the suffix rather than overwrite it.
 */
final class Quarantine {
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
    private static final int COPY_BUFFER_SIZE = 1024 * 1024;

    private Quarantine() {
    }

    /** Copies {@code tail}'s bytes to its quarantine file, then cuts them off {@code segment}; returns the cut. */
    static TailCut cut(FileChannel segment, TailCut tail, Path journalDirectory) throws IOException {
        Path target = write(segment, tail, journalDirectory);
        JournalDirectory.force(journalDirectory);
        segment.truncate(tail.offset());
        segment.force(true); // the new size is metadata
        TailCut cut = new TailCut(tail.kind(), tail.segmentFileName(), tail.offset(), tail.length(),
                tail.firstSequenceNo(), tail.reason(), target, true);
        log.warn("Journal {}: cut a {}; its bytes are kept in {}", journalDirectory, cut.describe(), target);
        return cut;
    }

    private static Path write(FileChannel segment, TailCut tail, Path journalDirectory) throws IOException {
        String base = tail.quarantineFile().getFileName().toString();
        String stem = base.substring(0, base.length() - TailCut.QUARANTINE_SUFFIX.length());
        for (int attempt = 1; ; attempt++) {
            Path target = attempt == 1 ? tail.quarantineFile()
                    : journalDirectory.resolve(stem + "-" + attempt + TailCut.QUARANTINE_SUFFIX);
            if (Files.exists(target) && holdsExactly(target, segment, tail)) {
                return target; // a crash after quarantining, before cutting: the same bytes are safe already
            }
            try (FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), ownerOnlyAttributes())) {
                copy(segment, tail.offset(), tail.length(), out);
                out.force(true);
                return target;
            } catch (FileAlreadyExistsException taken) {
                // holds other bytes: try the next name
            }
        }
    }

    private static void copy(FileChannel from, long offset, long length, FileChannel to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER_SIZE, Math.max(length, 1)));
        long copied = 0;
        while (copied < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - copied));
            if (!RecordFormat.readFully(from, buffer, offset + copied)) {
                throw new IOException("journal segment shrank while its tail was being quarantined");
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                to.write(buffer, copied + buffer.position());
            }
            copied += buffer.limit();
        }
    }

    private static boolean holdsExactly(Path file, FileChannel segment, TailCut tail) throws IOException {
        if (Files.size(file) != tail.length()) {
            return false;
        }
        try (FileChannel existing = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer mine = ByteBuffer.allocate((int) Math.min(COPY_BUFFER_SIZE, Math.max(tail.length(), 1)));
            ByteBuffer theirs = ByteBuffer.allocate(mine.capacity());
            for (long done = 0; done < tail.length(); done += mine.limit()) {
                int chunk = (int) Math.min(mine.capacity(), tail.length() - done);
                mine.clear().limit(chunk);
                theirs.clear().limit(chunk);
                if (!RecordFormat.readFully(segment, mine, tail.offset() + done)
                        || !RecordFormat.readFully(existing, theirs, done)
                        || !mine.flip().equals(theirs.flip())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Owner-only permissions for a new file, where the file system supports POSIX permissions. */
    static FileAttribute<?>[] ownerOnlyAttributes() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
