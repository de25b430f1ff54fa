package io.vellum.server.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a server runs as a node of a cluster ({@code vellum serve --cluster}).
 *
 * @param bootstrapServers   the Kafka cluster that replicates the ledgers
 * @param nodeId             this node's id, unique in the cluster (letters, digits, '.', '_', '-')
 * @param advertisedUrl      where the other nodes reach this node's API ({@code http(s)://host:port}); requests for
 *                           ledgers this node writes are forwarded here
 * @param sessionTimeout     the writer election's Kafka session timeout: a node that stops heartbeating loses its
 *                           ledgers after this long (failover time); shorter means faster failover and more false
 *                           failovers of a node that only paused
 * @param kafkaTimeout       how long one Kafka operation may take
 * @param clientProperties   extra Kafka client configs (security), for every client of cluster mode
 */
public record ClusterConfig(String bootstrapServers, String nodeId, URI advertisedUrl, Duration sessionTimeout,
                            Duration kafkaTimeout, Map<String, String> clientProperties) {
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);

    public ClusterConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(advertisedUrl, "advertisedUrl");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("cluster mode needs the Kafka bootstrap servers");
        }
        String scheme = advertisedUrl.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || advertisedUrl.getHost() == null
                || advertisedUrl.getPort() < 0) {
            throw new IllegalArgumentException("the advertised URL must be http(s)://host:port, not " + advertisedUrl);
        }
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    public ClusterConfig(String bootstrapServers, String nodeId, URI advertisedUrl) {
        this(bootstrapServers, nodeId, advertisedUrl, DEFAULT_SESSION_TIMEOUT, DEFAULT_KAFKA_TIMEOUT, Map.of());
    }

    /** Shows the client property names only: their values may be secrets. */
    @Override
    public String toString() {
        return "ClusterConfig[bootstrapServers=" + bootstrapServers + ", nodeId=" + nodeId + ", advertisedUrl="
                + advertisedUrl + ", sessionTimeout=" + sessionTimeout + ", clientProperties="
                + clientProperties.keySet() + "]";
    }
}
