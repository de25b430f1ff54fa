package io.vellum.cli;

import static io.vellum.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline commands end to end: export, verify-export (good, tampered, and with unusable arguments, each with
 * the message a user sees), import, and a server hosting the imported ledger.
 */
class ExportImportCommandsTest {
    @TempDir
    Path temp;

    /** A ledger {@code default} in {@code data} with a table and two documents (blocks 0..3). */
    private static LedgerDigest populate(Path data) {
        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve("default"))) {
            ledger.executeStatement("CREATE TABLE T");
            ledger.executeStatement("INSERT INTO T VALUE {'a': 1}");
            ledger.executeStatement("INSERT INTO T VALUE {'a': 2}");
            return ledger.digest();
        }
    }

    private static Path dataObject(Path export) throws IOException {
        try (Stream<Path> files = Files.walk(export)) {
            return files.filter(f -> f.toString().endsWith(".ion")).findFirst().orElseThrow();
        }
    }

    @Test
    void exportAndImportRefuseADataDirectoryInUse() throws IOException {
        Path data = temp.resolve("data");
        populate(data);
        Path export = temp.resolve("export");
        String inUse = "data directory " + data + " is in use by process " + ProcessHandle.current().pid();
        try (io.vellum.server.hosting.DataDirectoryLock server = io.vellum.server.hosting.DataDirectoryLock.acquire(data)) {
            CommandRun exported = run("export", "--data", data.toString(), "--to", export.toString());
            assertThat(exported.exitCode()).isEqualTo(1);
            assertThat(exported.err()).isEqualTo("export FAILED: " + inUse + "\n");
            assertThat(export).doesNotExist();
        }
        assertThat(run("export", "--data", data.toString(), "--to", export.toString()).exitCode()).isZero();
        try (io.vellum.server.hosting.DataDirectoryLock server = io.vellum.server.hosting.DataDirectoryLock.acquire(data)) {
            CommandRun imported = run("import", export.toString(), "--data", data.toString(), "--ledger", "copy");
            assertThat(imported.exitCode()).isEqualTo(1);
            assertThat(imported.err()).isEqualTo("import FAILED (nothing was created): " + inUse + "\n");
            assertThat(data.resolve("ledgers").resolve("copy")).doesNotExist();
        }
    }

    @Test
    void exportVerifyImportRoundTripAndTheServerHostsTheImportedLedger() throws IOException {
        Path data = temp.resolve("data");
        LedgerDigest digest = populate(data);
        Path export = temp.resolve("export");
        CommandRun exported = run("export", "--data", data.toString(), "--to", export.toString());
        assertThat(exported.exitCode()).isZero();
        // The digest verify-export --digest needs: printed, with the command, and written beside the manifests.
        assertThat(exported.out()).contains("digest at the export's last block (tip 3): "
                + digest.digest().toBase64(), "vellum verify-export " + export + " --digest "
                + digest.digest().toBase64() + " --tip 3");
        Path digestFile;
        try (Stream<Path> files = Files.list(export)) {
            digestFile = files.filter(file -> file.toString().endsWith(".digest.json")).findFirst().orElseThrow();
        }
        com.fasterxml.jackson.databind.JsonNode saved = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(digestFile.toFile());
        assertThat(saved.path("digest").asText()).isEqualTo(digest.digest().toBase64());
        assertThat(saved.path("digestTipAddress").path("sequenceNo").asLong()).isEqualTo(3);
        assertThat(saved.path("digestTipAddress").path("strandId").asText())
                .isEqualTo(digest.tipAddress().strandId());
        assertThat(saved.path("ledger").asText()).isEqualTo("default");
        CommandRun verified = run("verify-export", export.toString(), "--digest", digest.digest().toBase64(), "--tip",
                Long.toString(digest.tipAddress().sequenceNo()));
        assertThat(verified.exitCode()).isZero();
        assertThat(verified.out()).startsWith("verified 4 blocks 0..3 of strand " + digest.tipAddress().strandId())
                .contains("blocks 0..3 fold to the given digest");

        CommandRun imported = run("import", export.toString(), "--data", data.toString(), "--ledger", "copy");
        assertThat(imported.exitCode()).isZero();
        assertThat(imported.out()).contains("imported ledger 'copy'").contains(digest.digest().toBase64());
        try (Stream<Path> entries = Files.list(data.resolve("ledgers"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("no staging directory left")
                    .containsExactlyInAnyOrder("default", "copy");
        }

        Instant blockZero;
        try (Ledger original = Ledger.open(data.resolve("ledgers").resolve("default"))) {
            blockZero = Instant.ofEpochMilli(original.readBlock(new BlockAddress(original.strandId(), 0))
                    .blockTimestamp().getMillis());
        }
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(data))) {
            assertThat(server.ledgers().describe("copy").creationDateTime())
                    .as("the imported ledger keeps its own creation time, so exports from any earlier time hold it all")
                    .isEqualTo(blockZero);
            Ledger copy = server.ledgers().ledger("copy");
            assertThat(copy.digest()).isEqualTo(digest);
            assertThat(copy.executeStatement("SELECT VALUE t.a FROM T AS t")).hasSize(2);
            copy.executeStatement("INSERT INTO T VALUE {'a': 3}");
            assertThat(copy.readBlock(copy.digest().tipAddress()).previousBlockHash())
                    .isEqualTo(copy.readBlock(digest.tipAddress()).blockHash());
        }

        CommandRun again = run("import", export.toString(), "--data", data.toString(), "--ledger", "copy");
        assertThat(again.exitCode()).as("importing over an existing ledger is refused").isEqualTo(2);
        assertThat(again.err()).contains("error: ledger 'copy' already exists");
        CommandRun badName = run("import", export.toString(), "--data", data.toString(), "--ledger", "no_such_name");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("--ledger: a ledger name may contain only letters, digits and hyphens");
    }

    @Test
    void aTamperedExportIsRejectedNamingTheBlockAndNothingIsImported() throws IOException {
        Path data = temp.resolve("data");
        populate(data);
        Path export = temp.resolve("export");
        assertThat(run("export", "--data", data.toString(), "--to", export.toString()).exitCode()).isZero();
        Path object = dataObject(export);
        Files.writeString(object, Files.readString(object).replace("a:2", "a:3"));

        CommandRun verify = run("verify-export", export.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).startsWith("verification FAILED: block 3 (")
                .contains("hash must be dot(ionHash(metadata), ionHash(data)): expected");
        CommandRun imported = run("import", export.toString(), "--data", data.toString(), "--ledger", "bad");
        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.err()).startsWith("import FAILED (nothing was created): block 3 (");
        try (Stream<Path> entries = Files.list(data.resolve("ledgers"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("default");
        }
    }

    @Test
    void unusableArgumentsGetClearMessages() throws IOException {
        Path data = temp.resolve("data");
        LedgerDigest digest = populate(data);
        Path export = temp.resolve("export");
        assertThat(run("export", "--data", data.toString(), "--to", export.toString()).exitCode()).isZero();
        String good = digest.digest().toBase64();
        Path missing = temp.resolve("missing");

        expectError(run("verify-export", missing.toString()), 2, "error: export directory " + missing
                + " does not exist");
        expectError(run("import", missing.toString(), "--data", data.toString(), "--ledger", "x"), 2,
                "error: export directory " + missing + " does not exist");
        Path file = Files.writeString(temp.resolve("file.txt"), "x");
        expectError(run("verify-export", file.toString()), 2, "error: " + file + " is not a directory");
        expectError(run("verify-export", export.toString(), "--digest", "not*base64", "--tip", "3"), 2,
                "error: --digest must be a ledger digest in Base64 (32 bytes, 44 characters, as GetDigest returns "
                        + "it); 'not*base64' is not Base64");
        expectError(run("verify-export", export.toString(), "--digest", "AAAA", "--tip", "3"), 2,
                "error: --digest must be a ledger digest in Base64 (32 bytes, 44 characters, as GetDigest returns "
                        + "it); 'AAAA' decodes to 3 bytes");
        expectError(run("verify-export", export.toString(), "--digest", good), 2,
                "error: --digest and --tip go together");
        expectError(run("verify-export", export.toString(), "--digest", good, "--tip", "-1"), 2,
                "error: --tip must be a block sequence number (0 or more), got -1");
        expectError(run("verify-export", export.toString(), "--digest", good, "--tip", "99"), 1,
                "verification FAILED: the digest's tip 99 is beyond the export's last block 3 (it holds blocks "
                        + "0..3): a digest at tip 99 needs blocks 0..99");
        expectError(run("verify-export", export.toString(), "--digest", good, "--tip", "2"), 1,
                "verification FAILED: blocks 0..2 of the export do not fold to the digest: expected " + good
                        + " but computed");
        expectError(run("verify-export", export.toString(), "--manifest", missing.toString()), 2,
                "error: --manifest " + missing + " does not exist");

        CommandRun noLedger = run("export", "--data", data.toString(), "--ledger", "nosuch", "--to",
                temp.resolve("never").toString());
        expectError(noLedger, 2, "error: there is no ledger 'nosuch' in " + data);
        assertThat(data.resolve("ledgers").resolve("nosuch")).as("no ledger is created by a typo").doesNotExist();
        assertThat(temp.resolve("never")).doesNotExist();
    }

    private static void expectError(CommandRun run, int exitCode, String messageStart) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err()).startsWith(messageStart);
        assertThat(List.of(run.err().split("\n"))).as("one line, no stack trace").hasSize(1);
    }
}
