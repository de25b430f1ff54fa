package io.vellum.kafka;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared QLDB vectors folder: the {@code vellum.vectors} system property, else {@code ../../shared/qldb/vectors}
 * from the module. Read in place, never copied; a test that needs an absent
 * file is skipped.
 */
final class Vectors {
    private Vectors() {
    }

    static String text(String relative) {
        Path file = folder().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "vector file absent: " + file);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder() {
        String property = System.getProperty("vellum.vectors");
        List<Path> candidates = property == null
                ? List.of(Path.of("../../shared/qldb/vectors"))
                : List.of(Path.of(property), Path.of("../../shared/qldb/vectors"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "QLDB vectors folder absent: " + candidates);
        throw new IllegalStateException("unreachable");
    }
}
