package io.vellum.engine.journal;

import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's directory: an exclusive lock on it, the list of its segments, and durable creation of new ones.
 *
 * <p>Two writers on one journal would interleave records and destroy it, so the directory is locked
 * ({@value #LOCK_FILE_NAME}, an OS file lock released on {@link #close()} or process death) for as long as a
 * {@link Journal} is open, against other processes and other {@code Journal} instances in this JVM alike.
 */
final class JournalDirectory implements AutoCloseable {
    static final String LOCK_FILE_NAME = "journal.lock";
    /** Suffix of a segment being created; such a file never holds acknowledged records. */
    static final String CREATING_SUFFIX = ".creating";

    private static final Logger log = LoggerFactory.getLogger(JournalDirectory.class);

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private JournalDirectory(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed (durably) and locks it.
     *
     * @throws LedgerException UNAVAILABLE if another process or {@code Journal} holds the lock
     */
    static JournalDirectory openLocked(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            OwnerOnlyFiles.createDirectories(path);
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                force(parent); // so that the new directory's entry survives a crash
            }
        }
        FileChannel lockChannel = OwnerOnlyFiles.open(path.resolve(LOCK_FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "journal " + path
                        + " is locked by another process");
            }
            return new JournalDirectory(path, lockChannel, lock);
        } catch (OverlappingFileLockException alreadyOpen) {
            lockChannel.close();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "journal " + path + " is already open in this process");
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /**
     * The segments in sequence order. Deletes leftovers of segment creation cut short by a crash (they never held
     * records; only when {@code writable}) and ignores quarantine files, and, with a warning, files that are not
     * the journal's.
     *
     * @throws LedgerException CORRUPTION if a {@code .seg} file has a malformed name
     */
    List<SegmentFile> listSegments(boolean writable) throws IOException {
        List<SegmentFile> segments = new ArrayList<>();
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(LOCK_FILE_NAME) || name.endsWith(TailCut.QUARANTINE_SUFFIX)
                        || RecordRewrite.isRewriteFile(name)) {
                    continue;
                }
                if (name.endsWith(SegmentFile.SUFFIX + CREATING_SUFFIX)) {
                    leftovers.add(entry);
                    continue;
                }
                Optional<SegmentFile> segment = SegmentFile.parse(entry);
                if (segment.isPresent()) {
                    segments.add(segment.get());
                } else {
                    log.warn("Ignoring {} in journal directory {}: not a journal file", name, path);
                }
            }
        }
        for (Path leftover : writable ? leftovers : List.<Path>of()) {
            log.warn("Deleting {}: a journal segment whose creation was interrupted (it holds no records)", leftover);
            Files.delete(leftover);
        }
        if (writable && !leftovers.isEmpty()) {
            force(path);
        }
        segments.sort(Comparator.comparingLong(SegmentFile::firstSequenceNo));
        return segments;
    }

    /**
     * Creates the segment starting at {@code firstSequenceNo}, durably: the header is written and forced under a
     * temporary name, the file renamed into place, then the directory forced. So a segment file either does not
     * exist after a crash or has a complete header, and a bad header always means damage.
     *
     * @return the new, empty segment
     */
    SegmentFile createSegment(long firstSequenceNo) throws IOException {
        SegmentFile segment = SegmentFile.in(path, firstSequenceNo);
        if (Files.exists(segment.path())) {
            throw segment.corruption("cannot create this segment: the file exists already");
        }
        Path temporary = path.resolve(segment.path().getFileName() + CREATING_SUFFIX);
        Files.deleteIfExists(temporary);
        try (FileChannel channel = OwnerOnlyFiles.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer header = SegmentHeader.encode(firstSequenceNo);
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.force(true);
        }
        Files.move(temporary, segment.path(), StandardCopyOption.ATOMIC_MOVE);
        force(path);
        return segment;
    }

    /** Forces a directory's entries (file creations, renames, deletions) to disk. */
    static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
