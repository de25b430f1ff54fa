package io.vellum.cli;

import static io.vellum.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.Ledger;
import io.vellum.proof.block.LedgerDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} of every command that prints results: standard output is exactly one JSON object with the
 * documented members, and the progress line never reaches a pipe.
 */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static LedgerDigest populate(Path data) {
        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve("default"))) {
            ledger.executeStatement("CREATE TABLE T");
            ledger.executeStatement("INSERT INTO T VALUE {'a': 1}");
            ledger.executeStatement("INSERT INTO T VALUE {'a': 2}");
            return ledger.digest();
        }
    }

    @Test
    void exportVerifyExportAndImportAnswerInJson() throws IOException {
        Path data = temp.resolve("data");
        LedgerDigest digest = populate(data);
        Path export = temp.resolve("export");
        String strand = digest.tipAddress().strandId();

        CommandRun exported = run("export", "--data", data.toString(), "--to", export.toString(), "--json");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.err()).as("no progress on a pipe").doesNotContain("\r", "exporting:");
        JsonNode export1 = exported.json();
        assertThat(export1.path("ledger").asText()).isEqualTo("default");
        assertThat(export1.path("exportId").asText()).hasSize(22);
        assertThat(export1.path("strandId").asText()).isEqualTo(strand);
        assertThat(export1.path("blocks").asLong()).isEqualTo(4);
        assertThat(export1.path("firstSequenceNo").asLong()).isZero();
        assertThat(export1.path("lastSequenceNo").asLong()).isEqualTo(3);
        assertThat(export1.path("objects")).hasSize(1);
        assertThat(export1.path("directory").asText()).isEqualTo(export.toAbsolutePath().normalize().toString());
        assertThat(export1.path("digest").path("digest").asText()).isEqualTo(digest.digest().toBase64());
        assertThat(export1.path("digest").path("tipAddress").path("sequenceNo").asLong()).isEqualTo(3);
        assertThat(export1.path("digest").path("tipAddress").path("strandId").asText()).isEqualTo(strand);
        assertThat(Path.of(export1.path("digestFile").asText())).exists();

        CommandRun verified = run("verify-export", export.toString(), "--digest", digest.digest().toBase64(), "--tip", "3",
                "--json");
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.err()).doesNotContain("\r", "verifying:");
        JsonNode verify = verified.json();
        assertThat(verify.path("verified").asBoolean()).isTrue();
        assertThat(verify.path("strandId").asText()).isEqualTo(strand);
        assertThat(verify.path("firstSequenceNo").asLong()).isZero();
        assertThat(verify.path("lastSequenceNo").asLong()).isEqualTo(3);
        assertThat(verify.path("blocks").asLong()).isEqualTo(4);
        assertThat(verify.path("lastBlockHash").asText()).hasSize(44);
        assertThat(verify.path("digest").asText()).isEqualTo(digest.digest().toBase64());
        assertThat(verify.path("givenDigest").path("tipSequenceNo").asLong()).isEqualTo(3);

        CommandRun imported = run("import", export.toString(), "--data", data.toString(), "--ledger", "copy", "--json");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.err()).doesNotContain("\r", "verifying:", "writing:");
        JsonNode copy = imported.json();
        assertThat(copy.path("ledger").asText()).isEqualTo("copy");
        assertThat(copy.path("blocks").asLong()).isEqualTo(4);
        assertThat(copy.path("digest").path("digest").asText()).isEqualTo(digest.digest().toBase64());
        assertThat(copy.path("created").asText()).endsWith("Z");
        assertThat(copy.path("directory").asText()).endsWith("copy");
    }

    @Test
    void anExportThatDoesNotVerifyAnswersVerifiedFalse() throws IOException {
        Path data = temp.resolve("data");
        populate(data);
        Path export = temp.resolve("export");
        assertThat(run("export", "--data", data.toString(), "--to", export.toString()).exitCode()).isZero();
        Path object;
        try (Stream<Path> files = Files.walk(export)) {
            object = files.filter(f -> f.toString().endsWith(".ion")).findFirst().orElseThrow();
        }
        Files.writeString(object, Files.readString(object).replace("a:2", "a:3"));
        CommandRun verify = run("verify-export", export.toString(), "--json");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.json().path("verified").asBoolean()).isFalse();
        assertThat(verify.json().path("message").asText()).startsWith("block 3 (");
        assertThat(verify.err()).startsWith("verification FAILED: block 3 (");
    }

    @Test
    void anEmptyExportHasNullSequenceNumbersAndDigest() throws IOException {
        Path data = temp.resolve("data");
        populate(data);
        CommandRun exported = run("export", "--data", data.toString(), "--to", temp.resolve("export").toString(),
                "--start", "2000-01-01T00:00:00Z", "--end", "2000-01-02T00:00:00Z", "--json");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        JsonNode node = exported.json();
        assertThat(node.path("blocks").asLong()).isZero();
        assertThat(node.get("firstSequenceNo").isNull()).isTrue();
        assertThat(node.get("digest").isNull()).isTrue();
        assertThat(node.get("digestFile").isNull()).isTrue();
    }

    @Test
    void verifyAnswersInJson() throws IOException {
        Path digest = VerifyCommandTest.vector("qldb-get-digest.json");
        CommandRun revision = VerifyCommandTest.verify("--digest", digest.toString(), "--revision",
                VerifyCommandTest.vector("qldb-get-revision.json").toString(), "--json");
        assertThat(revision.exitCode()).as(revision.err()).isZero();
        JsonNode node = JSON.readTree(revision.out());
        assertThat(node.path("verified").asBoolean()).isTrue();
        assertThat(node.path("digest").path("digest").asText()).isEqualTo("6m6BMXobbJKpMhahwVthAEsN6awgnHK62Qq5McGP1Gk=");
        assertThat(node.path("digest").path("tipAddress").path("sequenceNo").asLong()).isEqualTo(123);
        assertThat(node.path("revision").path("id").asText()).isEqualTo("JUJgkIcNbhS2goq8RqLuZ4");
        assertThat(node.path("revision").path("version").asLong()).isEqualTo(3);
        assertThat(node.path("revision").path("revisionHash").asText())
                .isEqualTo("mHVex/yjHAWjFPpwhBuH2GKXmKJjK2FBa9faqoUVNtg=");
        assertThat(node.path("revision").path("data").asText()).contains("PendingPenaltyTicketAmount:90.25");
        assertThat(node.path("revision").path("blockAddress").path("sequenceNo").asLong()).isEqualTo(100);
        assertThat(node.path("proofHashes").asInt()).isEqualTo(10);
        assertThat(node.get("block").isNull()).isTrue();
        assertThat(node.path("signaturesChecked").asBoolean()).isFalse();

        CommandRun block = VerifyCommandTest.verify("--digest", digest.toString(), "--block",
                VerifyCommandTest.vector("qldb-get-block.json").toString(), "--json");
        assertThat(block.exitCode()).as(block.err()).isZero();
        JsonNode blockNode = JSON.readTree(block.out());
        assertThat(blockNode.path("block").path("blockHash").asText())
                .isEqualTo("NoChM92yKRuJAb/jeLd1VnYn4DHiWIf071ACfic9uHc=");
        assertThat(blockNode.path("block").path("blockAddress").path("sequenceNo").asLong()).isEqualTo(100);
        assertThat(blockNode.path("proofHashes").asInt()).isEqualTo(7);

        String content = Files.readString(VerifyCommandTest.vector("qldb-get-digest.json"), StandardCharsets.UTF_8);
        Path wrong = temp.resolve("wrong-digest.json");
        Files.writeString(wrong, content.replace("6m6BMXobbJKpMhahwVthAEsN6awgnHK62Qq5McGP1Gk=",
                "5m6BMXobbJKpMhahwVthAEsN6awgnHK62Qq5McGP1Gk="));
        CommandRun failed = VerifyCommandTest.verify("--digest", wrong.toString(), "--revision",
                VerifyCommandTest.vector("qldb-get-revision.json").toString(), "--json");
        assertThat(failed.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        JsonNode failure = JSON.readTree(failed.out());
        assertThat(failure.path("verified").asBoolean()).isFalse();
        assertThat(failure.path("message").asText()).isNotEmpty();
        assertThat(failure.path("computed").asText()).contains("6m6BMXobbJKpMhahwVthAEsN6awgnHK62Qq5McGP1Gk=");
        assertThat(failed.err()).startsWith("NOT VERIFIED: ");
    }
}
