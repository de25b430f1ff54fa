package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static io.vellum.server.cluster.ClusterTests.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.server.ServerConfig;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.awssdk.services.qldb.model.ResourceAlreadyExistsException;

/**
 * The cluster as one database for ledger metadata: one name created through two nodes at once (one wins, the other
 * gets ResourceAlreadyExists), a deleted ledger's topic deleted with it (so the name starts afresh), and signed
 * digests that verify against the public keys any node serves, whichever node signed.
 */
@Tag("slow")
class ClusterLedgerLifecycleTest {
    private static final String KEY_ID = "AKIDCLUSTERTEST00003";
    private static final String SECRET = "cluster-lifecycle-test-secret-shared-by-every-node";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;
    private final List<VellumServer> nodes = new ArrayList<>();
    private final Map<VellumServer, QldbClient> clients = new HashMap<>();

    @AfterEach
    void stop() {
        clients.values().forEach(QldbClient::close);
        for (VellumServer node : nodes) {
            node.close();
        }
    }

    @Test
    void oneNameCreatedThroughTwoNodesAtOnceHasOneWinnerAndDeletionTakesTheTopic() throws Exception {
        startCluster();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (String name : List.of("twin-1", "twin-2", "twin-3")) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> outcomes = new ArrayList<>();
                for (VellumServer node : nodes.subList(0, 2)) {
                    outcomes.add(threads.submit(() -> {
                        start.await();
                        try {
                            control(node).createLedger(r -> r.name(name).permissionsMode(PermissionsMode.ALLOW_ALL)
                                    .deletionProtection(false));
                            return "created";
                        } catch (ResourceAlreadyExistsException e) {
                            return "exists";
                        }
                    }));
                }
                start.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> outcome : outcomes) {
                    results.add(outcome.get());
                }
                System.out.println("cluster lifecycle: " + name + " created through node-1 and node-2 at once: "
                        + results);
                assertThat(results).containsExactlyInAnyOrder("created", "exists");
                // Every node ends with the winner's ledger: one digest at one tip.
                for (VellumServer node : nodes) {
                    awaitWithin(PATIENCE, name + " hosted and readable on " + node.cluster().nodeId(),
                            () -> node.ledgers().list()
                            .stream().anyMatch(info -> info.name().equals(name)) && readable(node, name));
                }
                assertThat(nodes.stream().map(node -> node.ledgers().ledger(name).digest()).distinct()).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }

        // Deleting a ledger deletes its topic; the name then starts afresh (a new strand, not the old blocks).
        String oldStrand = nodes.get(0).ledgers().ledger("twin-1").strandId();
        control(nodes.get(2)).deleteLedger(r -> r.name("twin-1"));
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "twin-1 gone from " + node.cluster().nodeId(), () -> node.ledgers().list().stream()
                    .noneMatch(info -> info.name().equals("twin-1")));
        }
        awaitWithin(PATIENCE, "topic vellum.ledger.twin-1 deleted", () -> !topics().contains("vellum.ledger.twin-1"));
        control(nodes.get(0)).createLedger(r -> r.name("twin-1").permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "the new twin-1 on " + node.cluster().nodeId(), () -> node.ledgers().list().stream()
                    .anyMatch(info -> info.name().equals("twin-1")) && readable(node, "twin-1"));
            assertThat(node.ledgers().ledger("twin-1").strandId()).isNotEqualTo(oldStrand);
        }
    }

    @Test
    void aSignedDigestFromAnyNodeVerifiesAgainstTheKeysAnyNodeServes() throws Exception {
        startCluster();
        control(nodes.get(0)).createLedger(r -> r.name("signed").permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false));
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "signed hosted on " + node.cluster().nodeId(), () -> readable(node, "signed"));
        }
        // Each node signs with a key of its own and serves all three nodes' public keys.
        for (VellumServer node : nodes) {
            awaitWithin(PATIENCE, "three nodes' keys served by " + node.cluster().nodeId(),
                    () -> get(node, "/v1/ledgers/signed/keys").path("keys").size() == 3);
        }
        Set<String> signingKeys = new java.util.HashSet<>();
        for (VellumServer signer : nodes) {
            JsonNode answer = get(signer, "/v1/ledgers/signed/digest");
            JsonNode signature = answer.path("signature");
            SignedDigest signed = new SignedDigest("signed", new LedgerDigest(
                    Hash.fromBase64(answer.path("digest").asText()),
                    new BlockAddress(answer.path("tipAddress").path("strandId").asText(),
                            answer.path("tipAddress").path("sequenceNo").asLong())),
                    Instant.parse(signature.path("signedAt").asText()), signature.path("keyId").asText(),
                    Ed25519Signature.fromBase64(signature.path("value").asText()));
            signingKeys.add(signed.keyId());
            for (VellumServer server : nodes) {
                Ed25519PublicKey key = null;
                for (JsonNode served : get(server, "/v1/ledgers/signed/keys").path("keys")) {
                    if (served.path("keyId").asText().equals(signed.keyId())) {
                        key = Ed25519PublicKey.fromBase64(served.path("publicKey").asText());
                    }
                }
                assertThat(key).as("key " + signed.keyId() + " of " + signer.cluster().nodeId() + " served by "
                        + server.cluster().nodeId()).isNotNull();
                signed.verifySignature(key);
            }
        }
        assertThat(signingKeys).as("every node signs with its own key").hasSize(3);
    }

    private void startCluster() throws Exception {
        for (int i = 1; i <= 3; i++) {
            nodes.add(startNode("node-" + i));
        }
        awaitWithin(PATIENCE, "the election's 32 partitions spread over the three nodes", () -> nodes.stream()
                .allMatch(node -> !node.cluster().assignedPartitions().isEmpty())
                && nodes.stream().mapToInt(node -> node.cluster().assignedPartitions().size()).sum() == 32);
    }

    private static boolean readable(VellumServer node, String name) {
        ReplicationStatus status = node.cluster().status(name);
        return status != null && (status.state() == ReplicationStatus.State.WRITING
                || status.state() == ReplicationStatus.State.FOLLOWING);
    }

    private static JsonNode get(VellumServer node, String path) {
        String body = new SignedHttpClient(node.endpoint(), KEY_ID, SECRET).send("GET", path, Map.of(), new byte[0],
                SECRET, Clock.systemUTC()).body();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(path + " answered no JSON: " + body, e);
        }
    }

    private static Set<String> topics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.kafka().bootstrapServers()))) {
            return admin.listTopics().names().get();
        } catch (Exception e) {
            throw new AssertionError("listing topics failed: " + e, e);
        }
    }

    private VellumServer startNode(String id) throws IOException {
        return ClusterTests.startNode(ServerConfig.defaults(directory.resolve(id)).withCredentials(KEY_ID, SECRET),
                id, KAFKA.kafka().bootstrapServers());
    }

    private QldbClient control(VellumServer node) {
        synchronized (clients) {
            return clients.computeIfAbsent(node, server -> QldbClient.builder().endpointOverride(server.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                    .build());
        }
    }
}
