package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.cluster.internal.LedgerTopic;
import io.vellum.proof.block.JournalBlock;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Vellum node cut off from some but not all of three Kafka brokers (issue 11): three {@link VellumServer} nodes,
 * three in-process KRaft brokers, a {@link TcpProxy} per (node, broker) pair ({@link PartitionableKafkaCluster}),
 * a bank transfer workload through the official QLDB driver on every node. The leaders are placed first: broker 1
 * leads every partition (the catalog, the election's group coordinator, the transaction coordinator), broker 2 the
 * ledger's topic, broker 3 nothing. Then, one after the other, each healed before the next:
 *
 * <ol>
 *   <li>the writer is cut off from broker 3 (it leads nothing): a Kafka client reaches a partition through its
 *       leader only, and the brokers replicate among themselves, so nothing changes — the writer keeps its term and
 *       transfers are acknowledged through every node, the writer's own included;</li>
 *   <li>a follower is cut off from broker 2, its ledger's topic leader: it cannot fetch, so its copy stays at its
 *       last applied block (GetDigest answers it, a prefix of the writer's chain) while transfers through it are
 *       forwarded to the writer and acknowledged; healed, it catches up;</li>
 *   <li>the writer is cut off from broker 2 while it still reaches broker 1 (its election session and the
 *       transaction coordinator): what happens is printed (see docs/CLUSTER.md); healed, transfers are
 *       acknowledged again through every node.</li>
 * </ol>
 * Then every invariant: every acknowledged transfer present once, balances conserved, the same digest at the same
 * tip everywhere, the topic one verifying chain whose epochs never go back, every journal the topic byte for byte.
 */
@Tag("slow")
class ClusterBrokerPartitionTest {
    private static final String LEDGER = "bank";
    private static final Duration PATIENCE = ClusterFixture.PATIENCE;
    /**
     * How long the writer stays cut off from its topic's leader in step 3: twice the election session, so that a
     * node taking over would have done so by the heal (none does: its heartbeats reach the coordinator).
     */
    private static final Duration WRITER_CUT = Duration.ofSeconds(Long.getLong("vellum.brokerPartition.cutSeconds",
            12));

    @TempDir
    Path directory;
    private ClusterFixture cluster;
    private PartitionableKafkaCluster kafka;
    private List<VellumServer> nodes;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeCutOffFromSomeBrokersLosesNothingAndConverges() throws Exception {
        kafka = new PartitionableKafkaCluster(directory, 3);
        cluster = new ClusterFixture(directory, LEDGER, 3, kafka).startNodes();
        nodes = cluster.nodes();
        VellumServer writer = cluster.createBankLedger();
        TopicPartition ledgerTopic = new LedgerTopic(LEDGER).partition();
        kafka.moveLeaders(1, List.of(ledgerTopic), 2);
        System.out.println("broker partition: broker 1 leads every partition but " + ledgerTopic
                + ", which broker " + kafka.leaderOf(ledgerTopic) + " leads; broker 3 leads none");
        BankWorkload workload = cluster.startBankWorkload();

        awaitWithin(PATIENCE, "20 transfers acknowledged", () -> workload.acknowledged().size() >= 20);
        String writerId = writer.cluster().nodeId();
        int writerIndex = nodes.indexOf(writer) + 1;
        int epoch = writer.cluster().status(LEDGER).writerEpoch();

        // 1. The writer cut off from the broker that leads nothing: nothing changes.
        kafka.cut(writerIndex, 3);
        long cutAt = System.nanoTime();
        awaitWithin(PATIENCE, "10 transfers through every node while " + writerId + " is cut off from broker 3",
                () -> nodes.stream().allMatch(node -> countThrough(workload, node, cutAt) >= 10));
        assertThat(writer.cluster().status(LEDGER).state()).isEqualTo(ReplicationStatus.State.WRITING);
        assertThat(writer.cluster().status(LEDGER).writerEpoch()).as("the writer's term").isEqualTo(epoch);
        System.out.println("broker partition: writer " + writerId + " cut off from broker 3 for "
                + (System.nanoTime() - cutAt) / 1_000_000 + " ms: " + workload.acknowledgedBegunAfter(cutAt)
                + " transfers acknowledged, the writer's term unchanged (epoch " + epoch + ")");
        kafka.heal(writerIndex, 3);

        // 2. A follower cut off from its ledger topic's leader: its copy stays, its clients' writes are forwarded.
        VellumServer follower = nodes.stream().filter(node -> node != writer).findFirst().orElseThrow();
        int followerIndex = nodes.indexOf(follower) + 1;
        awaitWithin(PATIENCE, follower.cluster().nodeId() + " caught up before its cut",
                () -> tipOf(follower) >= tipOf(writer) - 1);
        kafka.cut(followerIndex, 2);
        long followerCutAt = System.nanoTime();
        // A fetch already answered before the cut may still be applied: the tip is taken once it stays put.
        awaitWithin(PATIENCE, follower.cluster().nodeId() + "'s copy stops moving", () -> {
            long before = tipOf(follower);
            sleep(1500);
            return tipOf(follower) == before;
        });
        long staleTip = tipOf(follower);
        awaitWithin(PATIENCE, "5 transfers acknowledged through " + follower.cluster().nodeId()
                + " while it is cut off from broker 2", () -> countThrough(workload, follower, followerCutAt) >= 5);
        long writerTip = tipOf(writer);
        assertThat(tipOf(follower)).as("the cut-off follower's tip").isEqualTo(staleTip).isLessThan(writerTip);
        String answered = cluster.control(follower).getDigest(r -> r.name(LEDGER)).digestTipAddress().ionText();
        assertThat(answered).contains("sequenceNo:" + staleTip);
        JournalBlock staleBlock = follower.ledgers().ledger(LEDGER).readBlock(
                follower.ledgers().ledger(LEDGER).digest().tipAddress());
        assertThat(writer.ledgers().ledger(LEDGER).readBlock(staleBlock.blockAddress()).blockHash())
                .as("the follower's stale tip block on the writer").isEqualTo(staleBlock.blockHash());
        System.out.println("broker partition: follower " + follower.cluster().nodeId() + " cut off from broker 2 "
                + "(its topic's leader) stayed at block " + staleTip + " while the writer reached " + writerTip + "; "
                + countThrough(workload, follower, followerCutAt) + " transfers through it acknowledged (forwarded)");
        kafka.heal(followerIndex, 2);
        awaitWithin(PATIENCE, follower.cluster().nodeId() + " caught up after the heal",
                () -> tipOf(follower) >= writerTip);

        // 3. The writer cut off from its ledger topic's leader, still reaching broker 1.
        int writerEpochBefore = currentWriterEpoch();
        kafka.cut(writerIndex, 2);
        long writerCutAt = System.nanoTime();
        Thread.sleep(WRITER_CUT.toMillis());
        long healAt = System.nanoTime();
        long acknowledgedInCut = workload.acknowledged().values().stream()
                .filter(a -> a.startedAt() > writerCutAt && a.endedAt() < healAt).count();
        VellumServer writerInCut = cluster.currentWriter();
        System.out.println("broker partition: writer " + writerId + " cut off from broker 2 (its topic's leader) for "
                + (healAt - writerCutAt) / 1_000_000 + " ms: " + acknowledgedInCut + " transfers begun and "
                + "acknowledged meanwhile; " + writerId + " is " + writer.cluster().status(LEDGER).state()
                + " (epoch " + writer.cluster().status(LEDGER).writerEpoch() + ", was " + writerEpochBefore
                + "); the node writing with the highest epoch: " + (writerInCut == null ? "none"
                : writerInCut.cluster().nodeId() + " (epoch " + writerInCut.cluster().status(LEDGER).writerEpoch()
                + ")"));
        kafka.heal(writerIndex, 2);
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "5 transfers through " + node.cluster().nodeId() + " after the heal",
                    () -> countThrough(workload, node, healAt) >= 5);
        }
        long firstAfterHeal = workload.acknowledged().values().stream().filter(a -> a.startedAt() > healAt)
                .mapToLong(BankWorkload.Acknowledged::endedAt).min().orElseThrow();
        System.out.println("broker partition: healed; first transfer acknowledged " + (firstAfterHeal - healAt)
                / 1_000_000 + " ms later");
        workload.stop();

        ClusterInvariants.TopicChain topic = cluster.checkInvariants();
        System.out.println("broker partition: " + workload.acknowledged().size() + " transfers acknowledged; topic "
                + "blocks 0.." + topic.tip() + ", one verifying chain, writer terms " + topic.terms());
    }

    private static long countThrough(BankWorkload workload, VellumServer node, long begunAfter) {
        String id = node.cluster().nodeId();
        return workload.acknowledged().values().stream().filter(a -> a.node().equals(id) && a.startedAt() > begunAfter)
                .count();
    }

    private int currentWriterEpoch() {
        VellumServer current = cluster.currentWriter();
        return current == null ? -1 : current.cluster().status(LEDGER).writerEpoch();
    }

    private long tipOf(VellumServer node) {
        return cluster.tipOf(node);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
