package io.vellum.server.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.ServerConfig;
import io.vellum.server.ServerProcess;
import io.vellum.server.VellumServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per data directory: a second server (or shell, or offline command) fails at once, naming the owner. */
class DataDirectoryLockTest {
    @TempDir
    Path directory;

    @Test
    void aSecondOwnerInThisProcessIsRefusedUntilTheFirstCloses() {
        Path data = directory.resolve("data");
        DataDirectoryLock first = DataDirectoryLock.acquire(data);
        assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessage("data directory " + data + " is in use by process " + ProcessHandle.current().pid());
        first.close();
        first.close();
        DataDirectoryLock.acquire(data).close();
    }

    @Test
    void aDataDirectoryThatIsAFileIsSaidInWordsWithoutJavaClassNames() throws Exception {
        Path file = Files.writeString(directory.resolve("notes.txt"), "not a directory");
        assertThatThrownBy(() -> DataDirectoryLock.acquire(file))
                .hasMessage("cannot use data directory " + file + ": " + file + " is a file, not a directory");
    }

    @Test
    void aSecondServerOnTheSameDirectoryFailsBeforeGeneratingKeysOrOpeningLedgers() {
        Path data = directory.resolve("data");
        try (VellumServer first = VellumServer.start(ServerConfig.defaults(data).withCredentials("AKIDFIRST", "s3cret"))) {
            first.ledgers().create("bank", false, null, null);
            assertThatThrownBy(() -> VellumServer.start(ServerConfig.defaults(data)))
                    .isInstanceOf(LedgerException.class)
                    .hasMessage("data directory " + data + " is in use by process " + ProcessHandle.current().pid());
            assertThat(data.resolve("credentials")).doesNotExist();
            // The first server is untouched by the refused start.
            assertThat(first.ledgers().ledger("bank").executeStatement("CREATE TABLE T")).hasSize(1);
        }
        // Closing released the directory.
        VellumServer.start(ServerConfig.defaults(data).withCredentials("AKIDFIRST", "s3cret")).close();
    }

    @Test
    void aServerInAnotherProcessHoldsTheDirectory() throws Exception {
        Path data = directory.resolve("data");
        try (ServerProcess child = ServerProcess.start(data, ServerProcess.freePort(), "AKIDCHILD", "s3cret",
                "127.0.0.1:9", "child.log")) {
            assertThat(Files.readString(data.resolve(DataDirectoryLock.FILE_NAME)).trim())
                    .isEqualTo(Long.toString(child.pid()));
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
                    .hasMessage("data directory " + data + " is in use by process " + child.pid());
            child.kill();
            // The OS released the lock with the killed process.
            DataDirectoryLock.acquire(data).close();
        }
    }
}
