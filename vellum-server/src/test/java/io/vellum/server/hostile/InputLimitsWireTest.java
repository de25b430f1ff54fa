package io.vellum.server.hostile;

import static io.vellum.server.hostile.HostileInputs.base64;
import static io.vellum.server.hostile.HostileInputs.nestedArrays;
import static io.vellum.server.hostile.HostileInputs.nestedIon;
import static io.vellum.server.hostile.HostileInputs.nestedIonBinary;
import static io.vellum.server.hostile.HostileInputs.quote;
import static io.vellum.server.hostile.HostileInputs.splice;
import static io.vellum.server.hostile.HostileInputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the defects the bad-input review found, each asserting the exact refusal (status, error
 * type, the message naming the limit or problem) where {@link BadInputSuiteTest} asserts only "a clean 4xx".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLimitsWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEDGER = "limits";
    private static final String STATEMENTS = "/v1/ledgers/" + LEDGER + "/statements";
    private static final Map<String, String> SESSION = BadInputSuiteTest.SESSION_HEADERS;
    private static final Map<String, String> JSON_TYPE = BadInputSuiteTest.JSON_HEADERS;

    @TempDir
    static Path directory;
    private VellumServer server;
    private RawHttp http;
    private String token;
    private String transactionId;

    @BeforeAll
    void start() throws IOException {
        server = VellumServer.start(ServerConfig.defaults(directory));
        http = new RawHttp(server.endpoint(), server.accessKeyId(), server.secretAccessKey());
        assertThat(send("POST", "/ledgers", JSON_TYPE, "{\"Name\":\"" + LEDGER + "\",\"PermissionsMode\":\"STANDARD\"}")
                .status()).isEqualTo(200);
        assertThat(send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"CREATE TABLE Cars\"}").status())
                .isEqualTo(200);
        assertThat(send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"INSERT INTO Cars VALUE {'Price': 1.5}\"}")
                .status()).isEqualTo(200);
        RawHttp.Reply session = send("POST", "/", SESSION, "{\"StartSession\":{\"LedgerName\":\"" + LEDGER + "\"}}");
        token = JSON.readTree(session.body()).at("/StartSession/SessionToken").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private RawHttp.Reply send(String method, String path, Map<String, String> headers, String body) {
        return http.send(method, path, headers, utf8(body), true);
    }

    private String transaction() throws IOException {
        send("POST", "/", SESSION, "{\"SessionToken\":\"" + token + "\",\"AbortTransaction\":{}}");
        RawHttp.Reply started = send("POST", "/", SESSION, "{\"SessionToken\":\"" + token
                + "\",\"StartTransaction\":{}}");
        assertThat(started.status()).as(started.text()).isEqualTo(200);
        transactionId = JSON.readTree(started.body()).at("/StartTransaction/TransactionId").asText();
        return transactionId;
    }

    private RawHttp.Reply execute(String statementJson, String parametersJson) throws IOException {
        return send("POST", "/", SESSION, "{\"SessionToken\":\"" + token + "\",\"ExecuteStatement\":{\"TransactionId\":\""
                + transaction() + "\",\"Statement\":" + statementJson
                + (parametersJson == null ? "" : ",\"Parameters\":" + parametersJson) + "}}");
    }

    /** Asserts status, {@code __type} and that the message contains {@code fragment}; returns the message. */
    private static String refused(RawHttp.Reply reply, int status, String type, String fragment) throws IOException {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("__type").asText()).as(reply.text()).isEqualTo(type);
        assertThat(body.path("Message").asText()).as(reply.text()).contains(fragment);
        return body.path("Message").asText();
    }

    private static void refusedNative(RawHttp.Reply reply, int status, String fragment) throws IOException {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.at("/error/message").asText()).as(reply.text()).contains(fragment);
    }

    private long carCount() throws IOException {
        RawHttp.Reply reply = send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"SELECT COUNT(*) AS n FROM Cars\"}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return JSON.readTree(reply.body()).at("/values/0/n").asLong();
    }

    @Test
    void deepJsonInAControlPlaneBodyNamesTheNestingLimit() throws IOException {
        // The control plane reads a whole tree: 4,000 levels overflowed the stack before the limit.
        refused(send("POST", "/ledgers", JSON_TYPE, "{\"Name\":\"deep\",\"PermissionsMode\":\"STANDARD\",\"Tags\":"
                + nestedArrays(4_000, "1") + "}"), 400, "SerializationException", "more than 100 levels deep");
    }

    @Test
    void deepIonParametersAreRefusedBeforeTheyOverflowTheStack() throws IOException {
        refused(execute("\"SELECT * FROM Cars WHERE x = ?\"", "[{\"IonText\":" + quote(nestedIon(3_000, IonType.LIST))
                + "}]"), 400, "BadRequestException", "nests containers more than 100 levels deep");
        refused(execute("\"SELECT * FROM Cars WHERE x = ?\"", "[{\"IonBinary\":\""
                + base64(nestedIonBinary(10_000, IonType.STRUCT)) + "\"}]"), 400, "BadRequestException",
                "nests containers more than 100 levels deep");
        refusedNative(send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"SELECT * FROM Cars WHERE x = ?\","
                + "\"parameters\":[" + nestedArrays(4_000, "1") + "]}"), 400, "more than 100 levels deep");
    }

    @Test
    void nestingAtTheLimitIsAccepted() throws IOException {
        // The parameter is 99 levels inside the body's object and list: 100 in all.
        RawHttp.Reply reply = send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"SELECT * FROM Cars WHERE x = ?\","
                + "\"parameters\":[" + nestedArrays(98, "1") + "]}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        RawHttp.Reply session = execute("\"SELECT * FROM Cars WHERE x = ?\"", "[{\"IonText\":"
                + quote(nestedIon(100, IonType.LIST)) + "}]");
        assertThat(session.status()).as(session.text()).isEqualTo(200);
    }

    @Test
    void deeplyNestedPartiqlIsABadRequestNotACrash() throws IOException {
        String deep = "SELECT * FROM Cars WHERE " + "(".repeat(5_000) + "1 = 1" + ")".repeat(5_000);
        refused(execute(quote(deep), null), 400, "BadRequestException", "nest more than 100 levels deep");
        // The native API answers the engine's LIMIT_EXCEEDED with 413, as for every limit.
        refusedNative(send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":" + quote(deep) + "}"), 413,
                "nest more than 100 levels deep");
    }

    @Test
    void arithmeticBeyondBigDecimalsRangeIsABadRequestNotAnArithmeticException() throws IOException {
        String message = refused(execute("\"SELECT Price + ? FROM Cars\"", "[{\"IonText\":\"1d999999999\"}]"), 400,
                "BadRequestException", "outside the number range limit");
        assertThat(message).doesNotContain("Arithmetic", "BigInteger");
        refusedNative(send("POST", STATEMENTS, JSON_TYPE, "{statement:\"SELECT Price + ? FROM Cars\",parameters:"
                + "[1d999999999]}"), 413, "outside the number range limit");
    }

    @Test
    void valuesALibraryCannotConvertAreABadRequest() throws IOException {
        // The engine names an impossible CAST itself (issue 15); the backstop still covers DATE_ADD below.
        String message = refused(execute("\"SELECT CAST('x' AS TIMESTAMP) FROM Cars\"", null), 400,
                "BadRequestException", "to TIMESTAMP is not possible");
        assertThat(message).doesNotContain("IllegalArgument", "yyyyT");
        refusedNative(send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"SELECT DATE_ADD(year, 99999999999,"
                + " `2019T`) FROM Cars\"}"), 400, "out of range");
    }

    @Test
    void invalidUtf8InAnIonBodyIsRefusedNotCommittedAsAnotherCharacter() throws IOException {
        long before = carCount();
        byte[] body = splice("{statement:\"INSERT INTO Cars ?\",parameters:[{name:\"a", new byte[] {(byte) 0xC3, 0x28},
                "b\"}]}");
        RawHttp.Reply reply = http.send("POST", STATEMENTS, JSON_TYPE, body, true);
        refusedNative(reply, 400, "not well-formed UTF-8");
        assertThat(carCount()).isEqualTo(before);
    }

    @Test
    void overlongUtf8InJsonIsRefusedOnEveryApi() throws IOException {
        byte[] overlong = {(byte) 0xC0, (byte) 0x80};
        refused(http.send("POST", "/", SESSION, splice("{\"StartSession\":{\"LedgerName\":\"lim", overlong,
                "its\"}}"), true), 400, "BadRequestException", "not well-formed UTF-8");
        refused(http.send("POST", "/ledgers", JSON_TYPE, splice("{\"Name\":\"x", overlong,
                "\",\"PermissionsMode\":\"STANDARD\"}"), true), 400, "SerializationException", "not well-formed UTF-8");
        refusedNative(http.send("POST", STATEMENTS, JSON_TYPE, splice("{\"statement\":\"SELECT * FROM Cars", overlong,
                "\"}"), true), 400, "not well-formed UTF-8");
    }

    @Test
    void unpairedSurrogateEscapesAreRefused() throws IOException {
        refused(execute("\"INSERT INTO Cars VALUE {'a': '\\ud800'}\"", null), 400, "BadRequestException",
                "unpaired UTF-16 surrogate");
        refused(send("POST", "/ledgers", JSON_TYPE, "{\"Name\":\"x\",\"PermissionsMode\":\"STANDARD\",\"Tags\":"
                + "{\"k\":\"\\udc00\"}}"), 400, "InvalidParameterException", "unpaired UTF-16 surrogate");
    }

    @Test
    void duplicateMembersOfANativeRequestAreRefused() throws IOException {
        long before = carCount();
        refusedNative(send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"SELECT * FROM Cars\","
                + "\"statement\":\"INSERT INTO Cars VALUE {'a': 1}\"}"), 400, "duplicate field \"statement\"");
        assertThat(carCount()).isEqualTo(before);
        refused(send("POST", "/ledgers", JSON_TYPE, "{\"Name\":\"one\",\"Name\":\"two\",\"PermissionsMode\":"
                + "\"STANDARD\"}"), 400, "SerializationException", "duplicate member 'Name'");
    }

    @Test
    void longNumbersAreRefusedBeforeTheyAreParsed() throws IOException {
        refused(execute("\"SELECT * FROM Cars WHERE x = ?\"", "[{\"IonText\":\"" + "9".repeat(200_000) + "\"}]"), 400,
                "BadRequestException", "number of 200000 characters; the limit is 1000");
        refusedNative(send("POST", STATEMENTS, JSON_TYPE, "{\"statement\":\"SELECT * FROM Cars WHERE x = ?\","
                + "\"parameters\":[" + "9".repeat(5_000) + "]}"), 400, "the limit is 1000");
        refused(send("POST", "/ledgers", JSON_TYPE, "{\"Name\":" + "9".repeat(5_000) + "}"), 400,
                "SerializationException", "number longer than 1000 characters");
    }

    @Test
    void hugeTimestampsAreAnInvalidParameterNotAnInternalFailure() throws IOException {
        String message = refused(send("POST", "/ledgers/" + LEDGER + "/journal-s3-exports", JSON_TYPE,
                "{\"InclusiveStartTime\":1e999999999,\"ExclusiveEndTime\":1,\"RoleArn\":\"arn:aws:iam::0:role/x\","
                        + "\"S3ExportConfiguration\":{\"Bucket\":\"b\",\"Prefix\":\"p\",\"EncryptionConfiguration\":"
                        + "{\"ObjectEncryptionType\":\"NO_ENCRYPTION\"}}}"), 400, "InvalidParameterException",
                "InclusiveStartTime is out of range");
        assertThat(message).doesNotContain("Exception");
    }

    @Test
    void jettysOwnRefusalsAreJsonInBothShapes() throws IOException {
        RawHttp.Reply reply = http.send("GET", "/v1/ledgers", Map.of("X-Filler", "f".repeat(65_536)), new byte[0],
                false);
        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.headers().get("content-type")).startsWith("application/json");
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("__type").asText()).isEqualTo("RequestHeaderFieldsTooLargeException");
        assertThat(body.at("/error/code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(reply.text()).doesNotContain("<html", "org.eclipse");

        RawHttp.Reply tooLong = http.send("GET", "/" + "a".repeat(20_000), Map.of(), new byte[0], false);
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(JSON.readTree(tooLong.body()).path("__type").asText()).isEqualTo("RequestURITooLongException");
    }

    @Test
    void queryEscapesThatAreNotUtf8AreABadRequest(@TempDir Path open) throws IOException {
        // A signing client replaces such escapes before it signs (so the signature fails); without authentication
        // the router's own check answers.
        try (VellumServer unsigned = VellumServer.start(ServerConfig.defaults(open).withInsecureNoAuth(true))) {
            RawHttp plain = new RawHttp(unsigned.endpoint(), "unused", "unused");
            refusedNative(plain.send("GET", "/v1/ledgers?x=%C3%28", Map.of(), new byte[0], false), 400,
                    "not well-formed UTF-8");
            refused(plain.send("GET", "/ledgers?next_token=%C3%28", Map.of(), new byte[0], false), 400,
                    "BadRequestException", "not well-formed UTF-8");
        }
    }

    @Test
    void contentTypesWithAnotherCharsetAreRefused() throws IOException {
        refused(send("POST", "/", Map.of("Content-Type", "application/x-amz-json-1.0; charset=ISO-8859-1",
                "X-Amz-Target", "QLDBSession.SendCommand"), "{\"StartSession\":{\"LedgerName\":\"" + LEDGER + "\"}}"),
                415, "UnsupportedMediaTypeException", "charset 'iso-8859-1' is not supported");
        refused(send("POST", "/", Map.of("Content-Type", "text/plain", "X-Amz-Target", "QLDBSession.SendCommand"),
                "{\"StartSession\":{\"LedgerName\":\"" + LEDGER + "\"}}"), 415, "UnsupportedMediaTypeException",
                "not supported by the Session API");
    }
}
