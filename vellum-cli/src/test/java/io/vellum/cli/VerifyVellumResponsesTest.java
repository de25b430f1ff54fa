package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vellum verify} on responses a running Vellum server produced: the control plane's GetDigest, GetRevision
 * and GetBlock bodies saved to files exactly as received (what {@code aws qldb … > file.json} saves), and the native
 * API's responses, which carry the same QLDB shapes under {@code qldb}.
 */
class VerifyVellumResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private VellumServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private String documentId;
    private BlockAddress written;

    @BeforeEach
    void startWithOneDocument() throws IOException, InterruptedException {
        server = VellumServer.start(ServerConfig.defaults(directory.resolve("data")).withInsecureNoAuth(true));
        assertThat(post("/ledgers", "{\"Name\":\"cars\",\"PermissionsMode\":\"STANDARD\"}").statusCode()).isEqualTo(200);
        Ledger ledger = server.ledgers().ledger("cars");
        ledger.execute(transaction -> transaction.execute("CREATE TABLE Cars"));
        try (Transaction transaction = ledger.begin()) {
            IonStruct inserted = (IonStruct) transaction.execute("INSERT INTO Cars VALUE {'VIN': 'V1', 'price': 12.50}")
                    .get(0);
            documentId = ((IonText) inserted.get("documentId")).stringValue();
            CommitResult commit = transaction.commit();
            written = commit.blockAddress();
        }
        for (int i = 0; i < 4; i++) {
            int n = i;
            ledger.execute(transaction -> transaction.execute("INSERT INTO Cars VALUE {'VIN': 'W" + n + "'}"));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Path save(String name, HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Path file = directory.resolve(name);
        Files.writeString(file, response.body());
        return file;
    }

    private String addressRequest(JsonNode digest, boolean withDocument) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.putObject("BlockAddress").put("IonText", written.toIonText());
        if (withDocument) {
            request.put("DocumentId", documentId);
        }
        request.set("DigestTipAddress", digest.get("DigestTipAddress"));
        return JSON.writeValueAsString(request);
    }

    @Test
    void controlPlaneDigestRevisionAndBlockVerify() throws IOException, InterruptedException {
        Path digest = save("digest.json", post("/ledgers/cars/digest", ""));
        JsonNode digestBody = JSON.readTree(digest.toFile());
        Path revision = save("revision.json", post("/ledgers/cars/revision", addressRequest(digestBody, true)));
        Path block = save("block.json", post("/ledgers/cars/block", addressRequest(digestBody, false)));

        CommandRun revisionRun = VerifyCommandTest.verify("--digest", digest.toString(),
                "--revision", revision.toString());
        assertThat(revisionRun.exitCode()).as(revisionRun.err()).isZero();
        assertThat(revisionRun.out()).contains(documentId, written.toIonText(), digestBody.get("Digest").textValue());
        CommandRun blockRun = VerifyCommandTest.verify("--digest", digest.toString(),
                "--block", block.toString());
        assertThat(blockRun.exitCode()).as(blockRun.err()).isZero();
    }

    @Test
    void proofForAnOlderTipDoesNotVerifyAgainstANewerDigestAndSaysWhy() throws IOException, InterruptedException {
        Path older = save("older.json", post("/ledgers/cars/digest", ""));
        Path revision = save("revision.json", post("/ledgers/cars/revision",
                addressRequest(JSON.readTree(older.toFile()), true)));
        server.ledgers().ledger("cars").execute(transaction -> transaction.execute("INSERT INTO Cars VALUE {'VIN': 'X'}"));
        Path newer = save("newer.json", post("/ledgers/cars/digest", ""));

        assertThat(VerifyCommandTest.verify("--digest", older.toString(), "--revision", revision.toString())
                .exitCode()).isZero();
        CommandRun mismatched = VerifyCommandTest.verify("--digest", newer.toString(),
                "--revision", revision.toString());
        assertThat(mismatched.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(mismatched.err()).contains("expected: " + JSON.readTree(newer.toFile()).get("Digest").textValue(),
                "request it with this digest's tip");
    }

    @Test
    void nativeApiResponsesVerifyThroughTheirQldbForms() throws IOException, InterruptedException {
        HttpResponse<String> digest = http.send(HttpRequest.newBuilder(server.endpoint()
                .resolve("/v1/ledgers/cars/digest")).build(), HttpResponse.BodyHandlers.ofString());
        Path digestFile = save("native-digest.json", digest);
        long tip = JSON.readTree(digest.body()).at("/tipAddress/sequenceNo").asLong();
        Path revision = save("native-revision.json", http.send(HttpRequest.newBuilder(server.endpoint().resolve(
                "/v1/ledgers/cars/revisions/" + documentId + "?blockSequenceNo=" + written.sequenceNo() + "&tip=" + tip))
                .build(), HttpResponse.BodyHandlers.ofString()));
        Path block = save("native-block.json", http.send(HttpRequest.newBuilder(server.endpoint().resolve(
                "/v1/ledgers/cars/blocks/" + written.sequenceNo() + "?tip=" + tip)).build(),
                HttpResponse.BodyHandlers.ofString()));

        assertThat(VerifyCommandTest.verify("--digest", digestFile.toString(), "--revision", revision.toString())
                .exitCode()).isZero();
        assertThat(VerifyCommandTest.verify("--digest", digestFile.toString(), "--block", block.toString())
                .exitCode()).isZero();
        // A native revision response carries its own digest too (convenient, but trust a digest saved separately).
        assertThat(VerifyCommandTest.verify("--digest", revision.toString(), "--revision", revision.toString())
                .exitCode()).isZero();
    }
}
