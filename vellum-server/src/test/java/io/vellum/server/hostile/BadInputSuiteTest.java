package io.vellum.server.hostile;

import static io.vellum.server.hostile.HostileInputs.BAD_UTF8;
import static io.vellum.server.hostile.HostileInputs.base64;
import static io.vellum.server.hostile.HostileInputs.ionBinaryString;
import static io.vellum.server.hostile.HostileInputs.nestedArrays;
import static io.vellum.server.hostile.HostileInputs.nestedIon;
import static io.vellum.server.hostile.HostileInputs.nestedIonBinary;
import static io.vellum.server.hostile.HostileInputs.nestedObjects;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input suite: several hundred hostile requests over the Session API, the native {@code /v1} API and the
 * control plane, against one signed server. For EACH request:
 * <ol>
 *   <li>the status is 4xx;</li>
 *   <li>the body is JSON in the error format of the API addressed (Session API and control plane
 *       {@code {"__type", "Message"}}, native {@code {"error": {"code", "message"}}});</li>
 *   <li>the body reveals nothing internal ({@link #LEAKS}: Java package and class names, stack frames, file
 *       paths, library names, HTML);</li>
 *   <li>the server still serves a signed GetDigest, and the ledger's digest is the same as before the request.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputSuiteTest {
    static final String LEDGER = "hostile";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What must never appear in an error body. */
    static final Pattern LEAKS = Pattern.compile("java\\.|javax\\.|\\bat io\\.|io\\.vellum|/tmp/|/work/|/root/|/home/"
            + "|/var/|org\\.eclipse|com\\.fasterxml|com\\.amazon\\.ion|software\\.amazon|org\\.partiql|kotlin\\."
            + "|\\.java:\\d|<html|<body|<pre|\\bStackOverflow|\\$[A-Z][A-Za-z]+Exception");
    /** What must never appear in an error message (the error TYPE may end in "Exception": that is AWS's naming). */
    static final Pattern MESSAGE_LEAKS = Pattern.compile("Exception|Error:|\\bnull\\b pointer|NullPointer");

    /** Which error shape the answer must have; ANY: Jetty refused it before routing, either shape will do. */
    enum Api { SESSION, NATIVE, CONTROL, ANY }

    /** The Session API's state a case's body may need. */
    record Session(String token, String transactionId) {
    }

    /** One hostile request. */
    record Case(String name, Api api, String method, String path, Map<String, String> headers,
                Function<Session, byte[]> body, boolean needsTransaction) {
        @Override
        public String toString() {
            return api + " " + name;
        }
    }

    @TempDir
    static Path directory;
    private VellumServer server;
    private RawHttp http;
    private String sessionToken;

    @BeforeAll
    void start() throws IOException {
        server = VellumServer.start(ServerConfig.defaults(directory));
        http = new RawHttp(server.endpoint(), server.accessKeyId(), server.secretAccessKey());
        RawHttp.Reply created = control("POST", "/ledgers", "{\"Name\":\"" + LEDGER + "\",\"PermissionsMode\":"
                + "\"STANDARD\",\"DeletionProtection\":false}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        for (String statement : List.of("CREATE TABLE Cars", "CREATE INDEX ON Cars (VIN)",
                "INSERT INTO Cars VALUE {'VIN': 'KM8SRDHF6EU074761', 'Price': 42.50}")) {
            RawHttp.Reply reply = nativeRequest("POST", "/v1/ledgers/" + LEDGER + "/statements",
                    "{\"statement\":" + quote(statement) + "}");
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        }
        RawHttp.Reply session = sessionRequest("{\"StartSession\":{\"LedgerName\":\"" + LEDGER + "\"}}");
        assertThat(session.status()).as(session.text()).isEqualTo(200);
        sessionToken = JSON.readTree(session.body()).at("/StartSession/SessionToken").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedCleanly(Case hostile) throws IOException {
        String digestBefore = digest();
        Session session = new Session(sessionToken, hostile.needsTransaction() ? freshTransaction() : "A".repeat(22));
        RawHttp.Reply reply = http.send(hostile.method(), hostile.path(), hostile.headers(),
                hostile.body().apply(session), true);
        String text = reply.text();
        assertThat(reply.status()).as("status of %s; body %s", hostile, abbreviate(text)).isBetween(400, 499);
        assertThat(reply.headers().get("content-type")).as("content type; body %s", abbreviate(text))
                .matches("application/(json|x-amz-json-1\\.0).*");
        JsonNode body = JSON.readTree(reply.body());
        String message = switch (hostile.api()) {
            case SESSION, CONTROL -> {
                assertThat(body.path("__type").isTextual()).as("__type in %s", text).isTrue();
                assertThat(body.path("Message").isTextual()).as("Message in %s", text).isTrue();
                yield body.path("Message").asText();
            }
            case NATIVE -> {
                assertThat(body.at("/error/code").isTextual()).as("error.code in %s", text).isTrue();
                assertThat(body.at("/error/message").isTextual()).as("error.message in %s", text).isTrue();
                yield body.at("/error/message").asText();
            }
            case ANY -> {
                boolean aws = body.path("__type").isTextual() && body.path("Message").isTextual();
                boolean nativeShape = body.at("/error/code").isTextual() && body.at("/error/message").isTextual();
                assertThat(aws || nativeShape).as("an error shape in %s", text).isTrue();
                yield aws ? body.path("Message").asText() : body.at("/error/message").asText();
            }
        };
        assertThat(message).as("message").isNotBlank();
        assertThat(LEAKS.matcher(text).find()).as("internal detail in %s", abbreviate(text)).isFalse();
        assertThat(MESSAGE_LEAKS.matcher(message).find()).as("internal detail in message %s", abbreviate(message))
                .isFalse();
        assertThat(digest()).as("digest after %s", hostile).isEqualTo(digestBefore);
    }

    /** The ledger's digest by a signed GetDigest, which must succeed. */
    private String digest() throws IOException {
        RawHttp.Reply reply = control("POST", "/ledgers/" + LEDGER + "/digest", "");
        assertThat(reply.status()).as("GetDigest: %s", reply.text()).isEqualTo(200);
        return JSON.readTree(reply.body()).path("Digest").asText();
    }

    /** Aborts whatever transaction the suite's session has open and starts a new one. */
    private String freshTransaction() throws IOException {
        sessionRequest("{\"SessionToken\":\"" + sessionToken + "\",\"AbortTransaction\":{}}");
        RawHttp.Reply reply = sessionRequest("{\"SessionToken\":\"" + sessionToken + "\",\"StartTransaction\":{}}");
        if (reply.status() != 200) {
            // The session expired (idle or lifetime): a new one.
            RawHttp.Reply session = sessionRequest("{\"StartSession\":{\"LedgerName\":\"" + LEDGER + "\"}}");
            sessionToken = JSON.readTree(session.body()).at("/StartSession/SessionToken").asText();
            reply = sessionRequest("{\"SessionToken\":\"" + sessionToken + "\",\"StartTransaction\":{}}");
        }
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return JSON.readTree(reply.body()).at("/StartTransaction/TransactionId").asText();
    }

    private RawHttp.Reply control(String method, String path, String body) {
        return http.send(method, path, Map.of("Content-Type", "application/json"), utf8(body), true);
    }

    private RawHttp.Reply nativeRequest(String method, String path, String body) {
        return http.send(method, path, Map.of("Content-Type", "application/json"), utf8(body), true);
    }

    private RawHttp.Reply sessionRequest(String body) {
        return http.send("POST", "/", SESSION_HEADERS, utf8(body), true);
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }

    static final Map<String, String> SESSION_HEADERS = Map.of("Content-Type", "application/x-amz-json-1.0",
            "X-Amz-Target", "QLDBSession.SendCommand");
    static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");

    Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        SessionCases.add(cases);
        NativeCases.add(cases);
        ControlCases.add(cases);
        HeaderAndPathCases.add(cases);
        Map<String, Case> unique = new LinkedHashMap<>();
        for (Case c : cases) {
            if (unique.put(c.toString(), c) != null) {
                throw new IllegalStateException("two cases named " + c);
            }
        }
        Map<Api, Long> byApi = new java.util.EnumMap<>(Api.class);
        cases.forEach(c -> byApi.merge(c.api(), 1L, Long::sum));
        System.out.println("Bad-input suite: " + cases.size() + " hostile requests " + byApi);
        return cases.stream();
    }

    static Case session(String name, String body) {
        return new Case(name, Api.SESSION, "POST", "/", SESSION_HEADERS, s -> utf8(body), false);
    }

    static Case session(String name, Function<Session, byte[]> body, boolean needsTransaction) {
        return new Case(name, Api.SESSION, "POST", "/", SESSION_HEADERS, body, needsTransaction);
    }

    static Case nativeCase(String name, String method, String path, byte[] body) {
        return new Case(name, Api.NATIVE, method, path, JSON_HEADERS, s -> body, false);
    }

    static Case control(String name, String method, String path, byte[] body) {
        return new Case(name, Api.CONTROL, method, path, JSON_HEADERS, s -> body, false);
    }

    /** An ExecuteStatement body on the suite's session with the given statement and Parameters JSON. */
    static Function<Session, byte[]> execute(String statementJson, String parametersJson) {
        return s -> utf8("{\"SessionToken\":\"" + s.token() + "\",\"ExecuteStatement\":{\"TransactionId\":\""
                + s.transactionId() + "\",\"Statement\":" + statementJson
                + (parametersJson == null ? "" : ",\"Parameters\":" + parametersJson) + "}}");
    }

    static String ionBinaryParameter(byte[] ion) {
        return "[{\"IonBinary\":\"" + base64(ion) + "\"}]";
    }

    static String ionTextParameter(String ion) {
        return "[{\"IonText\":" + quote(ion) + "}]";
    }

    /** {@code BAD_UTF8} as (name, bytes) pairs. */
    static List<Object[]> badUtf8() {
        return List.of(BAD_UTF8);
    }

    static byte[] spliced(String before, byte[] raw, String after) {
        return splice(before, raw, after);
    }

    static String nestedJsonArrays(int depth) {
        return nestedArrays(depth, "1");
    }

    static String nestedJsonObjects(int depth) {
        return nestedObjects(depth);
    }

    static String nestedIonText(int depth, IonType type) {
        return nestedIon(depth, type);
    }

    static byte[] nestedBinary(int depth, IonType type) {
        return nestedIonBinary(depth, type);
    }

    static byte[] binaryString(byte[] utf8) {
        return ionBinaryString(utf8);
    }
}
