package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.server.hosting.ClusterView;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.GetDigestResponse;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.qldb.QldbDriver;

/**
 * Three {@link VellumServer} nodes in cluster mode on one in-process KRaft broker, driven through the official QLDB
 * driver and the AWS SDK's control-plane client exactly as an application would, each pointed at one node.
 */
class ClusterModeTest {
    private static final String KEY_ID = ClusterFixture.KEY_ID;
    private static final String SECRET = ClusterFixture.SECRET;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path directory;
    private ClusterFixture cluster;
    private List<VellumServer> nodes;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anyNodeServesAnyClientAndANewWriterTakesOverWithoutLosingACommit() throws Exception {
        // The election settles first (every node holds partitions, together all 32), so the writer chosen below
        // stays the writer until the test stops it.
        cluster = ClusterFixture.onOneBroker(directory, "payments", 3).startNodes();
        nodes = new ArrayList<>(cluster.nodes());
        // A ledger created through node 2 exists on every node.
        QldbClient control2 = cluster.control(nodes.get(1));
        control2.createLedger(r -> r.name("payments").permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "ledger payments hosted on " + node.cluster().nodeId(),
                    () -> node.ledgers().list().stream().anyMatch(info -> info.name().equals("payments")));
        }
        awaitWithin(PATIENCE, "a writer of payments that writes and that every node knows", () -> {
            String writer = nodes.get(0).cluster().writerOf("payments");
            return writer != null && nodes.stream().allMatch(node -> writer.equals(node.cluster().writerOf("payments")))
                    && nodes.stream().anyMatch(node -> node.cluster().nodeId().equals(writer)
                    && node.cluster().status("payments").state() == ReplicationStatus.State.WRITING);
        });
        System.out.println("cluster: writer of payments is " + nodes.get(0).cluster().writerOf("payments")
                + "; partitions: " + nodes.stream().map(node -> node.cluster().nodeId() + "="
                + node.cluster().assignedPartitions().size()).toList());

        // The driver writes through node 1 and reads through nodes 2 and 3: the same rows.
        QldbDriver driver1 = driver(nodes.get(0));
        driver1.execute(txn -> {
            txn.execute("CREATE TABLE Payments");
        });
        int acknowledged = 0;
        for (int i = 0; i < 30; i++) {
            int id = i;
            driver1.execute(txn -> {
                txn.execute("INSERT INTO Payments VALUE {'id': " + id + ", 'amount': 1.5}");
            });
            acknowledged++;
        }
        for (VellumServer reader : nodes.subList(1, 3)) {
            assertThat(count(driver(reader))).as("rows read through " + reader.cluster().nodeId())
                    .isEqualTo(acknowledged);
        }
        // Every node's own state reaches the same tip, and GetDigest answers the same digest from each.
        long writerTip = tipOf(writerNode());
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, node.cluster().nodeId() + " applied block " + writerTip,
                    () -> tipOf(node) >= writerTip);
        }
        // What /health and /metrics show: one writer, the others following it with nothing left to apply.
        String writerId = writerNode().cluster().nodeId();
        for (VellumServer node : nodes) {
            ClusterView.LedgerReplication replication = node.cluster().ledgers().get(0);
            assertThat(replication.writerNode()).isEqualTo(writerId);
            assertThat(replication.role()).isEqualTo(node.cluster().nodeId().equals(writerId) ? "writer" : "follower");
            assertThat(replication.writerEpoch()).isGreaterThanOrEqualTo(0);
        }
        VellumServer follower = nodes.stream().filter(node -> !node.cluster().nodeId().equals(writerId)).findFirst()
                .orElseThrow();
        io.vellum.server.SignedHttpClient http = new io.vellum.server.SignedHttpClient(follower.endpoint(), KEY_ID,
                SECRET);
        String health = http.send("GET", "/health", java.util.Map.of(), new byte[0], SECRET,
                java.time.Clock.systemUTC()).body();
        assertThat(health).contains("\"cluster\":{\"node\":\"" + follower.cluster().nodeId() + "\"").contains("\"writer\":\"" + writerId + "\"")
                .contains("\"role\":\"follower\"").contains("\"lagBlocks\":");
        String metrics = http.send("GET", "/metrics", java.util.Map.of(), new byte[0], SECRET,
                java.time.Clock.systemUTC()).body();
        assertThat(metrics).contains("vellum_cluster_ledger_writer_info{ledger=\"payments\",writer=\"" + writerId
                + "\"} 1").contains("vellum_cluster_replication_lag_blocks{ledger=\"payments\"}")
                .contains("vellum_cluster_replication_failed{ledger=\"payments\"} 0");
        List<GetDigestResponse> digests = new ArrayList<>();
        for (VellumServer node : nodes) {
            digests.add(cluster.control(node).getDigest(r -> r.name("payments")));
        }
        assertThat(digests).extracting(d -> d.digestTipAddress().ionText()).containsOnly(
                digests.get(0).digestTipAddress().ionText());
        assertThat(digests).extracting(d -> d.digest().asByteArray().length).containsOnly(32);
        assertThat(digests.stream().map(d -> java.util.Arrays.toString(d.digest().asByteArray())).distinct())
                .hasSize(1);
        assertThat(digests.get(0).digestTipAddress().ionText()).contains("sequenceNo:" + writerTip);

        // The writer stops; another node takes over and the driver's retries succeed through a surviving node.
        VellumServer writer = writerNode();
        String deposed = writer.cluster().nodeId();
        cluster.stop(writer);
        nodes.remove(writer);
        VellumServer survivor = nodes.get(0);
        QldbDriver driver = driver(survivor);
        long stopped = System.nanoTime();
        for (int i = 30; i < 45; i++) {
            int id = i;
            driver.execute(txn -> {
                txn.execute("INSERT INTO Payments VALUE {'id': " + id + ", 'amount': 1.5}");
            });
            acknowledged++;
            if (i == 30) {
                System.out.println("cluster: first commit after stopping writer " + deposed + " acknowledged "
                        + (System.nanoTime() - stopped) / 1_000_000 + " ms later; new writer "
                        + survivor.cluster().writerOf("payments"));
            }
        }
        assertThat(survivor.cluster().writerOf("payments")).isNotEqualTo(deposed);
        // No acknowledged commit lost, on either surviving node.
        for (VellumServer node : nodes) {
            assertThat(count(driver(node))).as("rows through " + node.cluster().nodeId()).isEqualTo(acknowledged);
        }
        assertThat(nodes).allSatisfy(node -> assertThat(node.cluster().ledgers()).singleElement()
                .satisfies(status -> assertThat(status.failovers()).isGreaterThanOrEqualTo(1)));
    }

    private VellumServer writerNode() {
        String writer = nodes.get(0).cluster().writerOf("payments");
        return nodes.stream().filter(node -> node.cluster().nodeId().equals(writer)).findFirst().orElseThrow();
    }

    private static long tipOf(VellumServer node) {
        return node.ledgers().ledger("payments").digest().tipAddress().sequenceNo();
    }

    private static int count(QldbDriver driver) {
        return driver.execute(txn -> {
            IonValue row = txn.execute("SELECT COUNT(*) AS n FROM Payments").iterator().next();
            return ((IonInt) ((IonStruct) row).get("n")).intValue();
        });
    }

    private QldbDriver driver(VellumServer node) {
        return cluster.driver(node, 30);
    }
}
