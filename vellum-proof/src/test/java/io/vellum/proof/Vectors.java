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
 * Access to the shared QLDB vectors folder, {@code ../shared/qldb/vectors} beside the project: the
 * {@code vellum.vectors} system property when set (the build sets it from the project root), else that folder
 * seen from the module or the project root. Vectors are read in place, never copied; a test skips (assumption)
 * when the folder or file is absent, so a checkout without the shared folder still builds.
 */
public final class Vectors {
    public static final IonSystem ION = IonSystemBuilder.standard().build();

    private Vectors() {
    }

    public static Path folder() {
        Path folder = location();
        assumeTrue(Files.isDirectory(folder), "QLDB vectors folder absent: " + folder.toAbsolutePath());
        return folder;
    }

    /**
     * Where the vectors should be. An explicit property is used alone (no fallback), so pointing it at a missing
     * folder shows that every vector test skips cleanly.
     */
    public static Path location() {
        String property = System.getProperty("vellum.vectors");
        if (property != null) {
            return Path.of(property);
        }
        Path fromModule = Path.of("..", "..", "shared", "qldb", "vectors");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("..", "shared", "qldb", "vectors");
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

    /** The file's single top-level value (JSON is read as Ion text). */
    public static IonValue single(String relative) {
        IonDatagram values = ION.getLoader().load(text(relative));
        if (values.size() != 1) {
            throw new IllegalStateException(relative + " holds " + values.size() + " values, expected 1");
        }
        return values.get(0);
    }
}
