package io.vellum.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared QLDB vectors folder ({@code vellum.vectors} system property, else {@code shared/qldb/vectors} beside
 * the checkout, seen from the module's directory where Surefire runs the tests).
 * Vectors are read in place, never copied into the project; a test that needs an absent file is skipped.
 */
public final class Vectors {
    private static final Path DEFAULT = Path.of("../../shared/qldb/vectors");

    private Vectors() {
    }

    public static Path folder() {
        String property = System.getProperty("vellum.vectors");
        Path folder = property != null && Files.isDirectory(Path.of(property)) ? Path.of(property) : DEFAULT;
        assumeTrue(Files.isDirectory(folder), "QLDB vectors folder absent: " + folder);
        return folder;
    }

    public static Path file(String relative) {
        Path file = folder().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "vector file absent: " + file);
        return file;
    }

    public static String text(String relative) {
        try {
            return Files.readString(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
