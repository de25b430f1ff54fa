package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.server.ServerConfig;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;

/**
 * {@code EXEC redact_revision} sent to a follower of a two-node cluster is forwarded to the writer like any native
 * statement; both nodes then answer the revision with {@code dataHash} and hold the data in no file.
 */
class ClusterRedactionThroughAFollowerTest {
    private static final String KEY_ID = "AKIDCLUSTERTEST00005";
    private static final String SECRET = "cluster-redaction-test-secret-shared-by-every-node";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEDGER = "erasing";
    private static final String MARKER = "ERASE-ME-THROUGH-A-FOLLOWER-93c2";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;
    private final List<VellumServer> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(VellumServer::close);
    }

    @Test
    void aRedactionThroughAFollowerErasesTheDataOnBothNodes() throws Exception {
        for (int i = 1; i <= 2; i++) {
            nodes.add(startNode("node-" + i));
        }
        awaitWithin(PATIENCE, "the election's 32 partitions spread over the two nodes", () -> nodes.stream()
                .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                && nodes.stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum() == 32);
        try (QldbClient control = QldbClient.builder().endpointOverride(nodes.get(0).endpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(KEY_ID, SECRET))).build()) {
            control.createLedger(r -> r.name(LEDGER).permissionsMode(PermissionsMode.ALLOW_ALL)
                    .deletionProtection(false));
        }
        awaitWithin(PATIENCE, "both nodes agree on the writer of " + LEDGER + ", which writes", () -> {
            String writer = nodes.get(0).cluster().writerOf(LEDGER);
            return writer != null && writer.equals(nodes.get(1).cluster().writerOf(LEDGER))
                    && node(writer).cluster().status(LEDGER).state() == ReplicationStatus.State.WRITING;
        });
        VellumServer writer = node(nodes.get(0).cluster().writerOf(LEDGER));
        VellumServer follower = nodes.get(0) == writer ? nodes.get(1) : nodes.get(0);
        awaitWithin(PATIENCE, "the follower hosts the ledger", () -> follower.ledgers().list().stream()
                .anyMatch(info -> info.name().equals(LEDGER)));

        // Every statement through the follower: forwarded to the writer.
        String tableId = statement(follower, "CREATE TABLE People", List.of()).path("values").path(0)
                .path("tableId").asText();
        JsonNode inserted = statement(follower, "INSERT INTO People ?", List.of(Map.of("name", MARKER)));
        String documentId = inserted.path("values").path(0).path("documentId").asText();
        JsonNode address = inserted.path("blockAddress");
        statement(follower, "UPDATE People AS p SET p.name = 'someone'", List.of());
        JsonNode redaction = statement(follower, "EXEC redact_revision ?, ?, ?", List.of(Map.of("strandId",
                address.path("strandId").asText(), "sequenceNo", address.path("sequenceNo").asLong()), tableId,
                documentId));
        assertThat(redaction.path("values").path(0).path("version").asInt()).isZero();
        long redactionBlock = redaction.path("blockAddress").path("sequenceNo").asLong();

        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, node.cluster().nodeId() + " applies the redaction", () -> node.ledgers()
                    .ledger(LEDGER).digest().tipAddress().sequenceNo() >= redactionBlock);
            JsonNode history = statement(node, "SELECT * FROM history(People) AS h WHERE h.metadata.id = ?", List.of(documentId));
            assertThat(history.path("values").path(0).has("data")).as(history.toString()).isFalse();
            assertThat(history.path("values").path(0).has("dataHash")).as(history.toString()).isTrue();
        }
        awaitWithin(PATIENCE, "no file of either node holds the data", () -> filesHoldingMarker().isEmpty());
        assertThat(writer.ledgers().ledger(LEDGER).digest()).isEqualTo(follower.ledgers().ledger(LEDGER).digest());
    }

    private List<Path> filesHoldingMarker() {
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // RocksDB removed it meanwhile
                }
                for (int i = 0; i <= content.length - marker.length; i++) {
                    if (java.util.Arrays.equals(content, i, i + marker.length, marker, 0, marker.length)) {
                        holding.add(directory.relativize(file));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return holding;
    }

    private VellumServer node(String id) {
        return nodes.stream().filter(node -> node.cluster().nodeId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + id));
    }

    private static JsonNode statement(VellumServer node, String statement, List<Object> parameters)
            throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("statement", statement, "parameters", parameters));
        HttpResponse<String> answer = new SignedHttpClient(node.endpoint(), KEY_ID, SECRET).send("POST",
                "/v1/ledgers/" + LEDGER + "/statements", Map.of("content-type", "application/json"), body, SECRET,
                Clock.systemUTC());
        assertThat(answer.statusCode()).as(new String(body, StandardCharsets.UTF_8) + ": " + answer.body())
                .isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private VellumServer startNode(String id) throws IOException {
        return ClusterTests.startNode(ServerConfig.defaults(directory.resolve(id)).withCredentials(KEY_ID, SECRET),
                id, KAFKA.kafka().bootstrapServers());
    }
}
