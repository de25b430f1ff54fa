package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine;

/**
 * {@code vellum verify --public-key K --digest OLD.json --extends NEW.json --revision R.json} on answers a running
 * server gave (saved as curl saves them), and each kind of tampering.
 */
class VerifySignedDigestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private VellumServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path oldDigest;
    private Path newConsistency;
    private Path revision;
    private String publicKey;

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private Path save(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private String statement(String statement) throws IOException, InterruptedException {
        return send("POST", "/v1/ledgers/cars/statements", "{\"statement\": " + JSON.writeValueAsString(statement)
                + "}").body();
    }

    @BeforeEach
    void saveAnswers() throws IOException, InterruptedException {
        server = VellumServer.start(ServerConfig.defaults(directory.resolve("data")).withInsecureNoAuth(true));
        send("POST", "/v1/ledgers", "{\"name\": \"cars\", \"deletionProtection\": false}");
        statement("CREATE TABLE Cars");
        JsonNode inserted = JSON.readTree(statement("INSERT INTO Cars {'VIN': 'V1'}"));
        String documentId = inserted.at("/values/0/documentId").textValue();
        long block = inserted.at("/blockAddress/sequenceNo").asLong();
        String old = send("GET", "/v1/ledgers/cars/digest", null).body();
        oldDigest = save("OLD.json", old);
        long oldTip = JSON.readTree(old).at("/tipAddress/sequenceNo").asLong();
        for (int i = 0; i < 5; i++) {
            statement("INSERT INTO Cars {'VIN': 'W" + i + "'}");
        }
        String consistency = send("GET", "/v1/ledgers/cars/consistency?from=" + oldTip, null).body();
        newConsistency = save("NEW.json", consistency);
        long newTip = JSON.readTree(consistency).at("/to/tipAddress/sequenceNo").asLong();
        revision = save("R.json", send("GET", "/v1/ledgers/cars/revisions/" + documentId + "?blockSequenceNo=" + block
                + "&tip=" + newTip, null).body());
        publicKey = JSON.readTree(send("GET", "/v1/ledgers/cars/keys", null).body()).at("/keys/0/publicKey")
                .textValue();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void signatureConsistencyAndRevisionVerifyInOneCommand() throws IOException {
        CommandRun run = VerifyCommandTest.verify("--public-key", publicKey, "--digest", oldDigest.toString(),
                "--extends", newConsistency.toString(), "--revision", revision.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Verified signature of " + oldDigest, "Verified signature of " + newConsistency,
                "Verified " + newConsistency + " extends " + oldDigest, "Verified revision", "ledger:          cars");
        // The key from a file works the same.
        Path keyFile = save("cars.pub", publicKey + "\n");
        assertThat(VerifyCommandTest.verify("--public-key", keyFile.toString(), "--digest", oldDigest.toString(),
                "--extends", newConsistency.toString()).exitCode()).isZero();
        // Without a key, signatures are reported as unchecked.
        CommandRun unchecked = VerifyCommandTest.verify("--digest", oldDigest.toString(), "--extends",
                newConsistency.toString());
        assertThat(unchecked.exitCode()).isZero();
        assertThat(unchecked.out()).contains("not checked (no --public-key given)");
        // A signed digest alone.
        assertThat(VerifyCommandTest.verify("--public-key", publicKey, "--digest", oldDigest.toString()).exitCode())
                .isZero();
    }

    @Test
    void anotherKeyOrAnAlteredStatementFails() throws IOException {
        byte[] other = java.util.Base64.getDecoder().decode(publicKey);
        other[3] ^= 1;
        CommandRun wrongKey = VerifyCommandTest.verify("--public-key",
                java.util.Base64.getEncoder().encodeToString(other), "--digest", oldDigest.toString());
        assertThat(wrongKey.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(wrongKey.err()).contains("expected keyId");

        ObjectNode moved = (ObjectNode) JSON.readTree(Files.readString(oldDigest));
        ((ObjectNode) moved.get("tipAddress")).put("sequenceNo", 1);
        ((ObjectNode) moved.at("/qldb/GetDigest/DigestTipAddress")).put("IonText", moved.at(
                "/qldb/GetDigest/DigestTipAddress/IonText").textValue().replaceAll("sequenceNo:\\d+", "sequenceNo:1"));
        CommandRun relabelled = VerifyCommandTest.verify("--public-key", publicKey, "--digest",
                save("moved.json", moved.toString()).toString());
        assertThat(relabelled.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(relabelled.err()).contains("the Ed25519 signature must verify", "expected a valid signature");

        ObjectNode renamed = (ObjectNode) JSON.readTree(Files.readString(newConsistency));
        renamed.put("ledger", "cars2");
        CommandRun otherLedger = VerifyCommandTest.verify("--public-key", publicKey, "--digest",
                oldDigest.toString(), "--extends", save("renamed.json", renamed.toString()).toString());
        assertThat(otherLedger.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
    }

    @Test
    void anAlteredProofOrAnotherStartFailsTheConsistency() throws IOException {
        ObjectNode consistency = (ObjectNode) JSON.readTree(Files.readString(newConsistency));
        ArrayNode proof = (ArrayNode) consistency.get("proof");
        assertThat(proof.size()).isPositive();
        for (int i = 0; i < proof.size(); i++) {
            ObjectNode altered = consistency.deepCopy();
            byte[] hash = java.util.Base64.getDecoder().decode(proof.get(i).textValue());
            hash[0] ^= 1;
            ((ArrayNode) altered.get("proof")).set(i, java.util.Base64.getEncoder().encodeToString(hash));
            CommandRun run = VerifyCommandTest.verify("--digest", oldDigest.toString(), "--extends",
                    save("altered" + i + ".json", altered.toString()).toString());
            assertThat(run.exitCode()).as("proof entry %d", i).isEqualTo(VerifyCommand.NOT_VERIFIED);
            assertThat(run.err()).contains("consistency of digest", "expected:", "computed:");
        }
        ObjectNode rewritten = (ObjectNode) JSON.readTree(Files.readString(oldDigest));
        String fake = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        rewritten.put("digest", fake);
        ((ObjectNode) rewritten.at("/qldb/GetDigest")).put("Digest", fake);
        CommandRun run = VerifyCommandTest.verify("--digest", save("rewritten.json", rewritten.toString())
                .toString(), "--extends", newConsistency.toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("must start at the digest of");

        // Swapped: the newer digest as --digest is not where the consistency answer starts.
        ObjectNode newerAsDigest = JSON.createObjectNode();
        newerAsDigest.put("ledger", "cars");
        newerAsDigest.setAll((ObjectNode) consistency.get("to"));
        CommandRun swapped = VerifyCommandTest.verify("--digest", save("newer.json",
                newerAsDigest.toString()).toString(), "--extends", newConsistency.toString());
        assertThat(swapped.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
    }

    @Test
    void withAKeyTheNewestDigestMustBeSignedAndNothingAtAllIsAUsageError() throws IOException {
        ObjectNode unsigned = (ObjectNode) JSON.readTree(Files.readString(newConsistency));
        ((ObjectNode) unsigned.get("to")).remove("signature");
        CommandRun run = VerifyCommandTest.verify("--public-key", publicKey, "--digest", oldDigest.toString(),
                "--extends", save("unsigned.json", unsigned.toString()).toString());
        assertThat(run.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
        assertThat(run.err()).contains("must carry a signature");
        assertThat(VerifyCommandTest.verify("--digest", oldDigest.toString()).exitCode())
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(VerifyCommandTest.verify("--public-key", "not a key", "--digest", oldDigest.toString()).exitCode())
                .isEqualTo(VerifyCommand.BAD_INPUT);
    }
}
