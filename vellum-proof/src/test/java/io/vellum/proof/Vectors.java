package io.vellum.proof;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Access to the shared QLDB vectors folder ({@code vellum.vectors}, else {@code /work/shared/qldb/vectors}).
 * Vectors are read in place, never copied; a test skips (assumption) when the folder or file is absent.
 */
final class Vectors {
    static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final Path DEFAULT = Path.of("/work/shared/qldb/vectors");

    private Vectors() {
    }

    static Path folder() {
        String property = System.getProperty("vellum.vectors");
        Path folder = property != null && Files.isDirectory(Path.of(property)) ? Path.of(property) : DEFAULT;
        assumeTrue(Files.isDirectory(folder), "QLDB vectors folder absent: " + folder);
        return folder;
    }

    static Path file(String relative) {
        Path file = folder().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "vector file absent: " + file);
        return file;
    }

    static String text(String relative) {
        try {
            return Files.readString(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's single top-level value (JSON is read as Ion text). */
    static IonValue single(String relative) {
        IonDatagram values = ION.getLoader().load(text(relative));
        if (values.size() != 1) {
            throw new IllegalStateException(relative + " holds " + values.size() + " values, expected 1");
        }
        return values.get(0);
    }
}
