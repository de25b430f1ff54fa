package io.vellum.engine.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The one owner of Vellum's file-permission policy: everything under a data directory is readable by its owner only
 * (directories {@code rwx------}, files {@code rw-------}), whatever the process's umask. Journal segments, the state
 * store, exports, credentials and the wallet's profiles hold data that other users of the machine must not read.
 *
 * <p>Files Vellum creates itself are created with these permissions (no window in which they are wider). Files that
 * native code or a library creates (RocksDB, H2) get the umask's permissions; for them the enclosing directory's
 * {@code 0700} is the protection, and {@link #restrictTree} narrows what exists when the store is opened.
 *
 * <p>On a file system without POSIX permissions (Windows) every method does the plain operation and sets nothing.
 * Stateless and thread-safe.
 */
public final class OwnerOnlyFiles {
    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /**
     * Creates {@code directory} and its missing parents, each {@code 0700}, and narrows {@code directory} itself to
     * {@code 0700} when it existed (parents that existed are left alone: they are not Vellum's).
     */
    public static Path createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (!posix(absolute)) {
            return Files.createDirectories(directory);
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path path = absolute; path != null && !Files.isDirectory(path); path = path.getParent()) {
            missing.push(path);
        }
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(DIRECTORY);
        while (!missing.isEmpty()) {
            Path path = missing.pop();
            try {
                Files.createDirectory(path, attribute);
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(path)) {
                    throw raced;
                }
            }
        }
        restrict(absolute);
        return directory;
    }

    /** Creates the single directory {@code directory} ({@code 0700}); fails as {@link Files#createDirectory} does. */
    public static Path createDirectory(Path directory) throws IOException {
        if (!posix(directory.toAbsolutePath().getParent())) {
            return Files.createDirectory(directory);
        }
        return Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }

    /**
     * Opens a file channel; a file it creates is {@code 0600} from the start. An existing file keeps its
     * permissions (use {@link #restrict} to narrow them).
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!posix(parent)) {
            return FileChannel.open(file, options);
        }
        return FileChannel.open(file, Set.of(options), PosixFilePermissions.asFileAttribute(FILE));
    }

    /** Creates an empty file, {@code 0600}; fails as {@link Files#createFile} does when it exists. */
    public static Path createFile(Path file) throws IOException {
        if (!posix(file.toAbsolutePath().getParent())) {
            return Files.createFile(file);
        }
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    }

    /** Sets {@code path} to {@code 0700} (a directory) or {@code 0600} (anything else); symbolic links are left. */
    public static void restrict(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null || Files.isSymbolicLink(path)) {
            return;
        }
        Set<PosixFilePermission> wanted = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE;
        if (!view.readAttributes().permissions().equals(wanted)) {
            view.setPermissions(wanted);
        }
    }

    /**
     * {@link #restrict}s {@code root} and everything below it: for what native code or a library created with the
     * umask's permissions. A file that disappears meanwhile (RocksDB deletes obsolete files in the background) is
     * skipped.
     */
    public static void restrictTree(Path root) throws IOException {
        if (!Files.exists(root) || !posix(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                try {
                    restrict(path);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed since the walk listed it: nothing left to protect
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                throw e.getCause();
            }
        }
    }

    /** Whether the file system of {@code existing} (or of its nearest existing ancestor) has POSIX permissions. */
    private static boolean posix(Path existing) {
        if (existing == null) {
            return false;
        }
        return existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
