package io.vellum.proof;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.testkit.vectors.QldbVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Access to the shared QLDB vectors folder, {@code ../shared/qldb/vectors} beside the project, through the test
 * kit's {@link QldbVectors}: read in place, never copied; a test skips when the folder or file is absent (fails when
 * {@code vellum.vectors.required=true}, as in CI), so a checkout without the shared folder still builds.
 */
public final class Vectors {
    public static final IonSystem ION = IonSystemBuilder.standard().build();

    private Vectors() {
    }

    public static Path folder() {
        return QldbVectors.folderOrSkip();
    }

    public static Path file(String relative) {
        return QldbVectors.fileOrSkip(relative);
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
