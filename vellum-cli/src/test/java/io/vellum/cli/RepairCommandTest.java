package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerHealth;
import io.vellum.proof.block.LedgerDigest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The read-only commands never change a journal, not even a torn tail; {@code vellum repair} is the one that does,
 * says exactly what it removes, and does nothing without {@code --yes}.
 */
class RepairCommandTest {
    @TempDir
    Path temp;

    private Path data;
    private Path segment;
    private LedgerDigest digest;
    private long cleanSize;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new VellumCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        // Some commands (export) print to System.out/err directly.
        java.io.ByteArrayOutputStream systemOut = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream systemErr = new java.io.ByteArrayOutputStream();
        java.io.PrintStream originalOut = System.out;
        java.io.PrintStream originalErr = System.err;
        int exitCode;
        try {
            System.setOut(new java.io.PrintStream(systemOut, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(systemErr, true, java.nio.charset.StandardCharsets.UTF_8));
            exitCode = command.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        Run run = new Run(exitCode, out + systemOut.toString(java.nio.charset.StandardCharsets.UTF_8),
                err + systemErr.toString(java.nio.charset.StandardCharsets.UTF_8));
        System.out.println("vellum " + String.join(" ", args) + " -> " + run.exitCode() + "\n" + run.out() + run.err());
        return run;
    }

    @BeforeEach
    void populate() throws IOException {
        data = temp.resolve("data");
        Path ledgerDirectory = data.resolve("ledgers").resolve("default");
        try (Ledger ledger = Ledger.open(ledgerDirectory)) {
            ledger.executeStatement("CREATE TABLE T");
            ledger.executeStatement("INSERT INTO T VALUE {'a': 1}");
            digest = ledger.digest();
        }
        try (Stream<Path> files = Files.list(ledgerDirectory.resolve("journal"))) {
            segment = files.filter(f -> f.toString().endsWith(".seg")).max(Path::compareTo).orElseThrow();
        }
        cleanSize = Files.size(segment);
    }

    /** Appends the first {@code length} bytes of a copy of the last record: a record a crash cut short. */
    private byte[] tearTail(int length) throws IOException {
        byte[] clean = Files.readAllBytes(segment);
        byte[] torn = Arrays.copyOf(clean, clean.length + length);
        System.arraycopy(clean, clean.length - 40, torn, clean.length, Math.min(length, 40));
        torn[clean.length + 11] ^= 0x01; // its sequenceNo field: not a copy of a valid record
        Files.write(segment, torn);
        return torn;
    }

    private List<Path> quarantineFiles() throws IOException {
        try (Stream<Path> files = Files.list(segment.getParent())) {
            return files.filter(f -> f.toString().endsWith(".quarantine")).toList();
        }
    }

    @Test
    void exportAndTheReadOnlyShellLeaveATornTailAlone() throws IOException {
        byte[] torn = tearTail(12);
        Run export = run("export", "--data", data.toString(), "--to", temp.resolve("export").toString());
        assertThat(export.exitCode()).isZero();
        assertThat(export.out()).contains("blocks (0.." + digest.tipAddress().sequenceNo() + ")");
        assertThat(Files.readAllBytes(segment)).as("export changed nothing").isEqualTo(torn);
        assertThat(run("verify-export", temp.resolve("export").toString()).exitCode()).isZero();

        try (Ledger ledger = Ledger.openReadOnly(data.resolve("ledgers").resolve("default"))) {
            // What `vellum shell --read-only` runs for \verify.
            Shell shell = new Shell(ledger, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            assertThat(shell.run(new java.io.BufferedReader(new java.io.StringReader("\\verify\n")), false)).isTrue();
            assertThat(ledger.health().tailCut().orElseThrow().cut()).isFalse();
        }
        assertThat(Files.readAllBytes(segment)).as("\\verify changed nothing").isEqualTo(torn);
        assertThat(quarantineFiles()).isEmpty();
    }

    @Test
    void repairSaysWhatItRemovesAndDoesItOnlyWithYes() throws IOException {
        byte[] torn = tearTail(12);
        long block = digest.tipAddress().sequenceNo() + 1;
        Run dryRun = run("repair", "--data", data.toString());
        assertThat(dryRun.exitCode()).isEqualTo(RepairCommand.REPAIR_PENDING);
        assertThat(dryRun.out()).contains("repair would remove block " + block + " (torn: never acknowledged), "
                + "12 bytes at byte offsets " + cleanSize + ".." + (cleanSize + 11) + " of " + segment)
                .contains(segment + "." + cleanSize + ".quarantine").contains("nothing was changed");
        assertThat(Files.readAllBytes(segment)).isEqualTo(torn);
        assertThat(quarantineFiles()).isEmpty();

        Run repair = run("repair", "--data", data.toString(), "--yes");
        assertThat(repair.exitCode()).isZero();
        assertThat(repair.out()).contains("removed block " + block)
                .contains("kept in " + segment + "." + cleanSize + ".quarantine");
        assertThat(Files.size(segment)).isEqualTo(cleanSize);
        assertThat(Files.readAllBytes(quarantineFiles().get(0)))
                .isEqualTo(Arrays.copyOfRange(torn, (int) cleanSize, torn.length));

        assertThat(run("repair", "--data", data.toString()).out()).contains("nothing to repair");
        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve("default"))) {
            assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.HEALTHY);
            assertThat(ledger.verifyJournal()).isEqualTo(digest);
        }
    }

    @Test
    void repairAnswersInJson() throws IOException {
        tearTail(12);
        long block = digest.tipAddress().sequenceNo() + 1;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Run dryRun = run("repair", "--data", data.toString(), "--json");
        assertThat(dryRun.exitCode()).isEqualTo(RepairCommand.REPAIR_PENDING);
        com.fasterxml.jackson.databind.JsonNode pending = json.readTree(dryRun.out());
        assertThat(pending.path("outcome").asText()).isEqualTo("pending");
        assertThat(pending.path("tail").path("kind").asText()).isEqualTo("TORN");
        assertThat(pending.path("tail").path("firstSequenceNo").asLong()).isEqualTo(block);
        assertThat(pending.path("tail").path("offset").asLong()).isEqualTo(cleanSize);
        assertThat(pending.path("tail").path("length").asLong()).isEqualTo(12);
        assertThat(pending.path("tail").path("quarantineFile").asText()).endsWith(".quarantine");
        assertThat(pending.path("appliedThrough").asLong()).isEqualTo(block - 1);
        assertThat(pending.get("journalEndsAt").isNull()).isTrue();

        com.fasterxml.jackson.databind.JsonNode repaired = json.readTree(
                run("repair", "--data", data.toString(), "--yes", "--json").out());
        assertThat(repaired.path("outcome").asText()).isEqualTo("repaired");
        assertThat(repaired.path("journalEndsAt").asLong()).isEqualTo(block - 1);
        com.fasterxml.jackson.databind.JsonNode intact = json.readTree(
                run("repair", "--data", data.toString(), "--json").out());
        assertThat(intact.path("outcome").asText()).isEqualTo("intact");
        assertThat(intact.get("tail").isNull()).isTrue();
    }

    @Test
    void repairNeverRemovesABlockTheStateStoreApplied() throws IOException {
        byte[] clean = Files.readAllBytes(segment);
        clean[clean.length - 5] ^= 0x40; // inside the last block's payload: an acknowledged, applied block
        Files.write(segment, clean);
        for (String[] args : List.of(new String[] {"repair", "--data", data.toString()},
                new String[] {"repair", "--data", data.toString(), "--yes"})) {
            Run refused = run(args);
            assertThat(refused.exitCode()).isEqualTo(RepairCommand.CANNOT_REPAIR);
            assertThat(refused.out()).contains("damaged tail").contains("block " + digest.tipAddress().sequenceNo());
            assertThat(refused.err()).contains("applied to the state store").contains("Nothing was changed");
        }
        assertThat(Files.readAllBytes(segment)).isEqualTo(clean);
        assertThat(quarantineFiles()).isEmpty();
        assertThat(run("repair", "--data", data.toString(), "--ledger", "nope").exitCode())
                .isEqualTo(RepairCommand.BAD_ARGUMENTS);
    }
}
