package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison's throw-away PostgreSQL starts under any work directory: a deep one once failed it, because the
 * server's Unix-domain socket would have had a path longer than the 107 bytes allowed. Skipped without Debian's
 * PostgreSQL 15 binaries (CI installs them).
 */
class PostgresClusterTest {
    private static final Path BINARIES = Path.of("/usr/lib/postgresql/15/bin");

    @TempDir
    Path temporary;

    @Test
    void startsAndAnswersUnderAWorkDirectoryTooDeepForAUnixSocket() throws Exception {
        assumeTrue(Files.isExecutable(BINARIES.resolve("initdb")), "PostgreSQL 15 binaries are not installed");
        Path work = temporary;
        for (int level = 0; work.toString().length() < 120; level++) {
            work = work.resolve("a-work-directory-deep-enough-" + level);
        }
        Files.createDirectories(work);
        // The server runs as user postgres when the harness runs as root: it must be able to reach the directory.
        for (Path level = work; level.startsWith(temporary); level = level.getParent()) {
            Files.setPosixFilePermissions(level, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (PostgresCluster cluster = PostgresCluster.start(BINARIES, work, 4);
             Connection connection = cluster.connect("postgres");
             Statement statement = connection.createStatement();
             ResultSet answer = statement.executeQuery("SELECT 1 + 1")) {
            assertThat(answer.next()).isTrue();
            assertThat(answer.getInt(1)).isEqualTo(2);
        }
    }
}
