package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.qldb.QldbDriver;

/**
 * A network partition between Vellum nodes (issue 11): the HTTP between the followers and the ledger's writer is cut
 * while every node still reaches Kafka. Three {@link VellumServer} nodes on one in-process KRaft broker; each node
 * is advertised to the others at a {@link TcpProxy} in front of its HTTP port (clients reach the nodes directly), so
 * cutting the writer's proxy cuts every forward to it and nothing else. A bank transfer workload runs through the
 * official QLDB driver on every node.
 *
 * <p>While cut: the writer keeps its term (its Kafka session is fine) and keeps committing its own clients'
 * transfers; a follower forwards its clients' transactions into the silent proxy, and answers each with the retryable
 * 503 of the Session API once the forward's read timeout (twice the election session) ends it — no transfer begun
 * through a follower after the cut is acknowledged, and the answer names the condition, not Java internals. The
 * followers' own copies keep applying the writer's blocks from Kafka: GetDigest through a follower answers a tip that
 * moves on, a prefix of the writer's chain, and its balances stay conserved. Healed: transfers through the followers
 * are acknowledged again, and every invariant holds.
 */
@Tag("slow")
class ClusterNodePartitionTest {
    private static final String LEDGER = "bank";
    private static final Duration PATIENCE = ClusterFixture.PATIENCE;

    @TempDir
    Path directory;
    private ClusterFixture cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFollowerCutOffFromTheWriterAcknowledgesNothingItCouldNotForwardAndServesCorrectReads() throws Exception {
        cluster = ClusterFixture.onOneBroker(directory, LEDGER, 3).startNodesBehindHttpProxies();
        List<VellumServer> nodes = cluster.nodes();
        VellumServer writer = cluster.createBankLedger();
        List<VellumServer> followers = nodes.stream().filter(node -> node != writer).toList();
        BankWorkload workload = cluster.startBankWorkload();
        awaitWithin(PATIENCE, "10 transfers acknowledged through each node before the partition", () -> nodes.stream()
                .allMatch(node -> workload.acknowledged().values().stream()
                        .filter(a -> a.node().equals(node.cluster().nodeId())).count() >= 10));

        // The cut: every forward to the writer goes into a proxy that drops every byte.
        String writerId = writer.cluster().nodeId();
        int writerEpoch = writer.cluster().status(LEDGER).writerEpoch();
        TcpProxy writerProxy = cluster.httpProxyOf(writer);
        long followerTipAtCut = tipOf(followers.get(0));
        long cutAt = System.nanoTime();
        writerProxy.cut();

        // A transaction through a follower, the driver allowed no retry: refused with the Session API's retryable
        // 503 once the forward's read timeout ends it, its message naming the condition and nothing internal.
        QldbDriver once = cluster.driver(followers.get(0), 0);
        long probeStarted = System.nanoTime();
        Throwable refused = catchThrowable(() -> once.execute(txn -> {
            txn.execute("SELECT * FROM Accounts AS a WHERE a.id = 0");
        }));
        long probeMillis = (System.nanoTime() - probeStarted) / 1_000_000;
        System.out.println("node partition: a transaction through follower " + followers.get(0).cluster().nodeId()
                + " answered after " + probeMillis + " ms: " + refused);
        assertThat(refused).isInstanceOf(AwsServiceException.class);
        AwsServiceException answer = (AwsServiceException) refused;
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.awsErrorDetails().errorCode()).isEqualTo("CapacityExceededException");
        String message = answer.awsErrorDetails().errorMessage();
        assertThat(message).contains("ledger " + LEDGER).contains("retry")
                .doesNotContain("java.", "Exception", "at io.", directory.toString(), "127.0.0.1");

