package io.vellum.server.auth;

import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's key pair in {@code <data>/credentials}, in the AWS shared-credentials format so that the AWS CLI and
 * SDKs can use the file directly ({@code AWS_SHARED_CREDENTIALS_FILE=<data>/credentials}):
 *
 * <pre>
 * [default]
 * aws_access_key_id = AKIA…
 * aws_secret_access_key = …
 * </pre>
 *
 * A missing file is created with a fresh random pair, readable and writable by the owner only ({@code rw-------}),
 * written to a temporary file first so that no reader ever sees half of it. Stateless and thread-safe.
 */
public final class CredentialsFile {
    /** File name inside the data directory. */
    public static final String FILE_NAME = "credentials";
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsFile.class);
    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialsFile() {
    }

    /** Reads the key pair from {@code file}, or generates one and writes it there when the file does not exist. */
    public static ServerCredentials loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return load(file);
        }
        ServerCredentials generated = new ServerCredentials(newAccessKeyId(), newSecretAccessKey(), file, true);
        try {
            write(file, generated);
            return generated;
        } catch (FileAlreadyExistsException e) {
            // Another process created it between our check and our write: theirs wins.
            return load(file);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot write credentials file " + file + ": " + e, e);
        }
    }

    /** Reads the {@code [default]} profile, or the first profile holding both keys. */
    public static ServerCredentials load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            warnIfReadableByOthers(file);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot read credentials file " + file + ": " + e, e);
        }
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        String profile = "default";
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                profile = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int equals = line.indexOf('=');
            if (equals > 0) {
                profiles.computeIfAbsent(profile, name -> new HashMap<>())
                        .put(line.substring(0, equals).strip().toLowerCase(java.util.Locale.ROOT),
                                line.substring(equals + 1).strip());
            }
        }
        Map<String, String> chosen = complete(profiles.get("default"));
        for (Map<String, String> candidate : profiles.values()) {
            if (chosen == null) {
                chosen = complete(candidate);
            }
        }
        if (chosen == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "credentials file " + file + " has no profile with"
                    + " both aws_access_key_id and aws_secret_access_key");
        }
        return new ServerCredentials(chosen.get("aws_access_key_id"), chosen.get("aws_secret_access_key"), file, false);
    }

    private static Map<String, String> complete(Map<String, String> profile) {
        return profile != null && profile.get("aws_access_key_id") != null
                && profile.get("aws_secret_access_key") != null ? profile : null;
    }

    /** "AKIA" and 16 upper-case letters and digits, the shape of an AWS access key id. */
    static String newAccessKeyId() {
        return "AKIA" + randomText(KEY_ID_ALPHABET, 16);
    }

    /** 40 characters of the alphabet AWS secret keys use (about 238 bits). */
    static String newSecretAccessKey() {
        return randomText(SECRET_ALPHABET, 40);
    }

    private static String randomText(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static void write(Path file, ServerCredentials credentials) throws IOException {
        String content = "# Vellum server credentials, generated " + Instant.now() + ". Keep this file secret.\n"
                + "# AWS CLI and SDKs can use it: AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath() + "\n"
                + "[default]\n"
                + "aws_access_key_id = " + credentials.accessKeyId() + "\n"
                + "aws_secret_access_key = " + credentials.secretAccessKey() + "\n";
        Path directory = file.toAbsolutePath().getParent();
        OwnerOnlyFiles.createDirectories(directory);
        Path temporary = directory.resolve(FILE_NAME + "." + System.nanoTime() + ".tmp");
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView("posix");
        // Created owner-only from the start, so the secret is never readable by others, not even for an instant.
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(temporary, attributes);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(permission -> !OWNER_ONLY.contains(permission)
                && permission != PosixFilePermission.OWNER_EXECUTE)) {
            LOG.warn("Credentials file {} is accessible to other users ({}); run: chmod 600 {}", file,
                    PosixFilePermissions.toString(permissions), file);
        }
    }
}
