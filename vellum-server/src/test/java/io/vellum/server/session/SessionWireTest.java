package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input over the raw wire (signed, so it reaches the Session API): each gets a QLDB-shaped 4xx, never a 500,
 * the server keeps serving, and nothing is written (the ledger digest is unchanged).
 */
class SessionWireTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String LEDGER = "wire";
    @TempDir
    static Path data;
    private static VellumServer server;
    private static SignedHttpClient client;
    private LedgerDigest digestBefore;

    @BeforeAll
    static void start() {
        server = TestServers.start(data);
        server.ledgers().create(LEDGER, false, "ALLOW_ALL", Map.of());
        client = SignedHttpClient.of(server);
        String token = startSession();
        String transaction = startTransaction(token);
        execute(token, transaction, "CREATE TABLE T");
        commit(token, transaction, new CommitDigest(transaction).add("CREATE TABLE T", List.of()).value().toBase64());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void rememberDigest() {
        digestBefore = server.ledgers().ledger(LEDGER).digest();
    }

    @AfterEach
    void nothingWasWrittenAndTheServerStillServes() {
        assertThat(server.ledgers().ledger(LEDGER).digest()).isEqualTo(digestBefore);
        String token = startSession();
        String transaction = startTransaction(token);
        JsonNode page = execute(token, transaction, "SELECT * FROM T").get("FirstPage");
        assertThat(page.get("Values")).isNotNull();
        client.command("{\"SessionToken\":\"" + token + "\",\"AbortTransaction\":{}}", "AbortTransaction");
    }

    @Test
    void malformedJsonAndNonObjects() {
        assertRefused(client.sendCommand("{\"StartSession\":"), "BadRequestException", "not valid JSON");
        assertRefused(client.sendCommand("[1,2]"), "BadRequestException", "JSON object");
        assertRefused(client.sendCommand(""), "BadRequestException", "empty");
        assertRefused(client.sendCommand("{\"StartSession\":{\"LedgerName\":\"wire\"}} trailing"),
                "BadRequestException", "");
        assertRefused(client.sendCommand("{\"StartSession\":{\"LedgerName\":\"wire\",\"LedgerName\":\"x\"}}"),
                "BadRequestException", "duplicate member 'LedgerName'");
        assertRefused(client.sendCommand("{\"StartSession\":\"wire\"}"), "BadRequestException", "JSON object");
        assertRefused(client.sendCommand("{\"StartSession\":{\"LedgerName\":7}}"), "BadRequestException",
                "JSON string");
    }

    @Test
    void unknownMissingAndDoubledCommands() {
        String token = startSession();
        assertRefused(client.sendCommand("{\"SessionToken\":\"" + token + "\",\"Frobnicate\":{}}"),
                "BadRequestException", "Unknown member 'Frobnicate'");
        assertRefused(client.sendCommand("{\"SessionToken\":\"" + token + "\"}"), "BadRequestException",
                "no command");
        assertRefused(client.sendCommand("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{},"
                + "\"AbortTransaction\":{}}"), "BadRequestException", "two commands");
        assertRefused(client.sendCommand("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{\"x\":1}}"),
                "BadRequestException", "Unknown member 'x' in StartTransaction");
    }

    @Test
    void missingMalformedAndUnknownSessionTokens() {
        assertRefused(client.sendCommand("{\"StartTransaction\":{}}"), "BadRequestException",
                "SessionToken is required");
        assertRefused(client.sendCommand("{\"SessionToken\":\"not a token!\",\"StartTransaction\":{}}"),
                "BadRequestException", "SessionToken must be");
        assertRefused(client.sendCommand("{\"SessionToken\":\"AAAAAAAAAAAAAAAA\",\"StartTransaction\":{}}"),
                "InvalidSessionException", "Session token is not valid");
    }

    @Test
    void wrongLedgers() {
        assertRefused(client.sendCommand("{\"StartSession\":{\"LedgerName\":\"no-such-ledger\"}}"),
                "BadRequestException", "Ledger no-such-ledger does not exist");
        assertRefused(client.sendCommand("{\"StartSession\":{\"LedgerName\":\"bad--name\"}}"),
                "BadRequestException", "two consecutive hyphens");
        assertRefused(client.sendCommand("{\"StartSession\":{\"LedgerName\":\"" + "a".repeat(33) + "\"}}"),
                "BadRequestException", "at most 32");
        assertRefused(client.sendCommand("{\"StartSession\":{}}"), "BadRequestException",
                "StartSession.LedgerName is required");
    }

    @Test
    void badParameters() {
        String token = startSession();
        String transaction = startTransaction(token);
        execute(token, transaction, "INSERT INTO T VALUE {'half': 'written'}");
        String insert = "INSERT INTO T ?";
        assertRefused(executeRaw(token, transaction, insert, "{\"IonBinary\":\"%%%not base64\"}"),
                "BadRequestException", "Parameters[0].IonBinary is not valid base64");
        byte[] truncated = {(byte) 0xE0, 0x01, 0x00, (byte) 0xEA, (byte) 0xDE, (byte) 0x8A};
        assertRefused(executeRaw(token, transaction, insert, binary(truncated)), "BadRequestException",
                "Parameters[0].IonBinary is not valid Ion");
        assertRefused(executeRaw(token, transaction, insert, binary("{a:1}".getBytes(StandardCharsets.UTF_8))),
                "BadRequestException", "version marker");
        assertRefused(executeRaw(token, transaction, insert, "{\"IonText\":\"{unclosed: \"}"),
                "BadRequestException", "Parameters[0].IonText is not valid Ion");
        assertRefused(executeRaw(token, transaction, insert, "{\"IonText\":\"1 2\"}"), "BadRequestException",
                "exactly one");
        assertRefused(executeRaw(token, transaction, insert, "{}"), "BadRequestException",
                "neither IonBinary nor IonText");
        assertRefused(executeRaw(token, transaction, insert, "{\"IonText\":\"1\",\"IonBinary\":\"4AEA6iEB\"}"),
                "BadRequestException", "both");
        assertRefused(executeRaw(token, transaction, insert, binary(encode(ION.newString("x".repeat(131_072))))),
                "BadRequestException", "131072 bytes (128 KB)");
        // The transaction survived all of that; abort it: the first INSERT must not reach the journal.
        client.command("{\"SessionToken\":\"" + token + "\",\"AbortTransaction\":{}}", "AbortTransaction");
    }

    @Test
    void statementOverOneHundredThousandCharacters() {
        String token = startSession();
        String transaction = startTransaction(token);
        String statement = "SELECT * FROM T WHERE a = '" + "x".repeat(100_000) + "'";
        assertRefused(executeRaw(token, transaction, statement), "BadRequestException",
                "the limit is 100000");
    }

    @Test
    void badTransactionIdsAndPageTokens() {
        String token = startSession();
        String transaction = startTransaction(token);
        assertRefused(executeRaw(token, "short", "SELECT * FROM T"), "BadRequestException",
                "TransactionId must be 22 characters");
        assertRefused(executeRaw(token, "A".repeat(22), "SELECT * FROM T"), "BadRequestException",
                "is not open on this session");
        assertRefused(client.sendCommand("{\"SessionToken\":\"" + token + "\",\"FetchPage\":{\"TransactionId\":\""
                + transaction + "\",\"NextPageToken\":\"AAAAAAAAAAE=\"}}"), "BadRequestException",
                "NextPageToken AAAAAAAAAAE= is not valid");
        assertRefused(client.sendCommand("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{}}"),
                "BadRequestException", "is still open");
    }

    @Test
    void aCommitDigestMismatchIsRefusedAndTheTransactionStaysOpen() {
        String token = startSession();
        String transaction = startTransaction(token);
        String statement = "INSERT INTO T VALUE {'digest': 'checked'}";
        execute(token, transaction, statement);
        String wrong = new CommitDigest(transaction).value().toBase64();
        assertRefused(commitRaw(token, transaction, wrong), "BadRequestException", "CommitDigest mismatch");
        assertRefused(commitRaw(token, transaction, "c2hvcnQ="), "BadRequestException", "must be 32 bytes");
        assertThat(server.ledgers().ledger(LEDGER).digest()).isEqualTo(digestBefore);
        String right = new CommitDigest(transaction).add(statement, List.of()).value().toBase64();
        JsonNode committed = commit(token, transaction, right);
        assertThat(committed.get("CommitDigest").asText()).isEqualTo(right);
        assertThat(committed.get("TransactionId").asText()).isEqualTo(transaction);
        digestBefore = server.ledgers().ledger(LEDGER).digest();
    }

    @Test
    void ionTextParametersAreAcceptedAndHashedLikeBinaryOnes() {
        String token = startSession();
        String transaction = startTransaction(token);
        String statement = "INSERT INTO T ?";
        String text = "{from: \"ion text\", n: 1.50, t: 2026-01-02T03:04Z}";
        HttpResponse<String> inserted = executeRaw(token, transaction, statement,
                "{\"IonText\":" + quote(text) + "}");
        assertThat(inserted.statusCode()).as(inserted.body()).isEqualTo(200);
        String digest = new CommitDigest(transaction).add(statement, List.of(ION.singleValue(text))).value()
                .toBase64();
        commit(token, transaction, digest);
        String reader = startTransaction(token);
        JsonNode page = execute(token, reader, "SELECT * FROM T WHERE \"from\" = 'ion text'").get("FirstPage");
        byte[] value = Base64.getDecoder().decode(page.get("Values").get(0).get("IonBinary").asText());
        assertThat(ION.singleValue(value)).isEqualTo(ION.singleValue(text));
        client.command("{\"SessionToken\":\"" + token + "\",\"AbortTransaction\":{}}", "AbortTransaction");
        digestBefore = server.ledgers().ledger(LEDGER).digest();
    }

    @Test
    void otherTargetsAndOversizedBodies() {
        HttpResponse<String> unknown = client.send("POST", "/", Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "QLDBSession.Describe"), "{}".getBytes(StandardCharsets.UTF_8),
                server.secretAccessKey(), Clock.systemUTC());
        assertRefused(unknown, "UnknownOperationException", "QLDBSession.Describe");
        byte[] huge = new byte[(8 << 20) + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        // Repeated: the 413 used to race the client's upload and was lost to a TCP reset now and then.
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> tooLarge = client.sendCommand(huge, server.secretAccessKey(), Clock.systemUTC());
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(SignedHttpClient.json(tooLarge.body()).get("Message").asText())
                    .contains("at most 8388608 bytes");
        }
    }

    @Test
    void answersCarryTheAwsJsonShape() {
        HttpResponse<String> response = client.sendCommand("{\"StartSession\":{\"LedgerName\":\"wire\"}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        JsonNode start = SignedHttpClient.json(response.body()).get("StartSession");
        assertThat(start.get("SessionToken").asText()).matches("^[A-Za-z-0-9+/=]{4,1024}$");
        assertThat(start.get("TimingInformation").get("ProcessingTimeMilliseconds").isIntegralNumber()).isTrue();
        String token = start.get("SessionToken").asText();
        String transaction = startTransaction(token);
        assertThat(transaction).matches("^[A-Za-z0-9]{22}$");
        JsonNode executed = execute(token, transaction, "SELECT * FROM T");
        assertThat(executed.get("ConsumedIOs").get("ReadIOs")).isNotNull();
        client.command("{\"SessionToken\":\"" + token + "\",\"AbortTransaction\":{}}", "AbortTransaction");
        // AbortTransaction succeeds with no transaction open too (the driver sends it after failed starts).
        client.command("{\"SessionToken\":\"" + token + "\",\"AbortTransaction\":{}}", "AbortTransaction");
        client.command("{\"SessionToken\":\"" + token + "\",\"EndSession\":{}}", "EndSession");
        assertRefused(client.sendCommand("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{}}"),
                "InvalidSessionException", "has ended");
    }

    static void assertRefused(HttpResponse<String> response, String type, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains(type);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
        JsonNode body = SignedHttpClient.json(response.body());
        assertThat(body.get("__type").asText()).isEqualTo(type);
        assertThat(body.get("Message").asText()).contains(messagePart);
    }

    static String startSession() {
        return client.command("{\"StartSession\":{\"LedgerName\":\"" + LEDGER + "\"}}", "StartSession")
                .get("SessionToken").asText();
    }

    static String startTransaction(String token) {
        return client.command("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{}}", "StartTransaction")
                .get("TransactionId").asText();
    }

    static JsonNode execute(String token, String transaction, String statement) {
        HttpResponse<String> response = executeRaw(token, transaction, statement);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SignedHttpClient.json(response.body()).get("ExecuteStatement");
    }

    static HttpResponse<String> executeRaw(String token, String transaction, String statement, String... holders) {
        return client.sendCommand("{\"SessionToken\":\"" + token + "\",\"ExecuteStatement\":{\"TransactionId\":\""
                + transaction + "\",\"Statement\":" + quote(statement) + ",\"Parameters\":["
                + String.join(",", holders) + "]}}");
    }

    static JsonNode commit(String token, String transaction, String digest) {
        HttpResponse<String> response = commitRaw(token, transaction, digest);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SignedHttpClient.json(response.body()).get("CommitTransaction");
    }

    static HttpResponse<String> commitRaw(String token, String transaction, String digest) {
        return client.sendCommand("{\"SessionToken\":\"" + token + "\",\"CommitTransaction\":{\"TransactionId\":\""
                + transaction + "\",\"CommitDigest\":\"" + digest + "\"}}");
    }

    static String binary(byte[] bytes) {
        return "{\"IonBinary\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
    }

    static byte[] encode(IonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