        // Meanwhile: the writer kept its term and its own clients' transfers; the followers' copies moved on.
        // (The workload's drivers retry a refused transaction up to 10 times, each attempt ending only at the
        // forward's read timeout: they go on trying until the heal, the probe above showed what each attempt gets.)
        long writerAcknowledgedDuringCut = workload.acknowledged().values().stream()
                .filter(a -> a.node().equals(writerId) && a.startedAt() > cutAt).count();
        assertThat(writerAcknowledgedDuringCut).as("transfers through the writer during the cut").isPositive();
        assertThat(writer.cluster().status(LEDGER).state()).isEqualTo(ReplicationStatus.State.WRITING);
        assertThat(writer.cluster().status(LEDGER).writerEpoch()).isEqualTo(writerEpoch);
        long writerTip = tipOf(writer);
        for (VellumServer follower : followers) {
            awaitWithin(PATIENCE, follower.cluster().nodeId() + " applied the writer's blocks of the cut",
                    () -> tipOf(follower) >= writerTip);
            // The follower keeps applying from Kafka: GetDigest answers a tip between its tips before and after.
            LedgerDigest digest = follower.ledgers().ledger(LEDGER).digest();
            Matcher answered = Pattern.compile("sequenceNo:(\\d+)").matcher(cluster.control(follower)
                    .getDigest(r -> r.name(LEDGER)).digestTipAddress().ionText());
            assertThat(answered.find()).isTrue();
            assertThat(Long.parseLong(answered.group(1))).as("GetDigest's tip through " + follower.cluster().nodeId())
                    .isBetween(digest.tipAddress().sequenceNo(), tipOf(follower));
            JournalBlock tipBlock = follower.ledgers().ledger(LEDGER).readBlock(digest.tipAddress());
            assertThat(writer.ledgers().ledger(LEDGER).readBlock(tipBlock.blockAddress()).blockHash())
                    .as("the follower's tip block on the writer").isEqualTo(tipBlock.blockHash());
            assertThat(ClusterInvariants.balances(follower, LEDGER).values().stream().mapToInt(Integer::intValue)
                    .sum()).as("total of the balances read on " + follower.cluster().nodeId() + " during the cut")
                    .isEqualTo(BankWorkload.ACCOUNTS * BankWorkload.INITIAL_BALANCE);
        }
        long healAt = System.nanoTime();
        writerProxy.heal();
        List<BankWorkload.Acknowledged> throughFollowersInCut = workload.acknowledged().values().stream()
                .filter(a -> !a.node().equals(writerId) && a.startedAt() > cutAt && a.endedAt() < healAt).toList();
        assertThat(throughFollowersInCut).as("transfers acknowledged through a follower cut off from the writer")
                .isEmpty();
        System.out.println("node partition: writer " + writerId + " cut off from the other nodes for "
                + (healAt - cutAt) / 1_000_000 + " ms: " + writerAcknowledgedDuringCut + " transfers acknowledged "
                + "through it, none through the followers; the followers applied from block "
                + followerTipAtCut + " to " + writerTip + " from Kafka meanwhile");

        // Healed: the followers forward again.
        for (VellumServer follower : followers) {
            awaitWithin(PATIENCE, "10 transfers acknowledged through " + follower.cluster().nodeId() + " after the heal",
                    () -> workload.acknowledged().values().stream().filter(a -> a.node().equals(
                            follower.cluster().nodeId()) && a.startedAt() > healAt).count() >= 10);
        }
        long firstAfterHeal = workload.acknowledged().values().stream().filter(a -> a.startedAt() > healAt
                && !a.node().equals(writerId)).mapToLong(BankWorkload.Acknowledged::endedAt).min().orElseThrow();
        workload.stop();
        System.out.println("node partition: first transfer through a follower acknowledged "
                + (firstAfterHeal - healAt) / 1_000_000 + " ms after the heal; " + workload.acknowledged().size()
                + " acknowledged in all");

        ClusterInvariants.TopicChain topic = cluster.checkInvariants();
        System.out.println("node partition: topic blocks 0.." + topic.tip() + ", one verifying chain, writer terms "
                + topic.terms());
    }

    private long tipOf(VellumServer node) {
        return cluster.tipOf(node);
    }
}
