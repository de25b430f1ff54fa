package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.engine.LedgerOptions;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.hash.Hash;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.metrics.ServerMetrics;
import io.vellum.server.SignedHttpClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch endpoint ({@link SessionEndpoint#batch}) without HTTP: a transaction's statements in one request. */
class SessionBatchTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    @TempDir
    Path directory;
    private LedgerRegistry ledgers;
    private SessionEndpoint endpoint;

    @BeforeEach
    void open() {
        ledgers = new LedgerRegistry(directory, LedgerOptions.defaults(), "us-east-1");
        ledgers.create("bank", false, null, Map.of());
        ledgers.create("other", false, null, Map.of());
        endpoint = new SessionEndpoint(ledgers, new ServerMetrics(), new SessionLimits(Duration.ofMinutes(1),
                Duration.ofMinutes(15), Duration.ofSeconds(30), 10));
        String token = startSession("bank");
        JsonNode started = ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":["
                + "{\"Statement\":\"CREATE TABLE Accounts\"}]}"));
        commit(token, started.get("TransactionId").asText(), List.of("CREATE TABLE Accounts"));
    }

    @AfterEach
    void close() {
        endpoint.close();
        ledgers.close();
    }

    @Test
    void startsRunsAndCommitsAWholeTransactionInTwoRequests() {
        String token = startSession("bank");
        String insert = "INSERT INTO Accounts ?";
        String parameter = "{id: \"a\", balance: 10}";
        JsonNode first = ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":["
                + statement(insert, parameter) + "," + statement("SELECT VALUE a.balance FROM Accounts AS a", null)
                + "]}"));
        String transactionId = first.get("TransactionId").asText();
        assertThat(first.get("Results")).hasSize(2);
        assertThat(value(first.get("Results").get(1).get("Values").get(0))).isEqualTo("10");
        assertThat(first.has("CommitDigest")).isFalse();

        String update = "UPDATE Accounts AS a SET a.balance = 11 WHERE a.id = 'a'";
        Hash digest = new CommitDigest(transactionId).add(insert, List.of(ION.singleValue(parameter)))
                .add("SELECT VALUE a.balance FROM Accounts AS a", List.of()).add(update, List.of()).value();
        JsonNode committed = ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"TransactionId\":\""
                + transactionId + "\",\"Statements\":[" + statement(update, null) + "],\"CommitDigest\":\""
                + digest.toBase64() + "\"}"));
        assertThat(committed.get("CommitDigest").asText()).isEqualTo(digest.toBase64());
        assertThat(balances()).isEqualTo("11");
    }

    @Test
    void aStatementFailingMidBatchAbortsTheWholeTransactionAndIsNamed() {
        String token = startSession("bank");
        HttpResponse failed = batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":["
                + statement("INSERT INTO Accounts ?", "{id: \"b\", balance: 5}") + ","
                + statement("SELECT * FROM NoSuchTable", null) + ","
                + statement("INSERT INTO Accounts ?", "{id: \"c\", balance: 5}") + "]}");
        assertThat(failed.status()).isEqualTo(400);
        JsonNode error = json(failed);
        assertThat(error.get("__type").asText()).isEqualTo("BadRequestException");
        assertThat(error.get("Message").asText())
                .contains("NoSuchTable")
                .contains("statement 2 of 3 of the batch, Statements[1]: SELECT * FROM NoSuchTable")
                .contains("was aborted: nothing of it was written");
        assertThat(error.get("error").get("message").asText()).isEqualTo(error.get("Message").asText());
        assertThat(error.get("error").get("code").asText()).isNotEmpty();
        assertThat(balances()).isEmpty();
        // The session survives; the aborted transaction is gone from it.
        assertThat(ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":[]}"))
                .get("TransactionId").asText()).hasSize(22);
    }

    @Test
    void aConflictAtTheBatchCommitIsAnOccConflictAndWritesNothing() {
        String token = startSession("bank");
        String setup = ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":["
                + statement("INSERT INTO Accounts ?", "{id: \"d\", balance: 1}") + "]}"))
                .get("TransactionId").asText();
        commit(token, setup, List.of("INSERT INTO Accounts ?"), ION.singleValue("{id: \"d\", balance: 1}"));

        String reader = startSession("bank");
        String read = "SELECT VALUE a.balance FROM Accounts AS a WHERE a.id = 'd'";
        String readerTransaction = ok(batch("bank", "{\"SessionToken\":\"" + reader + "\",\"Statements\":["
                + statement(read, null) + "]}")).get("TransactionId").asText();
        // Another session changes the document the first one read, and commits first.
        String writer = startSession("bank");
        String write = "UPDATE Accounts AS a SET a.balance = 2 WHERE a.id = 'd'";
        String writerTransaction = ok(batch("bank", "{\"SessionToken\":\"" + writer + "\",\"Statements\":["
                + statement(write, null) + "]}")).get("TransactionId").asText();
        commit(writer, writerTransaction, List.of(write));

        String update = "UPDATE Accounts AS a SET a.balance = 100 WHERE a.id = 'd'";
        Hash digest = new CommitDigest(readerTransaction).add(read, List.of()).add(update, List.of()).value();
        HttpResponse conflict = batch("bank", "{\"SessionToken\":\"" + reader + "\",\"TransactionId\":\""
                + readerTransaction + "\",\"Statements\":[" + statement(update, null) + "],\"CommitDigest\":\""
                + digest.toBase64() + "\"}");
        assertThat(conflict.status()).isEqualTo(400);
        assertThat(json(conflict).get("__type").asText()).isEqualTo("OccConflictException");
        assertThat(json(conflict).get("Message").asText()).contains("the batch's commit");
        assertThat(balances()).isEqualTo("2");
    }

    @Test
    void aTransferInTwoBatchesWithAWrongCommitDigestIsRefusedAndWritesNothing() {
        String token = startSession("bank");
        String setup = ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":["
                + statement("INSERT INTO Accounts ?", "{id: \"e\", balance: 7}") + "]}")).get("TransactionId").asText();
        commit(token, setup, List.of("INSERT INTO Accounts ?"), ION.singleValue("{id: \"e\", balance: 7}"));

        // The reads with the start, then the write with the commit: the client's two requests of a transfer.
        String read = "SELECT VALUE a.balance FROM Accounts AS a WHERE a.id = 'e'";
        JsonNode reads = ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":["
                + statement(read, null) + "," + statement(read, null) + "]}"));
        String transactionId = reads.get("TransactionId").asText();
        assertThat(reads.get("Results")).hasSize(2);
        String update = "UPDATE Accounts AS a SET a.balance = 8 WHERE a.id = 'e'";
        // Computed without the second read: not what the server received.
        Hash wrong = new CommitDigest(transactionId).add(read, List.of()).add(update, List.of()).value();
        HttpResponse refused = batch("bank", "{\"SessionToken\":\"" + token + "\",\"TransactionId\":\""
                + transactionId + "\",\"Statements\":[" + statement(update, null) + "],\"CommitDigest\":\""
                + wrong.toBase64() + "\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(json(refused).get("__type").asText()).isEqualTo("BadRequestException");
        assertThat(json(refused).get("Message").asText()).contains("CommitDigest mismatch for transaction "
                + transactionId).contains("nothing of it was written");
        assertThat(balances()).isEqualTo("7");
    }

    @Test
    void refusesMalformedBatchesBeforeTouchingAnything() {
        String token = startSession("bank");
        assertRefused(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":[],\"Extra\":1}"),
                "Unknown member 'Extra'");
        assertRefused(batch("bank", "{\"SessionToken\":\"" + token + "\",\"CommitDigest\":\""
                + Hash.of(new byte[32]).toBase64() + "\"}"), "CommitDigest needs TransactionId");
        assertRefused(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":[{\"Parameters\":[]}]}"),
                "Statements[0].Statement is required");
        assertRefused(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":[{\"Statement\":\"SELECT 1"
                + "\",\"Parameters\":[{\"IonBinary\":\"not base64!\"}]}]}"),
                "Statements[0].Parameters[0].IonBinary is not valid base64");
        assertRefused(batch("other", "{\"SessionToken\":\"" + token + "\",\"Statements\":[]}"),
                "is on ledger bank, not on ledger other");
        assertRefused(batch("bank", "{\"Statements\":[]}"), "SessionToken is required");
    }

    private static void assertRefused(HttpResponse response, String message) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("__type").asText()).isEqualTo("BadRequestException");
        assertThat(json(response).get("Message").asText()).contains(message);
    }

    /** The balances of every account, as the committed ledger shows them, joined by commas. */
    private String balances() {
        String token = startSession("bank");
        JsonNode answer = ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"Statements\":["
                + statement("SELECT VALUE a.balance FROM Accounts AS a", null) + "]}"));
        StringBuilder joined = new StringBuilder();
        for (JsonNode holder : answer.get("Results").get(0).get("Values")) {
            joined.append(joined.length() == 0 ? "" : ",").append(value(holder));
        }
        return joined.toString();
    }

    private void commit(String token, String transactionId, List<String> statements,
                        com.amazon.ion.IonValue... firstParameters) {
        CommitDigest digest = new CommitDigest(transactionId);
        for (int i = 0; i < statements.size(); i++) {
            digest.add(statements.get(i), i == 0 ? List.of(firstParameters) : List.of());
        }
        ok(batch("bank", "{\"SessionToken\":\"" + token + "\",\"TransactionId\":\"" + transactionId
                + "\",\"CommitDigest\":\"" + digest.value().toBase64() + "\"}"));
    }

    private static String statement(String statement, String ionParameter) {
        String parameters = ionParameter == null ? "" : ",\"Parameters\":[{\"IonBinary\":\""
                + Base64.getEncoder().encodeToString(binary(ionParameter)) + "\"}]";
        return "{\"Statement\":\"" + statement + "\"" + parameters + "}";
    }

    private static byte[] binary(String ionText) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var writer = ION.newBinaryWriter(out)) {
            ION.singleValue(ionText).writeTo(writer);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String value(JsonNode holder) {
        return ION.singleValue(Base64.getDecoder().decode(holder.get("IonBinary").asText())).toString();
    }

    private String startSession(String ledger) {
        HttpResponse response = endpoint.handle(new HttpRequest("POST", "/", Map.of(), Map.of(),
                ("{\"StartSession\":{\"LedgerName\":\"" + ledger + "\"}}").getBytes(StandardCharsets.UTF_8)));
        return json(response).get("StartSession").get("SessionToken").asText();
    }

    private HttpResponse batch(String ledger, String body) {
        return endpoint.batch(ledger, new HttpRequest("POST", "/v1/ledgers/" + ledger + "/batches", Map.of(),
                Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode ok(HttpResponse response) {
        assertThat(response.status()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return json(response);
    }

    private static JsonNode json(HttpResponse response) {
        return SignedHttpClient.json(new String(response.body(), StandardCharsets.UTF_8));
    }
}
