package io.vellum.server.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.verify.ProofText;
import io.vellum.proof.block.Revision;
import io.vellum.proof.verify.Verifier;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import io.vellum.server.control.QldbIonText;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native JSON API over HTTP with {@link HttpClient}, as curl users call it, on a server started with
 * {@code insecureNoAuth} ({@link NativeApiSigningTest} covers signed requests).
 */
class NativeApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private VellumServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = VellumServer.start(ServerConfig.defaults(directory).withInsecureNoAuth(true));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A response's status and JSON body. */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    private Reply post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    private Reply statement(String statement, String parameters) throws IOException, InterruptedException {
        return post("/v1/ledgers/bank/statements", "{\"statement\": " + JSON.writeValueAsString(statement)
                + (parameters == null ? "" : ", \"parameters\": " + parameters) + "}");
    }

    private void createBank() throws IOException, InterruptedException {
        Reply created = post("/v1/ledgers", "{\"name\": \"bank\", \"deletionProtection\": false}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(statement("CREATE TABLE Accounts", null).status()).isEqualTo(200);
    }

    @Test
    void ledgersAreCreatedListedAndDescribed() throws IOException, InterruptedException {
        createBank();
        JsonNode list = get("/v1/ledgers").body();
        assertThat(list.get("ledgers")).hasSize(1);
        JsonNode bank = list.get("ledgers").get(0);
        assertThat(bank.get("name").textValue()).isEqualTo("bank");
        assertThat(bank.get("state").textValue()).isEqualTo("ACTIVE");
        assertThat(bank.get("permissionsMode").textValue()).isEqualTo("STANDARD");
        assertThat(bank.get("deletionProtection").booleanValue()).isFalse();
        assertThat(bank.get("creationDateTime").textValue()).endsWith("Z");
        assertThat(get("/v1/ledgers/bank").body()).isEqualTo(bank);

        Reply duplicate = post("/v1/ledgers", "{\"name\": \"bank\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().at("/error/code").textValue()).isEqualTo("ALREADY_EXISTS");
        assertThat(post("/v1/ledgers", "{\"name\": \"-x\"}").status()).isEqualTo(400);
        assertThat(post("/v1/ledgers", "{\"nam\": \"x\"}").body().at("/error/message").textValue())
                .contains("unknown field \"nam\"");
        assertThat(get("/v1/ledgers/none").status()).isEqualTo(404);
    }

    @Test
    void statementsRunInAutoCommittedTransactionsWithJsonParametersAndResults()
            throws IOException, InterruptedException {
        createBank();
        Reply insert = statement("INSERT INTO Accounts ?", "[{\"id\": \"A-1\", \"balance\": 100.50, \"count\": 3,"
                + " \"tags\": [\"x\", true, null]}]");
        assertThat(insert.status()).as(insert.body().toString()).isEqualTo(200);
        String documentId = insert.body().at("/values/0/documentId").textValue();
        assertThat(documentId).hasSize(22);
        assertThat(insert.body().get("transactionId").textValue()).hasSize(22);
        assertThat(insert.body().at("/blockAddress/sequenceNo").asLong()).isEqualTo(2);
        assertThat(Hash.fromBase64(insert.body().get("commitDigest").textValue()).length()).isEqualTo(32);

        Reply select = statement("SELECT * FROM Accounts WHERE id = ?", "[\"A-1\"]");
        assertThat(select.status()).isEqualTo(200);
        assertThat(select.body().get("blockAddress").isNull()).as("read-only: no block").isTrue();
        // The decimal keeps its exact digits on the wire.
        assertThat(select.raw().body()).contains("\"balance\":100.50", "\"count\":3", "\"tags\":[\"x\",true,null]");

        Reply ionTyped = post("/v1/ledgers/bank/statements",
                "{statement: \"UPDATE Accounts SET opened = ?, photo = ? WHERE id = 'A-1'\","
                        + " parameters: [2024-02-29T10:00:00.000Z, {{aGk=}}]}");
        assertThat(ionTyped.status()).as(ionTyped.body().toString()).isEqualTo(200);
        JsonNode row = statement("SELECT opened, photo FROM Accounts", null).body().at("/values/0");
        assertThat(row.get("opened").textValue()).isEqualTo("2024-02-29T10:00:00.000Z");
        assertThat(row.get("photo").textValue()).isEqualTo("aGk=");
    }

    @Test
    void statementErrorsAreJsonWithStatuses() throws IOException, InterruptedException {
        createBank();
        Reply parse = statement("SELECT * FROM", null);
        assertThat(parse.status()).isEqualTo(400);
        assertThat(parse.body().at("/error/code").textValue()).isEqualTo("PARSE_ERROR");
        Reply missingTable = statement("SELECT * FROM Nope", null);
        assertThat(missingTable.status()).isEqualTo(404);
        assertThat(missingTable.body().at("/error/code").textValue()).isEqualTo("NOT_FOUND");
        Reply notJson = post("/v1/ledgers/bank/statements", "{\"statement\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().at("/error/code").textValue()).isEqualTo("INVALID_REQUEST");
        Reply tooBig = statement("INSERT INTO Accounts ?", "[{\"blob\": \"" + "x".repeat(140_000) + "\"}]");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.body().at("/error/code").textValue()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(statement("SELECT * FROM Accounts", null).body().get("values")).isEmpty();
        assertThat(post("/v1/ledgers/none/statements", "{\"statement\": \"SELECT 1 FROM x\"}").status())
                .isEqualTo(404);
    }

    @Test
    void revisionProofBlockProofAndHistory() throws IOException, InterruptedException {
        createBank();
        String documentId = statement("INSERT INTO Accounts ?", "[{\"id\": \"A-1\", \"balance\": 10}]")
                .body().at("/values/0/documentId").textValue();
        long firstBlock = 2;
        JsonNode savedDigest = get("/v1/ledgers/bank/digest").body();
        statement("UPDATE Accounts SET balance = 20 WHERE id = 'A-1'", null);
        statement("DELETE FROM Accounts WHERE id = 'A-1'", null);

        // Against the digest saved before the later commits, by its tip.
        long savedTip = savedDigest.at("/tipAddress/sequenceNo").asLong();
        Reply revision = get("/v1/ledgers/bank/revisions/" + documentId + "?blockSequenceNo=" + firstBlock
                + "&tip=" + savedTip);
        assertThat(revision.status()).as(revision.body().toString()).isEqualTo(200);
        JsonNode body = revision.body();
        assertThat(body.at("/revision/data/balance").asInt()).isEqualTo(10);
        assertThat(body.at("/revision/metadata/id").textValue()).isEqualTo(documentId);
        assertThat(body.get("digest")).isEqualTo(JSON.createObjectNode().put("digest", savedDigest.get("digest")
                .textValue()).set("tipAddress", savedDigest.get("tipAddress")));
        assertThat(fold(body.at("/revision/hash").textValue(), body.get("proof")))
                .isEqualTo(Hash.fromBase64(savedDigest.get("digest").textValue()));
        // The QLDB forms are the same revision, proof and digest.
        Revision qldbRevision = Revision.fromIon(QldbIonText.parse(body.at("/qldb/GetRevision/Revision/IonText")
                .textValue()));
        List<Hash> qldbProof = ProofText.parse(body.at("/qldb/GetRevision/Proof/IonText").textValue());
        LedgerDigest qldbDigest = new LedgerDigest(Hash.fromBase64(body.at("/qldb/GetDigest/Digest").textValue()),
                BlockAddress.parseIonText(body.at("/qldb/GetDigest/DigestTipAddress/IonText").textValue()));
        Verifier.verifyRevision(qldbRevision, qldbProof, qldbDigest);
        assertThat(qldbRevision.hash().toBase64()).isEqualTo(body.at("/revision/hash").textValue());

        Reply block = get("/v1/ledgers/bank/blocks/" + firstBlock);
        assertThat(block.status()).isEqualTo(200);
        assertThat(block.body().at("/block/blockAddress/sequenceNo").asLong()).isEqualTo(firstBlock);
        assertThat(block.body().at("/digest/tipAddress/sequenceNo").asLong()).isEqualTo(4);
        assertThat(fold(block.body().at("/block/blockHash").textValue(), block.body().get("proof")))
                .isEqualTo(Hash.fromBase64(block.body().at("/digest/digest").textValue()));
        Verifier.verifyBlock(JournalBlock.fromIon(QldbIonText.parse(block.body().at("/qldb/GetBlock/Block/IonText")
                .textValue())), ProofText.parse(block.body().at("/qldb/GetBlock/Proof/IonText").textValue()),
                new LedgerDigest(Hash.fromBase64(block.body().at("/qldb/GetDigest/Digest").textValue()),
                        BlockAddress.parseIonText(block.body().at("/qldb/GetDigest/DigestTipAddress/IonText")
                                .textValue())));

        JsonNode history = get("/v1/ledgers/bank/documents/Accounts/" + documentId + "/history").body();
        assertThat(history.get("revisions")).hasSize(3);
        assertThat(history.at("/revisions/0/data/balance").asInt()).isEqualTo(10);
        assertThat(history.at("/revisions/1/data/balance").asInt()).isEqualTo(20);
        assertThat(history.at("/revisions/2").has("data")).as("the delete").isFalse();
        assertThat(history.at("/revisions/2/metadata/version").asInt()).isEqualTo(2);
    }

    @Test
    void aRedactedRevisionShowsDataHashInRevisionAndHistory() throws IOException, InterruptedException {
        createBank();
        String tableId = statement("SELECT VALUE t.tableId FROM information_schema.user_tables AS t", null).body()
                .at("/values/0").textValue();
        Reply inserted = statement("INSERT INTO Accounts ?", "[{\"id\": \"A-1\", \"owner\": \"Jane Roe\"}]");
        String documentId = inserted.body().at("/values/0/documentId").textValue();
        JsonNode address = inserted.body().get("blockAddress");
        statement("UPDATE Accounts AS a SET a.owner = 'erased'", null);

        Reply redacted = statement("EXEC redact_revision ?, ?, ?", "[" + address + ", \"" + tableId + "\", \""
                + documentId + "\"]");
        assertThat(redacted.status()).as(redacted.body().toString()).isEqualTo(200);
        assertThat(redacted.body().at("/values/0")).isEqualTo(JSON.createObjectNode().<ObjectNode>set("blockAddress",
                address).put("tableId", tableId).put("documentId", documentId).put("version", 0));

        Reply revision = get("/v1/ledgers/bank/revisions/" + documentId + "?blockSequenceNo="
                + address.get("sequenceNo").asLong());
        assertThat(revision.status()).as(revision.body().toString()).isEqualTo(200);
        JsonNode body = revision.body();
        assertThat(body.get("revision").has("data")).isFalse();
        assertThat(body.at("/revision/dataHash").textValue()).hasSize(44);
        assertThat(revision.raw().body()).doesNotContain("Jane Roe");
        assertThat(fold(body.at("/revision/hash").textValue(), body.get("proof")))
                .isEqualTo(Hash.fromBase64(body.at("/digest/digest").textValue()));
        Revision qldbRevision = Revision.fromIon(QldbIonText.parse(body.at("/qldb/GetRevision/Revision/IonText")
                .textValue()));
        assertThat(qldbRevision.isRedacted()).isTrue();
        qldbRevision.verifyHash();

        JsonNode history = get("/v1/ledgers/bank/documents/Accounts/" + documentId + "/history").body();
        assertThat(history.at("/revisions/0").has("data")).isFalse();
        assertThat(history.at("/revisions/0/dataHash").textValue()).isEqualTo(body.at("/revision/dataHash")
                .textValue());
        assertThat(history.at("/revisions/1/data/owner").textValue()).isEqualTo("erased");
    }

    @Test
    void proofRequestErrors() throws IOException, InterruptedException {
        createBank();
        String documentId = statement("INSERT INTO Accounts ?", "[{\"id\": \"A-1\"}]")
                .body().at("/values/0/documentId").textValue();
        assertError(get("/v1/ledgers/bank/revisions/" + documentId), 400, "INVALID_REQUEST", "blockSequenceNo");
        assertError(get("/v1/ledgers/bank/revisions/" + documentId + "?blockSequenceNo=1"), 404, "NOT_FOUND",
                documentId);
        assertError(get("/v1/ledgers/bank/revisions/" + documentId + "?blockSequenceNo=99"), 404, "NOT_FOUND",
                "not committed");
        assertError(get("/v1/ledgers/bank/revisions/" + documentId + "?blockSequenceNo=2&tip=1"), 400,
                "INVALID_REQUEST", "tip 1");
        assertError(get("/v1/ledgers/bank/blocks/x"), 400, "INVALID_REQUEST", "non-negative integer");
        assertError(get("/v1/ledgers/bank/blocks/0?tip=7"), 400, "INVALID_REQUEST", "tip 7");
        assertError(get("/v1/ledgers/bank/documents/Accounts/" + "B".repeat(22) + "/history"), 404, "NOT_FOUND",
                "no document");
        assertError(get("/v1/ledgers/bank/documents/Bad-Table/" + documentId + "/history"), 400,
                "INVALID_REQUEST", "not a table name");
        assertError(get("/v1/ledgers/bank/nothing"), 404, "NOT_FOUND", "no native API resource");
        Reply wrongMethod = send("DELETE", "/v1/ledgers/bank/digest", null);
        assertError(wrongMethod, 405, "INVALID_REQUEST", "answers GET");
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void concurrentUpdatesOfOneDocumentLoseNothing() throws Exception {
        createBank();
        statement("INSERT INTO Accounts ?", "[{\"id\": \"hot\", \"n\": 0}]");
        int threads = 6;
        int updatesPerThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<int[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                int[] statuses = new int[2];
                for (int i = 0; i < updatesPerThread; i++) {
                    Reply reply = statement("UPDATE Accounts SET n = n + 1 WHERE id = 'hot'", null);
                    statuses[reply.status() == 200 ? 0 : 1]++;
                    if (reply.status() != 200) {
                        assertThat(reply.status()).isEqualTo(409);
                        assertThat(reply.body().at("/error/code").textValue()).isEqualTo("OCC_CONFLICT");
                    }
                }
                return statuses;
            }));
        }
        int committed = 0;
        for (Future<int[]> result : results) {
            committed += result.get()[0];
        }
        pool.shutdown();
        // Conflicts are retried; whatever was acknowledged is counted exactly once.
        assertThat(committed).isGreaterThan(0);
        assertThat(statement("SELECT VALUE n FROM Accounts WHERE id = 'hot'", null).body().at("/values/0").asInt())
                .isEqualTo(committed);
    }

    private static void assertError(Reply reply, int status, String code, String messagePart) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
        assertThat(reply.body().at("/error/code").textValue()).isEqualTo(code);
        assertThat(reply.body().at("/error/message").textValue()).contains(messagePart);
    }

    private static Hash fold(String leafBase64, JsonNode proof) {
        List<Hash> hashes = new ArrayList<>();
        proof.forEach(entry -> hashes.add(Hash.fromBase64(entry.textValue())));
        return Verifier.fold(Hash.fromBase64(leafBase64), hashes);
    }
}
