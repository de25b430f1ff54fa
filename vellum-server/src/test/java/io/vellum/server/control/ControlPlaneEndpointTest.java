package io.vellum.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.LedgerOptions;
import io.vellum.server.HttpRequest;
import io.vellum.server.HttpResponse;
import io.vellum.server.LedgerRegistry;
import io.vellum.server.ServerMetrics;
import io.vellum.server.metrics.ResponseCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's HTTP contract below the SDK: error headers and bodies, routes the SDK has no operation for,
 * operations not supported yet, bodies that are not JSON, and the exact JSON forms of timestamps and IonText.
 */
class ControlPlaneEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private LedgerRegistry registry;
    private ServerMetrics metrics;
    private ControlPlaneEndpoint endpoint;

    @BeforeEach
    void start() {
        registry = new LedgerRegistry(directory, LedgerOptions.defaults(), "us-east-1");
        metrics = new ServerMetrics();
        endpoint = new ControlPlaneEndpoint(registry, metrics);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private HttpResponse call(String method, String path, String body) {
        return endpoint.handle(new HttpRequest(method, path, Map.of(), Map.of(),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(HttpResponse response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void createdLedgerHasEpochSecondsWithMillisecondsAndNoEncryptionClaim() throws IOException {
        HttpResponse response = call("POST", "/ledgers", "{\"Name\":\"l1\",\"PermissionsMode\":\"STANDARD\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json").containsKey("x-amzn-RequestId");
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).matches(".*\"CreationDateTime\":\\d{10}\\.\\d{3}[,}].*");
        JsonNode body = json(response);
        assertThat(body.get("Name").textValue()).isEqualTo("l1");
        assertThat(body.get("State").textValue()).isEqualTo("ACTIVE");
        assertThat(body.get("Arn").textValue()).isEqualTo("arn:aws:qldb:us-east-1:000000000000:ledger/l1");
        assertThat(body.get("DeletionProtection").booleanValue()).isTrue();
        assertThat(body.has("KmsKeyArn")).isFalse();
        assertThat(body.has("EncryptionDescription")).isFalse();
    }

    @Test
    void errorsCarryTypeHeaderTypeMessageAndModelledMembers() throws IOException {
        HttpResponse missing = call("GET", "/ledgers/nope", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headers()).containsEntry("x-amzn-ErrorType", "ResourceNotFoundException");
        JsonNode body = json(missing);
        assertThat(body.get("__type").textValue()).isEqualTo("ResourceNotFoundException");
        assertThat(body.get("Message").textValue()).contains("nope");
        assertThat(body.get("ResourceType").textValue()).isEqualTo("LEDGER");
        assertThat(body.get("ResourceName").textValue()).isEqualTo("nope");

        HttpResponse badName = call("POST", "/ledgers", "{\"Name\":\"-bad\",\"PermissionsMode\":\"STANDARD\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(json(badName).get("__type").textValue()).isEqualTo("InvalidParameterException");
        assertThat(json(badName).get("ParameterName").textValue()).isEqualTo("Name");
    }

    @Test
    void bodyThatIsNotJsonIsASerializationException() throws IOException {
        HttpResponse response = call("POST", "/ledgers", "{\"Name\":");
        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("__type").textValue()).isEqualTo("SerializationException");
        HttpResponse array = call("POST", "/ledgers", "[]");
        assertThat(json(array).get("Message").textValue()).contains("must be a JSON object");
    }

    @Test
    void unknownRoutesAndMethodsAre404NamingTheRequest() throws IOException {
        for (String[] request : List.of(new String[] {"GET", "/nothing"}, new String[] {"PUT", "/ledgers"},
                new String[] {"GET", "/ledgers/l1/digest"}, new String[] {"POST", "/ledgers/l1/a/b/c"})) {
            HttpResponse response = call(request[0], request[1], null);
            assertThat(response.status()).as(request[0] + " " + request[1]).isEqualTo(404);
            JsonNode body = json(response);
            assertThat(body.get("__type").textValue()).isEqualTo("UnknownOperationException");
            assertThat(body.get("Message").textValue()).contains(request[0] + " " + request[1]);
        }
    }

    @Test
    void exportsAndStreamsAreNotSupportedYetAndSayWhich() throws IOException {
        Map<String, String[]> operations = Map.of(
                "ExportJournalToS3", new String[] {"POST", "/ledgers/l1/journal-s3-exports"},
                "ListJournalS3Exports", new String[] {"GET", "/journal-s3-exports"},
                "ListJournalS3ExportsForLedger", new String[] {"GET", "/ledgers/l1/journal-s3-exports"},
                "DescribeJournalS3Export", new String[] {"GET", "/ledgers/l1/journal-s3-exports/x"},
                "StreamJournalToKinesis", new String[] {"POST", "/ledgers/l1/journal-kinesis-streams"},
                "ListJournalKinesisStreamsForLedger", new String[] {"GET", "/ledgers/l1/journal-kinesis-streams"},
                "DescribeJournalKinesisStream", new String[] {"GET", "/ledgers/l1/journal-kinesis-streams/s"},
                "CancelJournalKinesisStream", new String[] {"DELETE", "/ledgers/l1/journal-kinesis-streams/s"});
        for (Map.Entry<String, String[]> operation : operations.entrySet()) {
            HttpResponse response = call(operation.getValue()[0], operation.getValue()[1], "{}");
            assertThat(response.status()).as(operation.getKey()).isEqualTo(501);
            assertThat(json(response).get("Message").textValue()).startsWith(operation.getKey() + " is not supported");
        }
    }

    @Test
    void digestIsBase64AndTipIsCompactIonText() throws IOException {
        call("POST", "/ledgers", "{\"Name\":\"l1\",\"PermissionsMode\":\"ALLOW_ALL\"}");
        JsonNode digest = json(call("POST", "/ledgers/l1/digest", null));
        assertThat(digest.get("Digest").textValue()).matches("[A-Za-z0-9+/]{43}=");
        String strandId = registry.ledger("l1").strandId();
        assertThat(digest.at("/DigestTipAddress/IonText").textValue())
                .isEqualTo("{strandId:\"" + strandId + "\",sequenceNo:0}");
    }

    @Test
    void responsesAreCountedByStatus() {
        call("GET", "/ledgers", null);
        call("GET", "/ledgers/nope", null);
        assertThat(ResponseCounts.of(metrics).snapshot().get(ServerMetrics.CONTROL))
                .containsEntry(200, 1L).containsEntry(404, 1L);
    }
}
