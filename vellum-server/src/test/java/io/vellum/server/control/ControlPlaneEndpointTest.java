package io.vellum.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.IdGenerator;
import io.vellum.engine.LedgerOptions;
import io.vellum.kafka.StreamManager;
import io.vellum.kafka.StreamSettings;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.metrics.ServerMetrics;
import io.vellum.server.exports.JournalExports;
import io.vellum.server.metrics.ResponseCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's HTTP contract below the SDK: error headers and bodies, routes the SDK has no operation for,
 * bodies that are not JSON, export and stream request checks (with members named as the SDK never sends them wrong),
 * and the exact JSON forms of timestamps, IonText and export descriptions.
 */
class ControlPlaneEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private LedgerRegistry registry;
    private ServerMetrics metrics;
    private StreamManager streams;
    private JournalExports exports;
    private ControlPlaneEndpoint endpoint;

    @BeforeEach
    void start() {
        registry = new LedgerRegistry(directory.resolve("ledgers"), LedgerOptions.defaults(), "us-east-1");
        metrics = new ServerMetrics();
        streams = new StreamManager(directory.resolve("streams"), registry::openLedger,
                StreamSettings.defaults("us-east-1"));
        exports = new JournalExports(directory.resolve("exports"), registry, JournalExports.newExecutor(),
                Clock.systemUTC(), IdGenerator.random());
        // No Kafka cluster: Kinesis-ARN streams are refused, which is what these tests check.
        endpoint = new ControlPlaneEndpoint(registry, metrics, exports, streams, null);
    }

    @AfterEach
    void stop() {
        streams.close();
        exports.close();
        registry.close();
    }

    private HttpResponse call(String method, String path, String body) {
        return call(method, path, Map.of(), body);
    }

    private HttpResponse call(String method, String path, Map<String, List<String>> query, String body) {
        return endpoint.handle(new HttpRequest(method, path, query, Map.of(),
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

    /** An export request as the AWS CLI's example sends it, with the given bucket and encryption. */
    private static String exportRequest(String bucket, String encryption, String extraMembers) {
        // The end is "now", a moment after the ledger's creation (an end before it would leave nothing to export).
        long end = System.currentTimeMillis() - 1;
        return "{\"InclusiveStartTime\":1568764800.0,\"ExclusiveEndTime\":" + end / 1000 + "."
                + String.format("%03d", end % 1000)
                + ",\"RoleArn\":\"arn:aws:iam::123456789012:role/my-s3-export-role\",\"S3ExportConfiguration\":"
                + "{\"Bucket\":\"" + bucket + "\",\"Prefix\":\"ledgerexport1/\",\"EncryptionConfiguration\":"
                + "{\"ObjectEncryptionType\":\"" + encryption + "\"}}" + extraMembers + "}";
    }

    private void assertError(HttpResponse response, int status, String type, String member, String value)
            throws IOException {
        JsonNode body = json(response);
        assertThat(response.status()).as(body.toString()).isEqualTo(status);
        assertThat(body.get("__type").textValue()).isEqualTo(type);
        assertThat(body.get(member).textValue()).isEqualTo(value);
    }

    @Test
    void exportRequestsAreCheckedMemberByMember() throws IOException {
        call("POST", "/ledgers", "{\"Name\":\"l1\",\"PermissionsMode\":\"ALLOW_ALL\"}");
        String path = "/ledgers/l1/journal-s3-exports";
        assertError(call("POST", "/ledgers/nope/journal-s3-exports", exportRequest("my-bucket", "SSE_S3", "")),
                404, "ResourceNotFoundException", "ResourceType", "LEDGER");
        assertError(call("POST", path, exportRequest("My_Bucket", "SSE_S3", "")), 400, "InvalidParameterException",
                "ParameterName", "S3ExportConfiguration.Bucket");
        assertError(call("POST", path, exportRequest("192.168.5.4", "SSE_S3", "")), 400,
                "InvalidParameterException", "ParameterName", "S3ExportConfiguration.Bucket");
        assertError(call("POST", path, exportRequest("amzn-s3-demo-bucket", "SSE_S3", "")), 400,
                "InvalidParameterException", "ParameterName", "S3ExportConfiguration.Bucket");
        HttpResponse kms = call("POST", path, exportRequest("my-bucket", "SSE_KMS", ""));
        assertError(kms, 400, "InvalidParameterException", "ParameterName",
                "S3ExportConfiguration.EncryptionConfiguration.ObjectEncryptionType");
        assertThat(json(kms).get("Message").textValue()).contains("no AWS KMS");
        assertError(call("POST", path, exportRequest("my-bucket", "SSE_S3", ",\"OutputFormat\":\"CSV\"")), 400,
                "InvalidParameterException", "ParameterName", "OutputFormat");
        assertError(call("POST", path, "{\"InclusiveStartTime\":1568764800,\"ExclusiveEndTime\":1568764800}"), 400,
                "InvalidParameterException", "ParameterName", "ExclusiveEndTime");
        assertError(call("POST", path, exportRequest("my-bucket", "SSE_S3", "")
                .replace("\"Prefix\":\"ledgerexport1/\"", "\"Prefix\":\"../escape/\"")), 400,
                "InvalidParameterException", "ParameterName", "S3ExportConfiguration.Prefix");
        assertError(call("GET", path + "/AAAAAAAAAAAAAAAAAAAAAA", null), 404, "ResourceNotFoundException",
                "ResourceType", "JOURNAL_S3_EXPORT");
    }

    @Test
    void exportDescriptionsHaveTheAwsCliShapeAndPage() throws Exception {
        call("POST", "/ledgers", "{\"Name\":\"l1\",\"PermissionsMode\":\"ALLOW_ALL\"}");
        Thread.sleep(5);
        // ISO-8601 strings are accepted too (for curl users); the response always has epoch seconds.
        String first = json(call("POST", "/ledgers/l1/journal-s3-exports", exportRequest("my-bucket", "SSE_S3", "")
                .replace("1568764800.0", "\"2019-09-18T00:00:00Z\""))).get("ExportId").textValue();
        assertThat(first).matches("[0-9A-Za-z]{22}");
        awaitCompleted(first);
        String second = json(call("POST", "/ledgers/l1/journal-s3-exports", exportRequest("my-bucket", "NO_ENCRYPTION",
                ",\"OutputFormat\":\"ION_BINARY\""))).get("ExportId").textValue();
        awaitCompleted(second);

        HttpResponse described = call("GET", "/ledgers/l1/journal-s3-exports/" + first, null);
        String text = new String(described.body(), StandardCharsets.UTF_8);
        assertThat(text).matches(".*\"ExportCreationTime\":\\d{10}\\.\\d{3},.*")
                .contains("\"InclusiveStartTime\":" + registry.describe("l1").creationDateTime().toEpochMilli() / 1000);
        JsonNode export = json(described).get("ExportDescription");
        assertThat(export.get("LedgerName").textValue()).isEqualTo("l1");
        assertThat(export.get("ExportId").textValue()).isEqualTo(first);
        assertThat(export.get("Status").textValue()).isEqualTo("COMPLETED");
        assertThat(export.get("RoleArn").textValue()).isEqualTo("arn:aws:iam::123456789012:role/my-s3-export-role");
        assertThat(export.get("S3ExportConfiguration").toString()).isEqualTo("{\"Bucket\":\"my-bucket\",\"Prefix\":"
                + "\"ledgerexport1/\",\"EncryptionConfiguration\":{\"ObjectEncryptionType\":\"SSE_S3\"}}");
        assertThat(export.has("OutputFormat")).as("not given, so not echoed").isFalse();
        assertThat(json(call("GET", "/ledgers/l1/journal-s3-exports/" + second, null))
                .at("/ExportDescription/OutputFormat").textValue()).isEqualTo("ION_BINARY");

        JsonNode page1 = json(call("GET", "/journal-s3-exports", Map.of("max_results", List.of("1")), null));
        assertThat(page1.get("JournalS3Exports")).hasSize(1);
        assertThat(page1.at("/JournalS3Exports/0/ExportId").textValue()).as("newest first").isEqualTo(second);
        JsonNode page2 = json(call("GET", "/ledgers/l1/journal-s3-exports", Map.of("max_results", List.of("1"),
                "next_token", List.of(page1.get("NextToken").textValue())), null));
        assertThat(page2.at("/JournalS3Exports/0/ExportId").textValue()).isEqualTo(first);
        assertThat(page2.has("NextToken")).isFalse();
        assertError(call("GET", "/journal-s3-exports", Map.of("next_token", List.of("bm9wZQ==")), null), 400,
                "InvalidParameterException", "ParameterName", "NextToken");
    }

    private void awaitCompleted(String exportId) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String status = exports.describe("l1", exportId).status().name();
            if (status.equals("COMPLETED")) {
                return;
            }
            assertThat(status).isEqualTo("IN_PROGRESS");
            Thread.sleep(20);
        }
        throw new AssertionError("export " + exportId + " did not complete");
    }

    @Test
    void aStreamRequestCannotNameBootstrapServersOtherThanTheOperatorsCluster() throws IOException {
        ControlPlaneEndpoint withCluster = new ControlPlaneEndpoint(registry, metrics, exports, streams,
                new io.vellum.kafka.KafkaConnection("127.0.0.1:9,localhost:9"));
        call("POST", "/ledgers", "{\"Name\":\"l1\",\"PermissionsMode\":\"ALLOW_ALL\"}");
        String path = "/ledgers/l1/journal-kinesis-streams";
        String common = "\"StreamName\":\"l1-stream\",\"InclusiveStartTime\":1590710400.0";
        for (String elsewhere : List.of("attacker.example:9092", "169.254.169.254:80",
                "127.0.0.1:9,attacker.example:9092", "127.0.0.1:9")) {
            HttpResponse refused = withCluster.handle(new HttpRequest("POST", path, Map.of(), Map.of(),
                    ("{" + common + ",\"KafkaConfiguration\":{\"BootstrapServers\":\"" + elsewhere
                            + "\",\"Topic\":\"t\"}}").getBytes(StandardCharsets.UTF_8)));
            assertError(refused, 400, "InvalidParameterException", "ParameterName",
                    "KafkaConfiguration.BootstrapServers");
            assertThat(json(refused).get("Message").textValue()).isEqualTo("KafkaConfiguration.BootstrapServers '"
                    + elsewhere + "' is not this server's Kafka cluster; streams go only to the cluster the operator"
                    + " configured (--kafka-bootstrap-servers 127.0.0.1:9,localhost:9): leave"
                    + " KafkaConfiguration.BootstrapServers out or name that one");
        }
        assertThat(streams.list("l1")).as("nothing was created").isEmpty();
        // The operator's own cluster, however spelled, is accepted (the stream then waits for that cluster).
        HttpResponse accepted = withCluster.handle(new HttpRequest("POST", path, Map.of(), Map.of(),
                ("{" + common + ",\"KafkaConfiguration\":{\"BootstrapServers\":\"LOCALHOST:9, "
                        + "127.0.0.1:9\",\"Topic\":\"t\"}}").getBytes(StandardCharsets.UTF_8)));
        assertThat(accepted.status()).as(new String(accepted.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(streams.list("l1")).singleElement().satisfies(stream -> assertThat(
                stream.request().target().bootstrapServers()).isEqualTo("127.0.0.1:9,localhost:9"));
    }

    @Test
    void streamRequestsAreCheckedAndKinesisNeedsAKafkaCluster() throws IOException {
        call("POST", "/ledgers", "{\"Name\":\"l1\",\"PermissionsMode\":\"ALLOW_ALL\"}");
        String path = "/ledgers/l1/journal-kinesis-streams";
        String kinesis = "\"KinesisConfiguration\":{\"StreamArn\":\"arn:aws:kinesis:us-east-1:123456789012:stream/"
                + "stream-for-qldb\",\"AggregationEnabled\":true}";
        String common = "\"StreamName\":\"l1-stream\",\"InclusiveStartTime\":1590710400.0,"
                + "\"RoleArn\":\"arn:aws:iam::123456789012:role/my-kinesis-stream-role\"";
        HttpResponse noCluster = call("POST", path, "{" + common + "," + kinesis + "}");
        assertError(noCluster, 400, "InvalidParameterException", "ParameterName", "KinesisConfiguration");
        assertThat(json(noCluster).get("Message").textValue()).contains("--kafka-bootstrap-servers");
        assertError(call("POST", path, "{" + common + "}"), 400, "InvalidParameterException", "ParameterName",
                "KinesisConfiguration");
        assertError(call("POST", path, "{" + common + "," + kinesis + ",\"KafkaConfiguration\":{\"Topic\":\"t\"}}"),
                400, "InvalidParameterException", "ParameterName", "KinesisConfiguration");
        assertError(call("POST", path, "{" + common.replace("l1-stream", "bad--name") + "," + kinesis + "}"), 400,
                "InvalidParameterException", "ParameterName", "StreamName");
        assertError(call("POST", path, "{" + common + ",\"KafkaConfiguration\":{\"Topic\":\"t\"}}"), 400,
                "InvalidParameterException", "ParameterName", "KafkaConfiguration.BootstrapServers");
        assertError(call("POST", path, "{" + common + ",\"KafkaConfiguration\":{\"BootstrapServers\":"
                + "\"localhost:9\",\"Topic\":\"t\",\"Format\":\"AVRO\"}}"), 400, "InvalidParameterException",
                "ParameterName", "KafkaConfiguration.Format");
        assertError(call("POST", "/ledgers/nope/journal-kinesis-streams", "{" + common + "," + kinesis + "}"), 400,
                "InvalidParameterException", "ParameterName", "KinesisConfiguration");
        assertError(call("GET", path + "/AAAAAAAAAAAAAAAAAAAAAA", null), 404, "ResourceNotFoundException",
                "ResourceType", "JOURNAL_KINESIS_STREAM");
        assertError(call("DELETE", path + "/AAAAAAAAAAAAAAAAAAAAAA", null), 404, "ResourceNotFoundException",
                "ResourceType", "JOURNAL_KINESIS_STREAM");
        assertError(call("GET", "/ledgers/nope/journal-kinesis-streams", null), 404, "ResourceNotFoundException",
                "ResourceType", "LEDGER");
        assertThat(json(call("GET", path, null)).get("Streams")).isEmpty();
    }

    /** Regression: the "not in the future" checks read Instant.now() instead of the injected clock. */
    @Test
    void futureChecksReadTheInjectedClock() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (StreamManager clockedStreams = new StreamManager(directory.resolve("clocked-streams"),
                     registry::openLedger, new StreamSettings("us-east-1", StreamSettings.NO_ACCOUNT,
                     Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(2),
                     Duration.ofSeconds(5), 5, 10_000, clock, IdGenerator.random()));
             JournalExports clockedExports = new JournalExports(directory.resolve("clocked-exports"), registry,
                     JournalExports.newExecutor(), clock, IdGenerator.random())) {
            ControlPlaneEndpoint clocked = new ControlPlaneEndpoint(registry, metrics, clockedExports,
                    clockedStreams, null);
            call("POST", "/ledgers", "{\"Name\":\"l1\",\"PermissionsMode\":\"ALLOW_ALL\"}");
            // 2021 is past by the system clock, future by the injected one (2020).
            HttpResponse export = clocked.handle(new HttpRequest("POST", "/ledgers/l1/journal-s3-exports", Map.of(),
                    Map.of(), exportRequest("my-bucket", "SSE_S3", "").replaceFirst(
                            "\"ExclusiveEndTime\":[0-9.]+", "\"ExclusiveEndTime\":1609459200.000")
                            .getBytes(StandardCharsets.UTF_8)));
            assertError(export, 400, "InvalidParameterException", "ParameterName", "ExclusiveEndTime");
            assertThat(json(export).get("Message").textValue()).contains("must not be in the future");
            HttpResponse stream = clocked.handle(new HttpRequest("POST", "/ledgers/l1/journal-kinesis-streams",
                    Map.of(), Map.of(), ("{\"StreamName\":\"l1-stream\",\"InclusiveStartTime\":1609459200.0,"
                    + "\"KafkaConfiguration\":{\"Topic\":\"t\"}}").getBytes(StandardCharsets.UTF_8)));
            assertError(stream, 400, "InvalidParameterException", "ParameterName", "InclusiveStartTime");
            assertThat(json(stream).get("Message").textValue()).contains("is in the future");
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
