package io.vellum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.proof.block.JournalBlock;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition between one Vellum node and Kafka (issue 11's failure table), the node's HTTP still
 * reachable: three {@link VellumServer} nodes on one in-process KRaft broker, each node reaching the broker only
 * through a {@link TcpProxy} of its own ({@link PartitionableKafka}), under an insert load through the official
 * QLDB driver.
 *
 * <ol>
 *   <li>The ledger's writer is cut off while the load runs (through the two other nodes, and a third client through
 *       the cut-off writer itself). Another node becomes the writer and the load's retries succeed through the other
 *       nodes; the cut-off writer acknowledges nothing that is not in the topic. Healed, it steps down, follows and
 *       catches up.</li>
 *   <li>A follower is cut off: writes through the others go on; its own copy serves its last applied state (GetDigest
 *       answers its old tip, a prefix of the writer's chain); healed, it catches up.</li>
 * </ol>
 * Then: every acknowledged insert is in every node's copy exactly once, the topic is one verifying chain whose
 * writer epochs never go back (no block of the fenced writer after its successor's), and every node's journal is
 * the topic's blocks byte for byte.
 */
@Tag("slow")
class ClusterPartitionTest {
    private static final String LEDGER = "partitioned";
    private static final Duration PATIENCE = ClusterFixture.PATIENCE;

    @TempDir
    Path directory;
    private ClusterFixture cluster;
    private List<VellumServer> nodes = List.of();
    private final List<InsertWorker> workers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWriterOrFollowerCutOffFromKafkaLosesNothingAcknowledgedAndCatchesUpWhenHealed() throws Exception {
        PartitionableKafka kafka = new PartitionableKafka(directory, 3);
        cluster = new ClusterFixture(directory, LEDGER, 3, kafka).startNodes();
        nodes = cluster.nodes();
        cluster.createLedger();
        VellumServer writer = cluster.awaitSettledWriter();
        cluster.driver(writer, 10).execute(txn -> {
            txn.execute("CREATE TABLE Payments");
        });

        // The load: one driver per node, inserting rows with unique ids until told to stop.
        AtomicBoolean running = new AtomicBoolean(true);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Long> acknowledgedAt = new ConcurrentLinkedQueue<>();
        for (VellumServer node : nodes) {
            InsertWorker worker = new InsertWorker(node.cluster().nodeId(), cluster.driver(node, 10), acknowledged,
                    acknowledgedAt, running);
            worker.start();
            workers.add(worker);
        }
        awaitWithin(PATIENCE, "20 inserts acknowledged before the partition", () -> acknowledged.size() >= 20);

        // 1. The writer is cut off from Kafka (its HTTP port still answers).
        int cutIndex = nodes.indexOf(writer) + 1;
        String cutId = writer.cluster().nodeId();
        int cutEpoch = writer.cluster().status(LEDGER).writerEpoch();
        long cutAt = System.nanoTime();
        kafka.cut(cutIndex);
        int beforeCut = acknowledged.size();
        VellumServer newWriter = awaitWriter(writer);
        long tookOver = System.nanoTime();
        awaitWithin(PATIENCE, "20 inserts acknowledged through the other nodes after the cut",
                () -> acknowledgedAt.stream().filter(t -> t > tookOver).count() >= 20);
        long firstAfterCut = acknowledgedAt.stream().filter(t -> t > cutAt).min(Long::compare).orElseThrow();
        System.out.println("partition: writer " + cutId + " (epoch " + cutEpoch + ") cut off from Kafka after "
                + beforeCut + " inserts; " + newWriter.cluster().nodeId() + " writes (epoch "
                + newWriter.cluster().status(LEDGER).writerEpoch() + ") " + (tookOver - cutAt) / 1_000_000
                + " ms later; first insert acknowledged after the cut " + (firstAfterCut - cutAt) / 1_000_000
                + " ms after it; cut-off node's state " + writer.cluster().status(LEDGER).state());
        assertThat(newWriter.cluster().status(LEDGER).writerEpoch()).isGreaterThan(cutEpoch);
        long cutOffTip = tipOf(writer);

        // Healed: the cut-off writer learns it was fenced, steps down, follows the new writer and catches up.
        kafka.heal(cutIndex);
        long healedAt = System.nanoTime();
        VellumServer healed = writer;
        awaitWithin(PATIENCE, cutId + " rejoined, knowing a newer writer, and caught up", () -> {
            ReplicationStatus status = healed.cluster().status(LEDGER);
            VellumServer current = cluster.currentWriter();
            return status.writerEpoch() > cutEpoch && current != null && tipOf(healed) >= tipOf(current) - 1
                    && tipOf(healed) > cutOffTip;
        });
        System.out.println("partition: " + cutId + " healed; " + (System.nanoTime() - healedAt) / 1_000_000
                + " ms later it was " + healed.cluster().status(LEDGER).state() + " at block " + tipOf(healed)
                + " (was " + cutOffTip + " when healed), writer " + healed.cluster().writerOf(LEDGER));

        // 2. A follower is cut off: the others go on writing; its own copy stays at its last applied block.
        VellumServer leader = awaitWriter(null);
        VellumServer follower = nodes.stream().filter(node -> node != leader).findFirst().orElseThrow();
        int followerIndex = nodes.indexOf(follower) + 1;
        awaitWithin(PATIENCE, follower.cluster().nodeId() + " caught up before its cut",
                () -> tipOf(follower) >= tipOf(leader) - 1);
        kafka.cut(followerIndex);
        // Give a fetch that was already on its way time to arrive before the tip is taken as the cut's.
        Thread.sleep(1000);
        long staleTip = tipOf(follower);
        long cutFollowerAt = System.nanoTime();
        awaitWithin(PATIENCE, "20 inserts acknowledged while " + follower.cluster().nodeId() + " is cut off",
                () -> acknowledgedAt.stream().filter(t -> t > cutFollowerAt).count() >= 20);
        long writerTip = tipOf(awaitWriter(null));
        // What the cut-off follower serves from its own copy: its last applied state, a prefix of the writer's.
        String staleDigest = cluster.control(follower).getDigest(r -> r.name(LEDGER)).digestTipAddress().ionText();
        assertThat(staleDigest).contains("sequenceNo:" + tipOf(follower));
        assertThat(tipOf(follower)).as("the cut-off follower's tip").isLessThan(writerTip);
        JournalBlock staleBlock = follower.ledgers().ledger(LEDGER).readBlock(
                follower.ledgers().ledger(LEDGER).digest().tipAddress());
        VellumServer current = awaitWriter(null);
        assertThat(current.ledgers().ledger(LEDGER).readBlock(staleBlock.blockAddress()).blockHash())
                .as("the follower's stale tip block on the writer").isEqualTo(staleBlock.blockHash());
        System.out.println("partition: follower " + follower.cluster().nodeId() + " cut off at block " + staleTip
                + "; while the writer reached block " + writerTip + " it served GetDigest at " + tipOf(follower));
        kafka.heal(followerIndex);
        awaitWithin(PATIENCE, follower.cluster().nodeId() + " caught up after its partition",
                () -> tipOf(follower) >= writerTip);

        running.set(false);
        for (InsertWorker worker : workers) {
            worker.join(PATIENCE.toMillis());
        }
        VellumServer last = awaitWriter(null);
        long tip = tipOf(last);
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, node.cluster().nodeId() + " at block " + tip, () -> tipOf(node) >= tip);
        }
        System.out.println("partition: " + acknowledged.size() + " inserts acknowledged, tip " + tip);

        // Every acknowledged insert in every node's own copy, none twice.
        for (VellumServer node : nodes) {
            List<String> ids = new ArrayList<>();
            for (IonValue row : node.ledgers().ledger(LEDGER).executeStatement("SELECT p.id FROM Payments AS p")) {
                ids.add(((IonString) ((IonStruct) row).get("id")).stringValue());
            }
            assertThat(new HashSet<>(ids)).as("rows inserted twice on " + node.cluster().nodeId())
                    .hasSize(ids.size());
            assertThat(ids).as("acknowledged inserts on " + node.cluster().nodeId()).containsAll(acknowledged);
        }
        List<byte[]> topicBlocks = checkTopic(kafka, cutId, cutEpoch);
        assertThat(topicBlocks).hasSize((int) tip + 1);
        for (VellumServer node : nodes) {
            cluster.stop(node);
        }
        for (int i = 0; i < nodes.size(); i++) {
            checkJournal(cluster.dataOf(i), topicBlocks);
        }
    }

    /**
     * Reads the topic read_committed: one verifying chain, each sequence number once, writer epochs never going
     * back, and no block of the cut-off writer's epoch after the first block of a later epoch.
     */
    private List<byte[]> checkTopic(PartitionableKafka kafka, String cutId, int cutEpoch) {
        ClusterInvariants.TopicChain chain = ClusterInvariants.checkTopic(kafka.bootstrapServers(), LEDGER);
        List<String> terms = chain.terms();
        assertThat(terms).as("writer terms").anyMatch(term -> term.startsWith(cutId + "@" + cutEpoch + " "));
        assertThat(terms.size()).as("writer terms").isGreaterThanOrEqualTo(2);
        System.out.println("partition: topic holds blocks 0.." + (chain.blocks().size() - 1)
                + " in one verifying chain; writer terms " + terms);
        return chain.blocks();
    }

    /** The node's journal, read from its files once the node is stopped, is the topic's blocks byte for byte. */
    private static void checkJournal(Path nodeData, List<byte[]> topicBlocks) {
        ClusterInvariants.checkJournal(nodeData, LEDGER, topicBlocks);
        System.out.println("partition: " + nodeData.getFileName() + "'s journal is the topic's " + topicBlocks.size()
                + " blocks, byte for byte");
    }

    /** {@link ClusterFixture#awaitWriterOtherThan}, failing with a {@linkplain ClusterDiagnosis diagnosis}. */
    private VellumServer awaitWriter(VellumServer not) throws InterruptedException {
        VellumServer[] writer = new VellumServer[1];
        awaitWithin(PATIENCE, "a node other than " + (not == null ? "none" : not.cluster().nodeId()) + " writing "
                + LEDGER, () -> (writer[0] = cluster.currentWriterOtherThan(not)) != null);
        return writer[0];
    }

    private long tipOf(VellumServer node) {
        return cluster.tipOf(node);
    }

    /**
     * {@link ClusterTests#awaitWithin}, failing with a {@linkplain ClusterDiagnosis diagnosis} of the nodes, the
     * insert workers and the server threads in the commit path, so that a failure seen once says what happened.
     */
    private void awaitWithin(Duration patience, String what, BooleanSupplier condition) throws InterruptedException {
        try {
            ClusterTests.awaitWithin(patience, what, condition);
        } catch (AssertionError e) {
            String diagnosis = ClusterDiagnosis.of(LEDGER, nodes, workers);
            System.out.println("partition: " + e.getMessage() + "\n" + diagnosis);
            throw new AssertionError(e.getMessage() + "\n" + diagnosis, e);
        }
    }
}
