package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonStruct;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.server.hosting.DataDirectoryLock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vellum shell} as a user runs it, input piped: a child JVM with the command's real entry point, so start-up
 * (logging, the data directory layout, exit codes) is what a user sees.
 */
class ShellCommandTest {
    @TempDir
    Path work;

    private CommandRun shell(String input, String... options) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("shell", "--data", work.resolve("data").toString()));
        arguments.addAll(List.of(options));
        return CommandRun.runInChildJvm(work, input, arguments.toArray(String[]::new));
    }

    @Test
    void pipedSessionsPrintIonKeepTheirDataAndReportFailuresInTheExitCode() throws Exception {
        CommandRun first = shell("CREATE TABLE T;\nINSERT INTO T VALUE {'a': 1};\n\\digest\n");
        assertThat(first.exitCode()).isZero();
        assertThat(first.err()).as("no start-up logging at INFO").isEmpty();
        IonDatagram values = IonSystemBuilder.standard().build().getLoader().load(first.out());
        assertThat(values).hasSize(3);
        assertThat(((IonStruct) values.get(2)).containsKey("digestTipAddress")).isTrue();
        assertThat(work.resolve("data").resolve("ledgers").resolve("default").resolve("journal")).isDirectory();

        CommandRun second = shell("SELECT VALUE a FROM T;\nSELECT * FROM Nope;\n\\verify\n");
        assertThat(second.exitCode()).as("a statement failed").isEqualTo(1);
        assertThat(second.out()).startsWith("1\n// 1 document\n").contains("// journal verified: blocks 0..2");
        assertThat(second.err()).isEqualTo("error NOT_FOUND: Table 'Nope' does not exist\n");
    }

    @Test
    void readOnlyShellVerifiesWithoutChangingTheJournalAndRefusesWrites() throws Exception {
        assertThat(shell("CREATE TABLE T;\nINSERT INTO T VALUE {'a': 1};\n").exitCode()).isZero();
        Path segment = work.resolve("data/ledgers/default/journal/00000000000000000000.seg");
        // A record a crash cut short: 9 bytes of a header.
        java.nio.file.Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 0},
                java.nio.file.StandardOpenOption.APPEND);
        byte[] torn = java.nio.file.Files.readAllBytes(segment);

        CommandRun readOnly = shell("SELECT VALUE a FROM T;\n\\verify\nINSERT INTO T VALUE {'a': 2};\n", "--read-only");
        assertThat(readOnly.out()).startsWith("1\n").contains("// journal verified: blocks 0..2");
        assertThat(readOnly.err()).contains("error INVALID_REQUEST: the ledger is open read-only");
        assertThat(java.nio.file.Files.readAllBytes(segment)).as("not even the torn tail was cut").isEqualTo(torn);
        assertThat(readOnly.err()).contains("// left in place: a torn tail of 9 bytes");

        CommandRun readWrite = shell("SELECT VALUE a FROM T;\n");
        assertThat(readWrite.exitCode()).isZero();
        assertThat(readWrite.err()).contains("// opening cut a torn tail of 9 bytes").contains(".quarantine");
        assertThat(java.nio.file.Files.size(segment)).isEqualTo(torn.length - 9);
        assertThat(shell("", "--read-only", "--ledger", "absent").exitCode()).isNotZero();
        assertThat(work.resolve("data/ledgers/absent")).doesNotExist();
    }

    @Test
    void aDataDirectoryInUseByAnotherProcessIsRefusedAtOnce() throws Exception {
        Path data = work.resolve("data");
        try (DataDirectoryLock server = DataDirectoryLock.acquire(data)) {
            CommandRun refused = shell("CREATE TABLE T;\n");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).isEqualTo("error: data directory " + data + " is in use by process "
                    + ProcessHandle.current().pid() + "\n");
            assertThat(data.resolve("ledgers")).doesNotExist();
        }
        assertThat(shell("CREATE TABLE T;\n").exitCode()).isZero();
    }

    @Test
    void aLedgerMadeByTheShellIsServedAndAServersLedgerOpensInTheShell() throws Exception {
        assertThat(shell("CREATE TABLE T;\nINSERT INTO T VALUE {'a': 1};\n").exitCode()).isZero();
        Path data = work.resolve("data");
        try (io.vellum.server.VellumServer server = io.vellum.server.VellumServer.start(
                io.vellum.server.ServerConfig.defaults(data).withPort(0).withCredentials("AKIDTEST", "s3cret"))) {
            assertThat(server.ledgers().list()).extracting(io.vellum.server.hosting.LedgerInfo::name).containsExactly("default");
            assertThat(server.ledgers().ledger("default").executeStatement("SELECT VALUE a FROM T").get(0).toString())
                    .isEqualTo("1");
            server.ledgers().create("bank", true, io.vellum.server.hosting.LedgerRegistry.ALLOW_ALL, java.util.Map.of());
            server.ledgers().ledger("bank").executeStatement("CREATE TABLE Accounts");
        }
        CommandRun bank = shell("SELECT * FROM information_schema.user_tables;\n", "--ledger", "bank");
        assertThat(bank.exitCode()).isZero();
        assertThat(bank.out()).contains("Accounts");
    }
}
