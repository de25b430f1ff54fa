package io.vellum.engine.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a ledger's digest-signing keys: {@code <ledger>/signing-keys/key-<NNNNNN>.ed25519}, numbered from 1 in
 * the order they were created, each a small UTF-8 text the caller formats (it holds a private key). The directory is
 * {@code 0700} and every file {@code 0600} from the moment it exists ({@link OwnerOnlyFiles}).
 *
 * <p>Durability: {@link #write} creates the file under a temporary name, forces it, renames it into place atomically
 * and forces the directory, so after a crash a key file is either complete or absent (a leftover temporary file is
 * ignored and removed by the next write). Not thread-safe; the caller serialises writes.
 */
public final class SigningKeyFiles {
    /** The directory name inside a ledger directory. */
    public static final String DIRECTORY = "signing-keys";
    private static final Pattern NAME = Pattern.compile("key-(\\d{6})\\.ed25519");

    /** One stored key file: its number and text. */
    public record KeyFile(int number, String text) {
    }

    private final Path directory;

    private SigningKeyFiles(Path directory) {
        this.directory = directory;
    }

    /** The key files of the ledger in {@code ledgerDirectory} (the directory need not exist yet). */
    public static SigningKeyFiles in(Path ledgerDirectory) {
        return new SigningKeyFiles(ledgerDirectory.resolve(DIRECTORY));
    }

    /** Every complete key file, by number ascending; empty when there are none (or no directory). */
    public List<KeyFile> read() throws IOException {
        List<KeyFile> keys = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return keys;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                Matcher matcher = NAME.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    keys.add(new KeyFile(Integer.parseInt(matcher.group(1)),
                            Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        }
        return keys;
    }

    /** Writes key file {@code number} durably and atomically (see the class comment); it must not exist. */
    public Path write(int number, String text) throws IOException {
        OwnerOnlyFiles.createDirectories(directory);
        Path target = directory.resolve(String.format("key-%06d.ed25519", number));
        if (Files.exists(target)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString());
        }
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (FileChannel channel = OwnerOnlyFiles.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return target;
    }
}
