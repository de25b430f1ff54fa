package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.awssdk.services.qldb.model.ResourceAlreadyExistsException;

/**
 * The cluster as one database for ledger metadata: one name created through two nodes at once (one wins, the other
 * gets ResourceAlreadyExists), a deleted ledger's topic deleted with it (so the name starts afresh), and signed
 * digests that verify against the public keys any node serves, whichever node signed.
 */
@Tag("slow")
class ClusterLedgerLifecycleTest {
    private static final Duration PATIENCE = ClusterFixture.PATIENCE;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One broker for the class's tests (a broker start saved): their ledgers differ, the catalog is shared. */
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

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
    void oneNameCreatedThroughTwoNodesAtOnceHasOneWinnerAndDeletionTakesTheTopic() throws Exception {
        startCluster("twin-1");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (String name : List.of("twin-1", "twin-2", "twin-3")) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> outcomes = new ArrayList<>();
                for (VellumServer node : cluster.nodes().subList(0, 2)) {
                    outcomes.add(threads.submit(() -> {
                        start.await();
                        try {
                            cluster.createLedger(node, name, PermissionsMode.ALLOW_ALL);
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
                cluster.awaitHostedEverywhere(name);
                assertThat(cluster.nodes().stream().map(node -> node.ledgers().ledger(name).digest()).distinct())
                        .hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }

        // Deleting a ledger deletes its topic; the name then starts afresh (a new strand, not the old blocks).
        String oldStrand = cluster.node(0).ledgers().ledger("twin-1").strandId();
        cluster.control(cluster.node(2)).deleteLedger(r -> r.name("twin-1"));
        for (VellumServer node : cluster.nodes()) {
            awaitWithin(PATIENCE, "twin-1 gone from " + node.cluster().nodeId(), () -> node.ledgers().list().stream()
                    .noneMatch(info -> info.name().equals("twin-1")));
        }
        awaitWithin(PATIENCE, "topic vellum.ledger.twin-1 deleted", () -> !topics().contains("vellum.ledger.twin-1"));
        cluster.createLedger(cluster.node(0), "twin-1", PermissionsMode.ALLOW_ALL);
        cluster.awaitHostedEverywhere("twin-1");
        for (VellumServer node : cluster.nodes()) {
            assertThat(node.ledgers().ledger("twin-1").strandId()).isNotEqualTo(oldStrand);
        }
    }

    @Test
    void aSignedDigestFromAnyNodeVerifiesAgainstTheKeysAnyNodeServes() throws Exception {
        startCluster("signed");
        cluster.createLedger();
        cluster.awaitHostedEverywhere("signed");
        // Each node signs with a key of its own and serves all three nodes' public keys.
        for (VellumServer node : cluster.nodes()) {
            awaitWithin(PATIENCE, "three nodes' keys served by " + node.cluster().nodeId(),
                    () -> get(node, "/v1/ledgers/signed/keys").path("keys").size() == 3);
        }
        Set<String> signingKeys = new java.util.HashSet<>();
        for (VellumServer signer : cluster.nodes()) {
            JsonNode answer = get(signer, "/v1/ledgers/signed/digest");
            JsonNode signature = answer.path("signature");
            SignedDigest signed = new SignedDigest("signed", new LedgerDigest(
                    Hash.fromBase64(answer.path("digest").asText()),
                    new BlockAddress(answer.path("tipAddress").path("strandId").asText(),
                            answer.path("tipAddress").path("sequenceNo").asLong())),
                    Instant.parse(signature.path("signedAt").asText()), signature.path("keyId").asText(),
                    Ed25519Signature.fromBase64(signature.path("value").asText()));
            signingKeys.add(signed.keyId());
            for (VellumServer server : cluster.nodes()) {
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

    /** Three nodes on the class's broker, the election settled over them; {@code ledger}: the fixture's ledger. */
    private void startCluster(String ledger) throws Exception {
        cluster = ClusterFixture.onSharedBroker(directory, ledger, 3, KAFKA.kafka());
        cluster.startNodes();
    }

    private static JsonNode get(VellumServer node, String path) {
        String body = new SignedHttpClient(node.endpoint(), ClusterFixture.KEY_ID, ClusterFixture.SECRET)
                .send("GET", path, Map.of(), new byte[0], ClusterFixture.SECRET, Clock.systemUTC()).body();
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
}
