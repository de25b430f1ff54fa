package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.cluster.WriterElection;
import io.vellum.server.ServerConfig;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Tagging a table journals a catalog revision, which only the ledger's writer can commit: TagResource and
 * UntagResource on a table's ARN sent to a follower are forwarded to the writer (with the client's own signature),
 * and every node then lists the table's new tags.
 */
class ClusterTableTagsTest {
    private static final String KEY_ID = "AKIDCLUSTERTEST00004";
    private static final String SECRET = "cluster-table-tags-test-secret-shared-by-every-node";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEDGER = "tagged";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;
    private final List<VellumServer> nodes = new ArrayList<>();
    private final List<QldbClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(QldbClient::close);
        nodes.forEach(VellumServer::close);
    }

    @Test
    void taggingATableThroughAFollowerIsForwardedToTheWriterAndReachesEveryNode() throws Exception {
        for (int i = 1; i <= 2; i++) {
            nodes.add(startNode("node-" + i));
        }
        awaitWithin(PATIENCE, "the election's 32 partitions spread over the two nodes", () -> nodes.stream()
                .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                && nodes.stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum() == 32);
        for (VellumServer node : nodes) {
            clients.add(control(node));
        }
        clients.get(0).createLedger(r -> r.name(LEDGER).permissionsMode(PermissionsMode.STANDARD)
                .deletionProtection(false));
        // The creating node writes first and hands the ledger to the node the election assigns: wait for that one
        // (a statement sent to the creator while it steps down is refused as retryable, which this test is not about).
        int partition = WriterElection.partitionOf(LEDGER, WriterElection.PARTITIONS);
        awaitWithin(PATIENCE, "both nodes agree on the elected writer of " + LEDGER + ", which writes", () -> {
            String writer = nodes.get(0).cluster().writerOf(LEDGER);
            return writer != null && writer.equals(nodes.get(1).cluster().writerOf(LEDGER))
                    && node(writer).cluster().status(LEDGER).state() == ReplicationStatus.State.WRITING
                    && node(writer).cluster().assignedPartitions().contains(partition);
        });
        VellumServer writer = node(nodes.get(0).cluster().writerOf(LEDGER));
        VellumServer follower = nodes.get(0) == writer ? nodes.get(1) : nodes.get(0);
        QldbClient throughFollower = clients.get(nodes.indexOf(follower));

        String tableId = statement(writer, "CREATE TABLE Accounts").path("values").path(0).path("tableId").asText();
        assertThat(tableId).isNotEmpty();
        // The follower may not host the ledger yet (the catalog named its writer first): not hosted is "not yet".
        awaitWithin(PATIENCE, "the follower has the table", () -> follower.ledgers().list().stream()
                .anyMatch(info -> info.name().equals(LEDGER)) && follower.ledgers().ledger(LEDGER).table(tableId)
                .isPresent());
        String tableArn = throughFollower.describeLedger(r -> r.name(LEDGER)).arn() + "/table/" + tableId;

        throughFollower.tagResource(r -> r.resourceArn(tableArn).tags(Map.of("team", "payments", "tier", "1")));
        throughFollower.untagResource(r -> r.resourceArn(tableArn).tagKeys("tier"));

        for (int i = 0; i < nodes.size(); i++) {
            QldbClient client = clients.get(i);
            awaitWithin(PATIENCE, "node-" + (i + 1) + " lists the table's tags", () -> client.listTagsForResource(
                    r -> r.resourceArn(tableArn)).tags().equals(Map.of("team", "payments")));
        }
        // Two catalog revisions, committed by the writer: the follower only ever applied them from the topic.
        assertThat(follower.cluster().status(LEDGER).state()).isEqualTo(ReplicationStatus.State.FOLLOWING);
    }

    private VellumServer node(String id) {
        return nodes.stream().filter(node -> node.cluster().nodeId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + id));
    }

    private static JsonNode statement(VellumServer node, String statement) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("statement", statement));
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

    private static QldbClient control(VellumServer node) {
        return QldbClient.builder().endpointOverride(node.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build();
    }
}
