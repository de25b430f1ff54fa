package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.proof.LedgerDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The offline commands end to end: export, verify-export (good and tampered), import. */
class ExportImportCommandsTest {
    @TempDir
    Path temp;

    private static int run(String... args) {
        return new CommandLine(new VellumCommand()).execute(args);
    }

    @Test
    void exportVerifyImportRoundTrip() throws IOException {
        Path data = temp.resolve("data");
        LedgerDigest digest;
        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve("default"))) {
            ledger.executeStatement("CREATE TABLE T");
            ledger.executeStatement("INSERT INTO T VALUE {'a': 1}");
            digest = ledger.digest();
        }
        Path export = temp.resolve("export");
        assertThat(run("export", "--data", data.toString(), "--to", export.toString())).isZero();
        assertThat(run("verify-export", export.toString(), "--digest", digest.digest().toBase64(), "--tip",
                Long.toString(digest.tipAddress().sequenceNo()))).isZero();
        assertThat(run("import", export.toString(), "--data", data.toString(), "--ledger", "copy")).isZero();
        try (Ledger copy = Ledger.open(data.resolve("ledgers").resolve("copy"))) {
            assertThat(copy.digest()).isEqualTo(digest);
        }
        assertThat(run("import", export.toString(), "--data", data.toString(), "--ledger", "copy"))
                .as("importing over an existing ledger is refused").isEqualTo(1);

        Path object;
        try (Stream<Path> files = Files.walk(export)) {
            object = files.filter(f -> f.toString().endsWith(".ion")).findFirst().orElseThrow();
        }
        Files.writeString(object, Files.readString(object).replace("a:1", "a:2"));
        assertThat(run("verify-export", export.toString())).isEqualTo(1);
        assertThat(run("import", export.toString(), "--data", data.toString(), "--ledger", "bad")).isEqualTo(1);
        assertThat(Files.exists(data.resolve("ledgers").resolve("bad"))).isFalse();
    }
}
