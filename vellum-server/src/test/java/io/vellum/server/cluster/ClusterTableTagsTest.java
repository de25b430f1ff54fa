package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;

/**
 * Tagging a table journals a catalog revision, which only the ledger's writer can commit: TagResource and
 * UntagResource on a table's ARN sent to a follower are forwarded to the writer (with the client's own signature),
 * and every node then lists the table's new tags.
 */
class ClusterTableTagsTest {
    private static final String LEDGER = "tagged";

    @TempDir
    Path directory;

    @Test
    void taggingATableThroughAFollowerIsForwardedToTheWriterAndReachesEveryNode() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.onOneBroker(directory, LEDGER, 2).startNodes()) {
            cluster.createLedger(cluster.node(0), LEDGER, PermissionsMode.STANDARD);
            // The creating node writes first and hands the ledger to the node the election assigns: wait for that
            // one (a statement sent to the creator while it steps down is refused as retryable, which this test is
            // not about).
            VellumServer writer = cluster.awaitSettledWriter();
            VellumServer follower = cluster.anotherNodeThan(writer);
            QldbClient throughFollower = cluster.control(follower);

            String tableId = ClusterFixture.execute(writer, LEDGER, "CREATE TABLE Accounts", List.of())
                    .path("values").path(0).path("tableId").asText();
            assertThat(tableId).isNotEmpty();
            // The follower may not host the ledger yet (the catalog named its writer first): not hosted is "not yet".
            awaitWithin(ClusterFixture.PATIENCE, "the follower has the table", () -> follower.ledgers().list()
                    .stream().anyMatch(info -> info.name().equals(LEDGER))
                    && follower.ledgers().ledger(LEDGER).table(tableId).isPresent());
            String tableArn = throughFollower.describeLedger(r -> r.name(LEDGER)).arn() + "/table/" + tableId;

            throughFollower.tagResource(r -> r.resourceArn(tableArn).tags(Map.of("team", "payments", "tier", "1")));
            throughFollower.untagResource(r -> r.resourceArn(tableArn).tagKeys("tier"));

            for (VellumServer node : cluster.nodes()) {
                QldbClient client = cluster.control(node);
                awaitWithin(ClusterFixture.PATIENCE, node.cluster().nodeId() + " lists the table's tags",
                        () -> client.listTagsForResource(r -> r.resourceArn(tableArn)).tags()
                                .equals(Map.of("team", "payments")));
            }
            // Two catalog revisions, committed by the writer: the follower only ever applied them from the topic.
            assertThat(follower.cluster().status(LEDGER).state()).isEqualTo(ReplicationStatus.State.FOLLOWING);
        }
    }
}
