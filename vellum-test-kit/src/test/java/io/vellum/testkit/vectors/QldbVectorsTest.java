package io.vellum.testkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** A missing vector skips a test, or fails it when the vectors are required; a present one is read in place. */
class QldbVectorsTest {
    @TempDir
    Path directory;

    @Test
    void anAbsentFolderSkipsUnlessRequired() {
        Path absent = directory.resolve("no-such-folder");
        assertThatThrownBy(() -> new QldbVectors(absent, false).folder())
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("QLDB vectors folder absent: " + absent)
                .hasMessageContaining("vellum.vectors.required=true makes this a failure");
        assertThatThrownBy(() -> new QldbVectors(absent, true).folder())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("QLDB vectors folder absent: " + absent)
                .hasMessageContaining("required: vellum.vectors.required=true");
    }

    @Test
    void anAbsentFileSkipsUnlessRequired() {
        assertThatThrownBy(() -> new QldbVectors(directory, false).text("hashing/missing.json"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("QLDB vector file absent: " + directory.resolve("hashing/missing.json"));
        assertThatThrownBy(() -> new QldbVectors(directory, true).file("hashing/missing.json"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("QLDB vector file absent");
        assertThatThrownBy(() -> new QldbVectors(directory, true).path("driver-wire"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("QLDB vector absent");
    }

    @Test
    void presentFilesAndFoldersAreReadInPlace() throws IOException {
        Files.createDirectories(directory.resolve("driver-wire"));
        Files.writeString(directory.resolve("hashing.json"), "{\"a\": 1}");
        QldbVectors vectors = new QldbVectors(directory, true);
        assertThat(vectors.present()).isTrue();
        assertThat(vectors.required()).isTrue();
        assertThat(vectors.folder()).isEqualTo(directory);
        assertThat(vectors.file("hashing.json")).isEqualTo(directory.resolve("hashing.json"));
        assertThat(vectors.text("hashing.json")).isEqualTo("{\"a\": 1}");
        assertThat(vectors.path("driver-wire")).isDirectory();
    }

    @Test
    void theConfiguredLocationIsThePropertyAlone() {
        // The parent pom sets vellum.vectors for every module's tests; an explicit value is used without fallback.
        String configured = System.getProperty(QldbVectors.LOCATION_PROPERTY);
        if (configured != null) {
            assertThat(QldbVectors.configuredLocation()).isEqualTo(Path.of(configured));
        } else {
            assertThat(QldbVectors.configuredLocation().endsWith(Path.of("shared", "qldb", "vectors"))).isTrue();
        }
    }
}
