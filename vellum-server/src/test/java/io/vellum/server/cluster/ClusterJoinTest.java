package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static io.vellum.server.cluster.ClusterTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.cluster.ClusterSettings;
import io.vellum.cluster.ReplicatedLedger;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.engine.LedgerOptions;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.server.ServerConfig;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
 * A single-node data directory joining a cluster through {@code vellum serve --cluster}: its ledgers, unknown to the
 * cluster's catalog, are published (blocks to their topics, then metadata to the catalog), so every node hosts them
 * with the same journal; a ledger the node hosted in the cluster before (marked) is not announced again.
 */
class ClusterJoinTest {
    private static final String KEY_ID = "AKIDCLUSTERTEST00005";
    private static final String SECRET = "cluster-join-test-secret-shared-by-every-node";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void theLedgersOfASingleNodeDataDirectoryJoinTheClusterAndEveryNodeHostsThem() throws Exception {
        Path joining = directory.resolve("node-2");
        try (VellumServer single = VellumServer.start(config(joining, freePort()))) {
            for (String name : List.of("legacy", "stale")) {
                QldbClient client = client(single);
                client.createLedger(r -> r.name(name).permissionsMode(PermissionsMode.ALLOW_ALL)
                        .deletionProtection(false));
                statement(single, name, "CREATE TABLE Accounts");
                statement(single, name, "INSERT INTO Accounts {'id': 1, 'owner': 'single-node'}");
            }
        }
        // "stale" as a ledger this node hosted in the cluster before and that was deleted meanwhile.
        Files.writeString(joining.resolve("ledgers").resolve("stale").resolve(ClusterNode.MEMBER_MARK), "node-2");

        VellumServer first = startNode(directory.resolve("node-1"), "node-1");
        VellumServer second = startNode(joining, "node-2");
        awaitWithin(PATIENCE, "node-1 hosts legacy at node-2's tip", () -> first.cluster().status("legacy") != null
                && first.cluster().status("legacy").state() != ReplicationStatus.State.FAILED
                && sameDigest(first, second, "legacy"));
        assertThat(second.ledgers().ledger("legacy").digest().tipAddress().sequenceNo()).isEqualTo(2);
        assertThat(client(first).describeLedger(r -> r.name("legacy")).deletionProtection()).isFalse();
        assertThat(joining.resolve("ledgers").resolve("legacy").resolve(ClusterNode.MEMBER_MARK)).exists();

        // A write through either node reaches the writer; both copies end the same. (The election may be moving the
        // writer to node-1 meanwhile: its retryable 503 is retried, as drivers do.)
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (send(first, "legacy", "INSERT INTO Accounts {'id': 2, 'owner': 'cluster'}").statusCode() == 503
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        awaitWithin(PATIENCE, "both nodes at the same tip after the cluster's write",
                () -> sameDigest(first, second, "legacy")
                && first.ledgers().ledger("legacy").digest().tipAddress().sequenceNo() >= 3);

        // The catalog is one ordered partition: once node-1 hosts a ledger created after node-2 joined, it has read
        // every entry node-2 published while it joined. "stale" was not among them.
        client(second).createLedger(r -> r.name("later").permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        awaitWithin(PATIENCE, "node-1 hosts later", () -> first.cluster().status("later") != null);
        assertThat(first.ledgers().list()).noneMatch(info -> info.name().equals("stale"));
        assertThat(first.cluster().status("stale")).isNull();
    }

    @Test
    void aLocalLedgerWhoseNameTheClusterTopicHoldsForAnotherLedgerStaysOnItsNodeUnchanged() throws Exception {
        // Topic vellum.ledger.taken holds another ledger's blocks that no catalog entry names (a topic left behind).
        try (ReplicatedLedger other = ReplicatedLedger.openWriter("taken", directory.resolve("elsewhere"),
                LedgerOptions.defaults(), new ClusterSettings(KAFKA.kafka().bootstrapServers(), "elsewhere"))) {
            other.ledger().executeStatement("CREATE TABLE Elsewhere");
        }
        Path joining = directory.resolve("node-2");
        try (VellumServer single = VellumServer.start(config(joining, freePort()))) {
            client(single).createLedger(r -> r.name("taken").permissionsMode(PermissionsMode.ALLOW_ALL)
                    .deletionProtection(false));
            statement(single, "taken", "CREATE TABLE Accounts");
            statement(single, "taken", "INSERT INTO Accounts {'id': 1, 'owner': 'single-node'}");
        }
        VellumServer first = startNode(directory.resolve("node-1"), "node-1");
        VellumServer second = startNode(joining, "node-2");

        // Not joined: replication stopped on the divergence, the local journal unchanged and still readable here.
        assertThat(second.cluster().status("taken").state()).isEqualTo(ReplicationStatus.State.FAILED);
        assertThat(second.cluster().status("taken").failure())
                .contains("the local journal diverges from topic vellum.ledger.taken at block");
        assertThat(second.ledgers().ledger("taken").digest().tipAddress().sequenceNo()).isEqualTo(2);
        assertThat(joining.resolve("ledgers").resolve("taken").resolve(ClusterNode.MEMBER_MARK)).doesNotExist();
        // Not announced: node-1 has read the catalog past node-2's start and does not host it.
        // (Both tests share the broker, so the catalog too: another name than the other test's.)
        client(second).createLedger(r -> r.name("after-taken").permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        awaitWithin(PATIENCE, "node-1 hosts after-taken", () -> first.cluster().status("after-taken") != null);
        assertThat(first.ledgers().list()).noneMatch(info -> info.name().equals("taken"));
    }

    private ServerConfig config(Path data, int port) {
        return ServerConfig.defaults(data).withPort(port).withCredentials(KEY_ID, SECRET);
    }

    private VellumServer startNode(Path data, String id) throws IOException {
        int port = freePort();
        VellumServer node = VellumServer.start(config(data, port), new ClusterConfig(
                KAFKA.kafka().bootstrapServers(), id, URI.create("http://127.0.0.1:" + port)));
        nodes.add(node);
        return node;
    }

    private static boolean sameDigest(VellumServer one, VellumServer other, String ledger) {
        try {
            return one.ledgers().ledger(ledger).digest().equals(other.ledgers().ledger(ledger).digest());
        } catch (io.vellum.error.LedgerException e) {
            return false; // not hosted (yet) on one of them
        }
    }

    private static JsonNode statement(VellumServer node, String ledger, String statement) throws IOException {
        HttpResponse<String> answer = send(node, ledger, statement);
        assertThat(answer.statusCode()).as(statement + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> send(VellumServer node, String ledger, String statement) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("statement", statement));
        return new SignedHttpClient(node.endpoint(), KEY_ID, SECRET).send("POST",
                "/v1/ledgers/" + ledger + "/statements", Map.of("content-type", "application/json"), body, SECRET,
                Clock.systemUTC());
    }

    private QldbClient client(VellumServer node) {
        QldbClient client = QldbClient.builder().endpointOverride(node.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build();
        clients.add(client);
        return client;
    }
}
