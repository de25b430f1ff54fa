package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static io.vellum.server.cluster.ClusterTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.cluster.WriterElection;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.ServerConfig;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import io.vellum.testkit.kafka.EmbeddedKafka;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

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
    private static final String KEY_ID = "AKIDNODEPARTITION001";
    private static final String SECRET = "node-partition-test-secret-shared-by-every-node";
    private static final String LEDGER = "bank";
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path directory;
    private EmbeddedKafka kafka;
    private final List<VellumServer> nodes = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private BankWorkload workload;

    @AfterEach
    void stop() throws Exception {
        if (workload != null) {
            workload.halt();
        }
        for (TcpProxy proxy : proxies) {
            proxy.heal();
        }
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                // a driver's sessions may already be gone
            }
        }
        for (VellumServer node : nodes) {
            node.close();
        }
        for (TcpProxy proxy : proxies) {
            proxy.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aFollowerCutOffFromTheWriterAcknowledgesNothingItCouldNotForwardAndServesCorrectReads() throws Exception {
        kafka = new EmbeddedKafka(directory, 1);
        for (int i = 1; i <= 3; i++) {
            int port = freePort();
            TcpProxy proxy = new TcpProxy(freePort(), port);
            proxies.add(proxy);
            String id = "node-" + i;
            nodes.add(VellumServer.start(ServerConfig.defaults(directory.resolve(id)).withCredentials(KEY_ID, SECRET)
                    .withPort(port), new ClusterConfig(kafka.bootstrapServers(), id,
                    URI.create("http://127.0.0.1:" + proxy.port()))));
        }
        awaitWithin(PATIENCE, "the election's 32 partitions spread over the three nodes", () -> nodes.stream()
                .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                && nodes.stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum() == 32);
        control(nodes.get(0)).createLedger(r -> r.name(LEDGER).permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        VellumServer writer = awaitSettledWriter();
        List<VellumServer> followers = nodes.stream().filter(node -> node != writer).toList();
        BankWorkload.createAccounts(driver(writer, 10));

        Map<String, QldbDriver> drivers = new LinkedHashMap<>();
        for (VellumServer node : nodes) {
            drivers.put(node.cluster().nodeId(), driver(node, 10));
        }
        workload = new BankWorkload(drivers);
        awaitWithin(PATIENCE, "10 transfers acknowledged through each node before the partition", () -> nodes.stream()
                .allMatch(node -> workload.acknowledged().values().stream()
                        .filter(a -> a.node().equals(node.cluster().nodeId())).count() >= 10));

        // The cut: every forward to the writer goes into a proxy that drops every byte.
        String writerId = writer.cluster().nodeId();
        int writerEpoch = writer.cluster().status(LEDGER).writerEpoch();
        TcpProxy writerProxy = proxies.get(nodes.indexOf(writer));
        long followerTipAtCut = tipOf(followers.get(0));
        long cutAt = System.nanoTime();
        writerProxy.cut();

        // A transaction through a follower, the driver allowed no retry: refused with the Session API's retryable
        // 503 once the forward's read timeout ends it, its message naming the condition and nothing internal.
        QldbDriver once = driver(followers.get(0), 0);
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
            Matcher answered = Pattern.compile("sequenceNo:(\\d+)").matcher(control(follower)
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

        checkInvariants(workload);
    }

    private void checkInvariants(BankWorkload workload) throws InterruptedException {
        LedgerDigest digest = ClusterInvariants.awaitSameDigest(nodes, LEDGER, PATIENCE);
        for (VellumServer node : nodes) {
            ClusterInvariants.checkBank(node, LEDGER, workload.acknowledged().keySet());
        }
        ClusterInvariants.TopicChain topic = ClusterInvariants.checkTopic(kafka.bootstrapServers(), LEDGER);
        assertThat(topic.tip()).isEqualTo(digest.tipAddress().sequenceNo());
        System.out.println("node partition: topic blocks 0.." + topic.tip() + ", one verifying chain, writer terms "
                + topic.terms());
        List<Path> data = new ArrayList<>();
        for (VellumServer node : nodes) {
            data.add(directory.resolve(node.cluster().nodeId()));
            node.close();
        }
        nodes.clear();
        for (Path nodeData : data) {
            ClusterInvariants.checkJournal(nodeData, LEDGER, topic.blocks());
        }
    }

    /** Waits until the node the election assigns the ledger writes it and every node knows: returns it. */
    private VellumServer awaitSettledWriter() throws InterruptedException {
        int partition = WriterElection.partitionOf(LEDGER, WriterElection.PARTITIONS);
        VellumServer[] writer = new VellumServer[1];
        awaitWithin(PATIENCE, "every node knows the elected writer of " + LEDGER + ", which writes", () -> {
            String elected = nodes.get(0).cluster().writerOf(LEDGER);
            writer[0] = nodes.stream().filter(node -> node.cluster().nodeId().equals(elected)
                    && node.cluster().assignedPartitions().contains(partition)
                    && node.cluster().status(LEDGER).state() == ReplicationStatus.State.WRITING)
                    .findFirst().orElse(null);
            return elected != null && writer[0] != null
                    && nodes.stream().allMatch(node -> elected.equals(node.cluster().writerOf(LEDGER)));
        });
        return writer[0];
    }

    private static long tipOf(VellumServer node) {
        return node.ledgers().ledger(LEDGER).digest().tipAddress().sequenceNo();
    }

    private QldbDriver driver(VellumServer node, int retries) {
        QldbDriver driver = QldbDriver.builder().ledger(LEDGER)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(retries).build())
                .sessionClientBuilder(TestServers.sessionClient(node, KEY_ID, SECRET))
                .build();
        clients.add(driver::close);
        return driver;
    }

    private QldbClient control(VellumServer node) {
        QldbClient client = QldbClient.builder().endpointOverride(node.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build();
        clients.add(client);
        return client;
    }
}
