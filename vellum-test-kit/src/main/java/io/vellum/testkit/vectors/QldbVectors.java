package io.vellum.testkit.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared QLDB vectors folder ({@code ../shared/qldb/vectors} beside the checkout: real QLDB artifacts and
 * driver test data that are not Vellum's to commit) and what a test does when it, or a file in it, is absent.
 *
 * <p>Where: the {@value #LOCATION_PROPERTY} system property when set (the parent pom sets it to the folder beside
 * the project root), used alone so that pointing it at a missing folder shows what every vector test does then;
 * else {@code ../../shared/qldb/vectors} seen from a module directory (where Surefire runs tests), else
 * {@code ../shared/qldb/vectors} seen from the project root.
 *
 * <p>When absent: the test is skipped (a JUnit assumption), so a fresh clone builds and runs Vellum's own
 * committed vectors; with {@value #REQUIRED_PROPERTY}{@code =true} (what {@code .ci/run} passes) it fails instead,
 * so CI cannot pass while silently skipping the tests that anchor Vellum to QLDB.
 */
public final class QldbVectors {
    /** System property naming the vectors folder. */
    public static final String LOCATION_PROPERTY = "vellum.vectors";
    /** System property that turns a missing vector from a skip into a failure. */
    public static final String REQUIRED_PROPERTY = "vellum.vectors.required";

    private final Path folder;
    private final boolean required;

    /**
     * @param folder where the vectors should be
     * @param required whether a missing folder or file fails the test (else it skips it)
     */
    public QldbVectors(Path folder, boolean required) {
        this.folder = folder;
        this.required = required;
    }

    /** The vectors as this test JVM's system properties configure them (see the class comment). */
    public static QldbVectors configured() {
        return new QldbVectors(configuredLocation(), Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY)));
    }

    /** The configured folder, checked: present, or the test skips (fails when required). */
    public static Path folderOrSkip() {
        return configured().folder();
    }

    /** The configured file {@code relative} to the folder, checked like {@link #folderOrSkip()}. */
    public static Path fileOrSkip(String relative) {
        return configured().file(relative);
    }

    /** The configured file or folder {@code relative} to the vectors folder, checked like {@link #folderOrSkip()}. */
    public static Path pathOrSkip(String relative) {
        return configured().path(relative);
    }

    /** The configured file's text (UTF-8), checked like {@link #folderOrSkip()}. */
    public static String textOrSkip(String relative) {
        return configured().text(relative);
    }

    /** Where the vectors should be, unchecked. */
    public static Path configuredLocation() {
        String property = System.getProperty(LOCATION_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path fromModule = Path.of("..", "..", "shared", "qldb", "vectors");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("..", "shared", "qldb", "vectors");
    }

    /** Whether the folder exists (for tests that add vector cases to others rather than depending on them). */
    public boolean present() {
        return Files.isDirectory(folder);
    }

    /** Whether a missing vector fails instead of skipping. */
    public boolean required() {
        return required;
    }

    /** The folder; skips the calling test (fails it when required) if it does not exist. */
    public Path folder() {
        if (!present()) {
            absent("QLDB vectors folder absent: " + folder.toAbsolutePath().normalize());
        }
        return folder;
    }

    /** A file of the folder; skips the calling test (fails it when required) if it does not exist. */
    public Path file(String relative) {
        Path file = folder().resolve(relative);
        if (!Files.isRegularFile(file)) {
            absent("QLDB vector file absent: " + file.toAbsolutePath().normalize());
        }
        return file;
    }

    /** A file or folder of the folder; skips the calling test (fails it when required) if it does not exist. */
    public Path path(String relative) {
        Path path = folder().resolve(relative);
        if (!Files.exists(path)) {
            absent("QLDB vector absent: " + path.toAbsolutePath().normalize());
        }
        return path;
    }

    /** A file's text (UTF-8); skips or fails like {@link #file}. */
    public String text(String relative) {
        try {
            return Files.readString(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void absent(String what) {
        if (required) {
            throw new AssertionError(what + " (required: " + REQUIRED_PROPERTY + "=true; set "
                    + LOCATION_PROPERTY + " to the folder, or drop the requirement to skip these tests)");
        }
        Assumptions.abort(what + " (skipped; " + REQUIRED_PROPERTY + "=true makes this a failure)");
    }
}
