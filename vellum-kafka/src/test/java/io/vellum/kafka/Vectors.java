package io.vellum.kafka;

import io.vellum.testkit.vectors.QldbVectors;

/**
 * The shared QLDB vectors ({@code ../shared/qldb/vectors} beside the project) through the test kit's
 * {@link QldbVectors}: read in place, never copied; a test that needs an absent file is skipped (fails when
 * {@code vellum.vectors.required=true}, as in CI).
 */
final class Vectors {
    private Vectors() {
    }

    static String text(String relative) {
        return QldbVectors.textOrSkip(relative);
    }
}
