package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code EXEC redact_revision} sent to a follower of a two-node cluster is forwarded to the writer like any native
 * statement; both nodes then answer the revision with {@code dataHash} and hold the data in no file.
 */
class ClusterRedactionThroughAFollowerTest {
    private static final String LEDGER = "erasing";
    private static final String MARKER = "ERASE-ME-THROUGH-A-FOLLOWER-93c2";

    @TempDir
    Path directory;

    @Test
    void aRedactionThroughAFollowerErasesTheDataOnBothNodes() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.onOneBroker(directory, LEDGER, 2).startNodes()) {
            cluster.createLedger();
            VellumServer writer = cluster.awaitSettledWriter();
            VellumServer follower = cluster.anotherNodeThan(writer);
            awaitWithin(ClusterFixture.PATIENCE, "the follower hosts the ledger", () -> follower.ledgers().list()
                    .stream().anyMatch(info -> info.name().equals(LEDGER)));

            // Every statement through the follower: forwarded to the writer.
            String tableId = statement(follower, "CREATE TABLE People").path("values").path(0).path("tableId")
                    .asText();
            JsonNode inserted = statement(follower, "INSERT INTO People ?", Map.of("name", MARKER));
            String documentId = inserted.path("values").path(0).path("documentId").asText();
            JsonNode address = inserted.path("blockAddress");
            statement(follower, "UPDATE People AS p SET p.name = 'someone'");
            JsonNode redaction = statement(follower, "EXEC redact_revision ?, ?, ?", Map.of("strandId",
                    address.path("strandId").asText(), "sequenceNo", address.path("sequenceNo").asLong()), tableId,
                    documentId);
            assertThat(redaction.path("values").path(0).path("version").asInt()).isZero();
            long redactionBlock = redaction.path("blockAddress").path("sequenceNo").asLong();

            for (VellumServer node : cluster.nodes()) {
                awaitWithin(ClusterFixture.PATIENCE, node.cluster().nodeId() + " applies the redaction",
                        () -> cluster.tipOf(node) >= redactionBlock);
                JsonNode history = statement(node, "SELECT * FROM history(People) AS h WHERE h.metadata.id = ?",
                        documentId);
                assertThat(history.path("values").path(0).has("data")).as(history.toString()).isFalse();
                assertThat(history.path("values").path(0).has("dataHash")).as(history.toString()).isTrue();
            }
            // The nodes' data directories; the broker's, beside them, keeps the topic (not a node's file).
            List<Path> nodeData = List.of(cluster.dataOf(0), cluster.dataOf(1));
            awaitWithin(ClusterFixture.PATIENCE, "no file of either node holds the data",
                    () -> filesHoldingMarker(nodeData).isEmpty());
            assertThat(writer.ledgers().ledger(LEDGER).digest()).isEqualTo(follower.ledgers().ledger(LEDGER).digest());
        }
    }

    private static JsonNode statement(VellumServer node, String statement, Object... parameters) {
        return ClusterFixture.execute(node, LEDGER, statement, List.of(parameters));
    }

    private List<Path> filesHoldingMarker(List<Path> folders) {
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    byte[] content;
                    try {
                        content = Files.readAllBytes(file);
                    } catch (NoSuchFileException e) {
                        continue; // RocksDB removed it meanwhile
                    }
                    for (int i = 0; i <= content.length - marker.length; i++) {
                        if (Arrays.equals(content, i, i + marker.length, marker, 0, marker.length)) {
                            holding.add(directory.relativize(file));
                            break;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return holding;
    }
}
