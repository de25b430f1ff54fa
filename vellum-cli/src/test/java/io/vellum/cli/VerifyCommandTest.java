package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.testkit.vectors.QldbVectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vellum verify} on Amazon QLDB's real responses (the AWS CLI examples in the shared vectors, read in place)
 * and on mutated copies of them written to a temporary folder: every mutation must fail with expected and computed
 * values, never verify.
 */
class VerifyCommandTest {
    private static final String REVISION_HASH = "mHVex/yjHAWjFPpwhBuH2GKXmKJjK2FBa9faqoUVNtg=";
    private static final String DIGEST = "6m6BMXobbJKpMhahwVthAEsN6awgnHK62Qq5McGP1Gk=";

    @TempDir
    Path temporary;

    static CommandRun verify(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new VerifyCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(arguments);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    static Path vector(String name) {
        return QldbVectors.fileOrSkip("aws-cli-qldb-examples/" + name);
    }

    /** A copy of vector {@code name} with {@code original} replaced by {@code replacement} (which must occur). */
    private Path mutated(String name, String original, String replacement) throws IOException {
        String content = Files.readString(vector(name), StandardCharsets.UTF_8);
        assertThat(content).contains(original);
        Path copy = temporary.resolve("mutated-" + name);
        Files.writeString(copy, content.replace(original, replacement), StandardCharsets.UTF_8);
        return copy;
    }

    @Test
    void amazonQldbRevisionVerifiesAgainstItsDigest() {
        CommandRun run = verify("--digest", vector("qldb-get-digest.json").toString(),
                "--revision", vector("qldb-get-revision.json").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Verified revision {id:\"JUJgkIcNbhS2goq8RqLuZ4\",version:3}",
                "sequenceNo:100", REVISION_HASH, "10 hashes", DIGEST, "sequenceNo:123");
        // The data that was hashed is shown, so the user sees what was verified.
        assertThat(run.out()).contains("data:            {VIN:\"1N4AL11D75C109151\"", "PendingPenaltyTicketAmount:90.25");
    }

    @Test
    void aSecondOrUnknownCopyInAnAmazonQldbAnswerFails() throws IOException {
        Path digest = vector("qldb-get-digest.json");
        String content = Files.readString(vector("qldb-get-revision.json"), StandardCharsets.UTF_8);
        String hashed = content.substring(content.indexOf("\"Revision\""), content.indexOf("\"Proof\""));
        Path twice = temporary.resolve("twice.json");
        Files.writeString(twice, content.replace("\"Proof\"", hashed.replace("90.25", "9.25") + "\"Proof\""));
        CommandRun second = verify("--digest", digest.toString(), "--revision", twice.toString());
        assertThat(second.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(second.err()).contains("\"Revision\" more than once");
        assertThat(second.out()).isEmpty();

        CommandRun unknown = verify("--digest", digest.toString(), "--revision",
                mutated("qldb-get-revision.json", "\"Proof\"", "\"Data\": {\"Amount\": 9.25},\n  \"Proof\"").toString());
        assertThat(unknown.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(unknown.err()).contains("\"Data\"", "an unknown copy cannot be checked");

        CommandRun twoDigests = verify("--digest", mutated("qldb-get-digest.json", "\"DigestTipAddress\"",
                "\"Digest\": \"5m6BMXobbJKpMhahwVthAEsN6awgnHK62Qq5McGP1Gk=\",\n  \"DigestTipAddress\"").toString(),
                "--revision", vector("qldb-get-revision.json").toString());
        assertThat(twoDigests.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(twoDigests.err()).contains("\"Digest\" more than once");
    }

    @Test
    void amazonQldbBlockVerifiesAgainstItsDigest() {
        CommandRun run = verify("--digest", vector("qldb-get-digest.json").toString(),
                "--block", vector("qldb-get-block.json").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Verified block {strandId:\"KmA3ZZca7vAIiJAK9S5Iwl\",sequenceNo:100}",
                "NoChM92yKRuJAb/jeLd1VnYn4DHiWIf071ACfic9uHc=", "7 hashes", DIGEST);
    }

    @Test
    void changedRevisionDataFailsWithStoredAndRecomputedHash() throws IOException {
        CommandRun run = verify("--digest", vector("qldb-get-digest.json").toString(),
                "--revision", mutated("qldb-get-revision.json", "PendingPenaltyTicketAmount:90.25",
                        "PendingPenaltyTicketAmount:9.25").toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("NOT VERIFIED", "expected: " + REVISION_HASH, "computed: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void changedRevisionHashAndDataStillFailAtTheDigest() throws IOException {
        // An attacker who recomputes the revision hash after changing the data is caught by the proof fold.
        Path digest = vector("qldb-get-digest.json");
        Path changedHash = mutated("qldb-get-revision.json", "hash:{{" + REVISION_HASH + "}}",
                "hash:{{" + "A".repeat(43) + "=}}");
        CommandRun run = verify("--digest", digest.toString(), "--revision", changedHash.toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("expected: " + "A".repeat(43) + "=", "computed: " + REVISION_HASH);
    }

    @Test
    void changedProofEntryFailsWithDigestAndFold() throws IOException {
        CommandRun run = verify("--digest", vector("qldb-get-digest.json").toString(),
                "--revision", mutated("qldb-get-revision.json", "{{VV1rdaNuf+yJZVGlmsM6gr2T52QvBO8Lg+KgpjcnWAU=}},",
                        "").toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("proof of 9 hashes must fold to the digest", "expected: " + DIGEST,
                "computed: ");
    }

    @Test
    void otherDigestFails() throws IOException {
        CommandRun run = verify("--digest", mutated("qldb-get-digest.json", DIGEST,
                        "5m6BMXobbJKpMhahwVthAEsN6awgnHK62Qq5McGP1Gk=").toString(),
                "--block", vector("qldb-get-block.json").toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("expected: 5m6BMXob", "computed: " + DIGEST);
    }

    @Test
    void digestWhoseTipPrecedesTheBlockFails() throws IOException {
        CommandRun run = verify("--digest", mutated("qldb-get-digest.json", "sequenceNo:123", "sequenceNo:99").toString(),
                "--block", vector("qldb-get-block.json").toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("must be covered by the digest", "sequenceNo <= 99");
    }

    @Test
    void changedBlockStatementFailsItsEntriesHashList() throws IOException {
        CommandRun run = verify("--digest", vector("qldb-get-digest.json").toString(),
                "--block", mutated("qldb-get-block.json", "VALUE { 'PersonId'", "VALUE {'PersonId'").toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("rule 1: ionHash(transactionInfo) must be in entriesHashList");
    }

    @Test
    void changedBlockHashFailsRuleFive() throws IOException {
        CommandRun run = verify("--digest", vector("qldb-get-digest.json").toString(),
                "--block", mutated("qldb-get-block.json", "blockHash:{{NoChM92", "blockHash:{{MoChM92").toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("rule 5", "expected: MoChM92", "computed: NoChM92");
    }

    @Test
    void revisionWithoutProofIsBadInputNamingTheRemedy() throws IOException {
        Path noProof = temporary.resolve("no-proof.json");
        String content = Files.readString(vector("qldb-get-revision.json"), StandardCharsets.UTF_8);
        Files.writeString(noProof, content.substring(0, content.indexOf(",\n  \"Proof\"")) + "\n}\n");
        CommandRun run = verify("--digest", vector("qldb-get-digest.json").toString(), "--revision", noProof.toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.BAD_INPUT);
        assertThat(run.err()).contains("has no Proof", "--digest-tip-address");
    }

    @Test
    void wrongKindOfResponseMissingFileAndNonJsonAreBadInput() throws IOException {
        Path digest = vector("qldb-get-digest.json");
        CommandRun swapped = verify("--digest", digest.toString(), "--revision", vector("qldb-get-block.json").toString());
        assertThat(swapped.exitCode()).isEqualTo(VerifyCommand.BAD_INPUT);
        assertThat(swapped.err()).contains("is not a GetRevision response");

        CommandRun missing = verify("--digest", temporary.resolve("absent.json").toString(), "--block", digest.toString());
        assertThat(missing.exitCode()).isEqualTo(VerifyCommand.BAD_INPUT);
        assertThat(missing.err()).contains("cannot read");

        Path garbage = temporary.resolve("garbage.json");
        Files.writeString(garbage, "{\"Digest\": ");
        CommandRun notJson = verify("--digest", garbage.toString(), "--block", vector("qldb-get-block.json").toString());
        assertThat(notJson.exitCode()).isEqualTo(VerifyCommand.BAD_INPUT);
        assertThat(notJson.err()).contains("is not JSON");

        Path badAddress = mutated("qldb-get-digest.json", "sequenceNo:123", "sequenceNo:-1");
        CommandRun address = verify("--digest", badAddress.toString(), "--block", vector("qldb-get-block.json").toString());
        assertThat(address.exitCode()).isEqualTo(VerifyCommand.BAD_INPUT);
        assertThat(address.err()).contains("DigestTipAddress", "not a block address");
    }

    @Test
    void exactlyOneOfRevisionAndBlockIsRequired() {
        Path digest = vector("qldb-get-digest.json");
        CommandRun both = verify("--digest", digest.toString(), "--revision", digest.toString(), "--block", digest.toString());
        assertThat(both.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        CommandRun neither = verify("--digest", digest.toString());
        assertThat(neither.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
