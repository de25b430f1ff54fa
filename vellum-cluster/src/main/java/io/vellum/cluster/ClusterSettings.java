package io.vellum.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a node reaches the Kafka cluster that replicates its ledgers, and who it is.
 *
 * @param bootstrapServers {@code host:port[,host:port…]} of the Kafka cluster
 * @param nodeId           this node's id, written into every block record it produces (followers report which
 *                         node is the writer); letters, digits, '-', '_' and '.'
 * @param clientProperties extra Kafka client configs for every producer, consumer and admin client (security
 *                         settings, timeouts); the ones that replication depends on (acks, idempotence, transactional
 *                         id, isolation level, serializers) cannot be overridden
 * @param kafkaTimeout     how long one Kafka operation (topic creation, reading a topic's end, initTransactions) may
 *                         take before it fails with UNAVAILABLE
 */
public record ClusterSettings(String bootstrapServers, String nodeId, Map<String, String> clientProperties,
                              Duration kafkaTimeout) {
    public ClusterSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(nodeId, "nodeId");
        if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("nodeId must be 1 to 64 letters, digits, '.', '_' or '-', got '"
                    + nodeId + "'");
        }
        clientProperties = clientProperties == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(clientProperties));
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
    }

    public ClusterSettings(String bootstrapServers, String nodeId) {
        this(bootstrapServers, nodeId, Map.of(), Duration.ofSeconds(30));
    }

    /** Shows the client property names only: their values may be secrets. */
    @Override
    public String toString() {
        return "ClusterSettings[bootstrapServers=" + bootstrapServers + ", nodeId=" + nodeId + ", clientProperties="
                + clientProperties.keySet() + ", kafkaTimeout=" + kafkaTimeout + "]";
    }
}
