package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import io.vellum.proof.block.BlockAddress;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vellum verify} verifies exactly what it shows: a native API answer ({@code /v1}) carries the revision (or
 * block), proof and digest twice, as readable JSON and as QLDB's Ion text; editing any one copy, adding a copy it
 * does not know, or giving a member twice fails verification naming the member and both values, and never prints
 * "Verified". The regression: an answer whose readable {@code data} said 1000.50 while the hashed Ion text said
 * 100.50 was reported verified.
 */
class VerifyEveryCopyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private VellumServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private String documentId;
    private BlockAddress written;
    private Path digest;
    private String revisionAnswer;
    private String blockAnswer;

    @BeforeEach
    void saveAnswersOfOneAccount() throws IOException, InterruptedException {
        server = VellumServer.start(ServerConfig.defaults(directory.resolve("data")).withInsecureNoAuth(true));
        assertThat(send(HttpRequest.newBuilder(server.endpoint().resolve("/ledgers"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"bank\",\"PermissionsMode\":\"STANDARD\"}"))
                .header("Content-Type", "application/json").build()).statusCode()).isEqualTo(200);
        Ledger ledger = server.ledgers().ledger("bank");
        ledger.execute(transaction -> transaction.execute("CREATE TABLE Accounts"));
        try (Transaction transaction = ledger.begin()) {
            IonStruct inserted = (IonStruct) transaction.execute("INSERT INTO Accounts VALUE "
                    + "{'accountId': 'alice', 'balance': 100.50, 'fee': 0.00000001, 'opened': `2024-01-02T03:04:05Z`}")
                    .get(0);
            documentId = ((IonText) inserted.get("documentId")).stringValue();
            CommitResult commit = transaction.commit();
            written = commit.blockAddress();
        }
        ledger.execute(transaction -> transaction.execute("INSERT INTO Accounts VALUE {'accountId': 'bob'}"));
        String digestAnswer = get("/v1/ledgers/bank/digest");
        digest = save("digest.json", digestAnswer);
        long tip = JSON.readTree(digestAnswer).at("/tipAddress/sequenceNo").asLong();
        revisionAnswer = get("/v1/ledgers/bank/revisions/" + documentId + "?blockSequenceNo=" + written.sequenceNo()
                + "&tip=" + tip);
        blockAnswer = get("/v1/ledgers/bank/blocks/" + written.sequenceNo() + "?tip=" + tip);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.endpoint().resolve(path)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private Path save(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** {@code answer} with the one occurrence of {@code original} replaced. */
    private Path edited(String answer, String original, String replacement) throws IOException {
        assertThat(answer.indexOf(original)).as(original + " in " + answer).isNotNegative();
        assertThat(answer.indexOf(original)).as("only once: " + original).isEqualTo(answer.lastIndexOf(original));
        return save("edited.json", answer.replace(original, replacement));
    }

    private CommandRun revision(Path file) {
        return VerifyCommandTest.verify("--digest", digest.toString(), "--revision", file.toString());
    }

    private static void assertNotVerified(CommandRun run, String... messageParts) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.out()).doesNotContain("Verified");
        assertThat(run.err()).contains("NOT VERIFIED").contains(messageParts);
    }

    @Test
    void anUnchangedAnswerVerifiesAndPrintsTheDataItVerified() throws IOException {
        CommandRun run = revision(save("revision.json", revisionAnswer));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Verified revision {id:\"" + documentId + "\",version:0}",
                "data:            {accountId:\"alice\",balance:100.50,fee:1d-8,opened:2024-01-02T03:04:05Z}",
                "metadata:        {id:\"" + documentId + "\",version:0",
                "copies agree:    revision = qldb.GetRevision.Revision.IonText; proof = qldb.GetRevision.Proof.IonText;"
                        + " qldb.GetDigest = digest");
    }

    @Test
    void editedReadableDataFailsNamingTheFieldAndBothValues() throws IOException {
        // The outside review's case: the readable copy edited, the hashed Ion text left alone.
        assertNotVerified(revision(edited(revisionAnswer, "\"balance\":100.50", "\"balance\":1000.50")),
                "revision.data.balance", "100.50", "1000.50");
    }

    @Test
    void aReadableNumberIsComparedExactlyEvenInExponentForm() throws IOException {
        // 1E-8 as a binary float would equal 1.0000000000000001E-8; the comparison must not round.
        assertNotVerified(revision(edited(revisionAnswer, "\"fee\":1E-8", "\"fee\":1.0000000000000001E-8")),
                "revision.data.fee");
    }

    @Test
    void editedIonTextCopyFails() throws IOException {
        assertNotVerified(revision(edited(revisionAnswer, "balance:100.50", "balance:1000.50")),
                "revision.data.balance", "1000.50", "100.50");
    }

    @Test
    void editedIonTextAndReadableCopyTogetherFailAtTheHash() throws IOException {
        Path both = save("both.json", revisionAnswer.replace("balance:100.50", "balance:1000.50")
                .replace("\"balance\":100.50", "\"balance\":1000.50"));
        assertNotVerified(revision(both), "hash = dot(ionHash(metadata), ionHash(data))", "expected: ", "computed: ");
    }

    @Test
    void editedReadableMetadataFails() throws IOException {
        assertNotVerified(revision(edited(revisionAnswer, "\"txId\":\"", "\"txId\":\"X")), "revision.metadata.txId");
    }

    @Test
    void editedReadableBlockAddressFails() throws IOException {
        String address = "\"blockAddress\":{\"strandId\":\"" + written.strandId() + "\",\"sequenceNo\":"
                + written.sequenceNo() + "}";
        assertNotVerified(revision(edited(revisionAnswer, address, address.replace("\"sequenceNo\":"
                + written.sequenceNo(), "\"sequenceNo\":" + (written.sequenceNo() - 1)))),
                "revision.blockAddress.sequenceNo");
    }

    @Test
    void editedIonTextBlockAddressFailsAgainstTheReadableCopy() throws IOException {
        // No hash covers a block address, so only the second copy can catch this edit; the report says so too.
        String stated = "blockAddress:{strandId:\\\"" + written.strandId() + "\\\",sequenceNo:" + written.sequenceNo()
                + "}";
        assertNotVerified(revision(edited(revisionAnswer, stated, stated.replace("sequenceNo:" + written.sequenceNo(),
                "sequenceNo:" + (written.sequenceNo() - 1)))), "revision.blockAddress.sequenceNo");
        assertThat(revision(save("revision.json", revisionAnswer)).out())
                .contains("(as the answer states it: no hash covers a block address");
    }

    @Test
    void editedReadableProofHashFails() throws IOException {
        String first = JSON.readTree(revisionAnswer).path("proof").get(0).textValue();
        String other = (first.charAt(0) == 'A' ? "B" : "A") + first.substring(1);
        assertNotVerified(revision(edited(revisionAnswer, "\"proof\":[\"" + first, "\"proof\":[\"" + other)),
                "proof[0]", first, other);
    }

    @Test
    void editedDigestInTheAnswerFails() throws IOException {
        JsonNode answer = JSON.readTree(revisionAnswer);
        String stated = answer.at("/digest/digest").textValue();
        String other = (stated.charAt(0) == 'A' ? "B" : "A") + stated.substring(1);
        assertNotVerified(revision(edited(revisionAnswer, "\"digest\":{\"digest\":\"" + stated,
                "\"digest\":{\"digest\":\"" + other)), "every copy of the digest in the file must agree", other);
        // Both copies of the digest in the answer changed alike: they no longer are the trusted digest.
        Path bothCopies = save("both-digests.json", revisionAnswer.replace(stated, other));
        assertNotVerified(revision(bothCopies), "the digest the answer states must be the trusted digest", other);
    }

    @Test
    void anEditedDigestFileFails() throws IOException {
        String digestAnswer = Files.readString(digest);
        String stated = JSON.readTree(digestAnswer).path("digest").textValue();
        String other = (stated.charAt(0) == 'A' ? "B" : "A") + stated.substring(1);
        Path editedDigest = save("edited-digest.json", digestAnswer.replace("\"digest\":\"" + stated,
                "\"digest\":\"" + other));
        CommandRun run = VerifyCommandTest.verify("--digest", editedDigest.toString(), "--revision",
                save("revision.json", revisionAnswer).toString());
        assertNotVerified(run, "every copy of the digest in the file must agree", stated, other);
    }

    @Test
    void anUnknownMemberIsAnUncheckedCopyAndFails() throws IOException {
        assertNotVerified(revision(edited(revisionAnswer, "{\"revision\":",
                "{\"balance_note\":\"1000.50\",\"revision\":")), "\"balance_note\"", "an unknown copy");
        assertNotVerified(revision(edited(revisionAnswer, "\"Revision\":{\"IonText\":",
                "\"Revision\":{\"IonBinary\":\"AAAA\",\"IonText\":")), "qldb.GetRevision.Revision", "\"IonBinary\"");
    }

    @Test
    void aMemberGivenTwiceFailsEvenWhenOneCopyIsRight() throws IOException {
        String readable = JSON.readTree(revisionAnswer).path("revision").toString();
        Path twice = edited(revisionAnswer, "{\"revision\":", "{\"revision\":"
                + readable.replace("\"balance\":100.50", "\"balance\":1000.50") + ",\"revision\":");
        assertNotVerified(revision(twice), "\"revision\" more than once", "2 copies");
    }

    @Test
    void aBlockAnswerIsCheckedCopyByCopyToo() throws IOException {
        CommandRun genuine = VerifyCommandTest.verify("--digest", digest.toString(), "--block",
                save("block.json", blockAnswer).toString());
        assertThat(genuine.exitCode()).as(genuine.err()).isZero();
        assertThat(genuine.out()).contains("Verified block " + written, "balance:100.50",
                "copies agree:    block = qldb.GetBlock.Block.IonText");
        CommandRun edited = VerifyCommandTest.verify("--digest", digest.toString(), "--block",
                edited(blockAnswer, "\"balance\":100.50", "\"balance\":1000.50").toString());
        assertNotVerified(edited, "block.revisions[0].data.balance", "100.50", "1000.50");
    }
}
