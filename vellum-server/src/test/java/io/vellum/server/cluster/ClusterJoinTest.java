package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ClusterSettings;
import io.vellum.cluster.ReplicatedLedger;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.LedgerException;
import io.vellum.server.VellumServer;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;

/**
 * A single-node data directory joining a cluster through {@code vellum serve --cluster}: its ledgers, unknown to the
 * cluster's catalog, are published (blocks to their topics, then metadata to the catalog), so every node hosts them
 * with the same journal; a ledger the node hosted in the cluster before (marked) is not announced again.
 */
class ClusterJoinTest {
    /** The joining data directory is node-2's ({@code cluster.dataOf(JOINING)}). */
    private static final int JOINING = 1;

    /** One broker for both tests (a broker start saved): their ledgers and nodes differ, the catalog is shared. */
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;

    @Test
    void theLedgersOfASingleNodeDataDirectoryJoinTheClusterAndEveryNodeHostsThem() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.onSharedBroker(directory, "legacy", 2, KAFKA.kafka())) {
            VellumServer single = cluster.startAlone(JOINING);
            for (String name : List.of("legacy", "stale")) {
                createAccounts(cluster, single, name);
            }
            cluster.stop(single);
            // "stale" as a ledger this node hosted in the cluster before and that was deleted meanwhile.
            Files.writeString(ledgerFolder(cluster, "stale").resolve(ClusterNode.MEMBER_MARK), "node-2");

            VellumServer first = cluster.start(0);
            VellumServer second = cluster.start(JOINING);
            awaitWithin(ClusterFixture.PATIENCE, "node-1 hosts legacy at node-2's tip",
                    () -> first.cluster().status("legacy") != null
                    && first.cluster().status("legacy").state() != ReplicationStatus.State.FAILED
                    && sameDigest(first, second, "legacy"));
            assertThat(cluster.tipOf(second)).isEqualTo(2);
            assertThat(cluster.control(first).describeLedger(r -> r.name("legacy")).deletionProtection()).isFalse();
            assertThat(ledgerFolder(cluster, "legacy").resolve(ClusterNode.MEMBER_MARK)).exists();

            // A write through either node reaches the writer; both copies end the same. (The election may be moving
            // the writer to node-1 meanwhile: its retryable 503 is retried, as drivers do.)
            long deadline = System.nanoTime() + ClusterFixture.PATIENCE.toNanos();
            while (ClusterFixture.send(first, "legacy", "INSERT INTO Accounts {'id': 2, 'owner': 'cluster'}",
                    List.of()).statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            awaitWithin(ClusterFixture.PATIENCE, "both nodes at the same tip after the cluster's write",
                    () -> sameDigest(first, second, "legacy") && cluster.tipOf(first) >= 3);

            // The catalog is one ordered partition: once node-1 hosts a ledger created after node-2 joined, it has
            // read every entry node-2 published while it joined. "stale" was not among them.
            cluster.createLedger(second, "later", PermissionsMode.ALLOW_ALL);
            awaitWithin(ClusterFixture.PATIENCE, "node-1 hosts later", () -> first.cluster().status("later") != null);
            assertThat(first.ledgers().list()).noneMatch(info -> info.name().equals("stale"));
            assertThat(first.cluster().status("stale")).isNull();
        }
    }

    @Test
    void aLocalLedgerWhoseNameTheClusterTopicHoldsForAnotherLedgerStaysOnItsNodeUnchanged() throws Exception {
        // Topic vellum.ledger.taken holds another ledger's blocks that no catalog entry names (a topic left behind).
        try (ReplicatedLedger other = ReplicatedLedger.openWriter("taken", directory.resolve("elsewhere"),
                LedgerOptions.defaults(), new ClusterSettings(KAFKA.kafka().bootstrapServers(), "elsewhere"))) {
            other.ledger().executeStatement("CREATE TABLE Elsewhere");
        }
        try (ClusterFixture cluster = ClusterFixture.onSharedBroker(directory, "taken", 2, KAFKA.kafka())) {
            cluster.stop(createAccounts(cluster, cluster.startAlone(JOINING), "taken"));
            VellumServer first = cluster.start(0);
            VellumServer second = cluster.start(JOINING);

            // Not joined: replication stopped on the divergence, the local journal unchanged and still readable here.
            assertThat(second.cluster().status("taken").state()).isEqualTo(ReplicationStatus.State.FAILED);
            assertThat(second.cluster().status("taken").failure())
                    .contains("the local journal diverges from topic vellum.ledger.taken at block");
            assertThat(cluster.tipOf(second)).isEqualTo(2);
            assertThat(ledgerFolder(cluster, "taken").resolve(ClusterNode.MEMBER_MARK)).doesNotExist();
            // Not announced: node-1 has read the catalog past node-2's start and does not host it.
            // (Both tests share the broker, so the catalog too: another name than the other test's.)
            cluster.createLedger(second, "after-taken", PermissionsMode.ALLOW_ALL);
            awaitWithin(ClusterFixture.PATIENCE, "node-1 hosts after-taken",
                    () -> first.cluster().status("after-taken") != null);
            assertThat(first.ledgers().list()).noneMatch(info -> info.name().equals("taken"));
        }
    }

    /** Creates ledger {@code name} on {@code node} with table Accounts and one document in it (tip: block 2). */
    private static VellumServer createAccounts(ClusterFixture cluster, VellumServer node, String name) {
        cluster.createLedger(node, name, PermissionsMode.ALLOW_ALL);
        ClusterFixture.execute(node, name, "CREATE TABLE Accounts", List.of());
        ClusterFixture.execute(node, name, "INSERT INTO Accounts {'id': 1, 'owner': 'single-node'}", List.of());
        return node;
    }

    private static Path ledgerFolder(ClusterFixture cluster, String ledger) {
        return cluster.dataOf(JOINING).resolve("ledgers").resolve(ledger);
    }

    private static boolean sameDigest(VellumServer one, VellumServer other, String ledger) {
        try {
            return one.ledgers().ledger(ledger).digest().equals(other.ledgers().ledger(ledger).digest());
        } catch (LedgerException e) {
            return false; // not hosted (yet) on one of them
        }
    }
}
