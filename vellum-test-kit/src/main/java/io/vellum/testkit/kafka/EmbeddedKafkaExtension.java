package io.vellum.testkit.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process KRaft broker ({@link EmbeddedKafka}) for a test class. Register it as a static field with
 * {@code @RegisterExtension}: the broker starts in a fresh temporary directory before the class's first test, and
 * is closed, its directory deleted, after the last.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {
    private final int partitions;
    private Path directory;
    private EmbeddedKafka kafka;

    /** @param partitions partitions of every topic the broker creates */
    public EmbeddedKafkaExtension(int partitions) {
        this.partitions = partitions;
    }

    /** The running broker; only between the class's first and last test. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("the broker runs only while the test class does");
        }
        return kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("vellum-kafka-");
        kafka = new EmbeddedKafka(directory, partitions);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            kafka = null;
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
