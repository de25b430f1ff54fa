package io.vellum.client;

import io.vellum.testkit.vectors.QldbVectors;
import java.nio.file.Path;

/**
 * The shared QLDB vectors ({@code ../shared/qldb/vectors} beside the project) through the test kit's
 * {@link QldbVectors}: read in place, never copied; a test that needs an absent file is skipped (fails when
 * {@code vellum.vectors.required=true}, as in CI).
 */
public final class Vectors {
    private Vectors() {
    }

    public static Path folder() {
        return QldbVectors.folderOrSkip();
    }

    public static Path file(String relative) {
        return QldbVectors.fileOrSkip(relative);
    }

    public static String text(String relative) {
        return QldbVectors.textOrSkip(relative);
    }
}
