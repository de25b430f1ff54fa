package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.Ledger;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.hosting.DataDirectoryLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vellum status}: every ledger of a data directory with its state, tip and sizes, as a table or JSON. */
class StatusCommandTest {
    @TempDir
    Path work;

    private record Run(int exitCode, String out) {
    }

    private Run status(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine vellum = VellumCommand.commandLine(false);
        StatusCommand command = vellum.getSubcommands().get("status").getCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] all = new String[arguments.length + 1];
        all[0] = "status";
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        Run run = new Run(vellum.execute(all), out.toString(StandardCharsets.UTF_8));
        System.out.println(run.out());
        return run;
    }

    private LedgerDigest ledger(Path data, String name, int inserts) {
        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve(name))) {
            ledger.executeStatement("CREATE TABLE T");
            for (int i = 0; i < inserts; i++) {
                ledger.executeStatement("INSERT INTO T VALUE {'a': " + i + "}");
            }
            return ledger.digest();
        }
    }

    @Test
    void listsEveryLedgerWithItsStateTipAndSizes() throws Exception {
        Path data = work.resolve("data");
        LedgerDigest bank = ledger(data, "bank", 3);
        LedgerDigest shop = ledger(data, "shop", 0);

        Run table = status("--data", data.toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("LEDGER", "STATE", "TIP", "JOURNAL", "STATE STORE")
                .containsPattern("bank +ACTIVE +4 +[0-9.]+ (B|KiB)")
                .containsPattern("shop +ACTIVE +1 ")
                .contains("made without a server; vellum serve adopts it");

        Run json = status("--data", data.toString(), "--json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.path("ledgers")).hasSize(2);
        JsonNode first = root.path("ledgers").get(0);
        assertThat(first.path("name").asText()).isEqualTo("bank");
        assertThat(first.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(first.path("tipSequenceNo").asLong()).isEqualTo(bank.tipAddress().sequenceNo());
        assertThat(first.path("digest").asText()).isEqualTo(bank.digest().toBase64());
        assertThat(first.path("journalBytes").asLong()).isPositive();
        assertThat(root.path("ledgers").get(1).path("tipSequenceNo").asLong())
                .isEqualTo(shop.tipAddress().sequenceNo());
    }

    @Test
    void aDirectoryInUseIsSaidAndNotRead() {
        Path data = work.resolve("data");
        ledger(data, "bank", 1);
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            Run run = status("--data", data.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
        }
        assertThat(status("--data", work.resolve("nowhere").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void sizesReadAsPeopleReadThem() {
        assertThat(StatusCommand.bytes(512)).isEqualTo("512 B");
        assertThat(StatusCommand.bytes(3 * 1024 + 512)).isEqualTo("3.5 KiB");
        assertThat(StatusCommand.bytes(12L * 1024 * 1024)).isEqualTo("12.0 MiB");
    }
}
