package io.vellum.server.hosting;

import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive claim of one process on a data directory: an OS lock ({@link FileChannel#tryLock}) on
 * {@code <data>/.lock}, which holds the owner's process id for the message others get. {@code vellum serve}, the
 * shell and the offline commands take it before they touch anything else in the directory (no banner, no key
 * generation, no ledger opened), so a second process fails at once with "data directory DIR is in use by process
 * N" instead of running with every ledger unable to open.
 *
 * <p>The OS releases the lock when the process dies, however it dies; the file itself stays (removing it would race
 * with the next owner). Within one JVM a second acquisition fails the same way (Java's file locks are per process,
 * so the overlap is checked in-process). Thread-safe; {@link #close} is idempotent.
 */
public final class DataDirectoryLock implements AutoCloseable {
    /** The lock file's name inside the data directory. */
    public static final String FILE_NAME = ".lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the data directory when absent (owner-only) and locks it for this process.
     *
     * @throws LedgerException UNAVAILABLE "data directory DIR is in use by process N" when another process (or
     *                         another owner in this one) holds it; UNAVAILABLE when it cannot be created or locked
     */
    /** What went wrong with a path, in words a user acts on (the CLI prints it as one line). */
    static String problem(IOException e) {
        String path = e instanceof java.nio.file.FileSystemException failed && failed.getFile() != null
                ? failed.getFile() : null;
        String what = e instanceof java.nio.file.FileAlreadyExistsException ? "is a file, not a directory"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "cannot be created"
                : e instanceof java.nio.file.FileSystemException failed && failed.getReason() != null
                ? failed.getReason() : String.valueOf(e.getMessage());
        boolean sentence = what.startsWith("is ") || what.startsWith("cannot ");
        return path == null ? what : path + (sentence ? " " : ": ") + what;
    }

    public static DataDirectoryLock acquire(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel;
        try {
            OwnerOnlyFiles.createDirectories(dataDirectory);
            channel = OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot use data directory " + dataDirectory + ": "
                    + problem(e), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new LedgerException(ErrorCode.UNAVAILABLE, "data directory " + dataDirectory
                        + " is in use by process " + owner);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new DataDirectoryLock(dataDirectory, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot lock data directory " + dataDirectory + ": " + e,
                    e);
        }
    }

    /** The directory this lock holds. */
    public Path directory() {
        return directory;
    }

    /** The pid the owner wrote, or "unknown" when the file holds none (the owner is still starting). */
    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(32);
        channel.read(content, 0);
        String text = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("[0-9]{1,19}") ? text : "unknown (its pid is not written yet)";
    }

    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was written that matters; the OS drops the lock with the descriptor.
        }
    }
}
