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
 * @param evictAfter         how long a writer must refuse connections (its forwards refused, then every probe of
 *                           its advertised URL refused) before this node evicts it from the writer election, which
 *                           moves its ledgers at once instead of after its session ({@link WriterEviction});
 *                           {@link Duration#ZERO} turns eviction off and the election uses dynamic membership, as
 *                           before eviction existed
 */
public record ClusterConfig(String bootstrapServers, String nodeId, URI advertisedUrl, Duration sessionTimeout,
                            Duration kafkaTimeout, Map<String, String> clientProperties, Duration evictAfter) {
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);
    /** See {@link WriterEviction}: long enough for a restarting listener, far below the 6 s session. */
    public static final Duration DEFAULT_EVICT_AFTER = Duration.ofMillis(1_500);

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
        Objects.requireNonNull(evictAfter, "evictAfter");
        if (evictAfter.isNegative()) {
            throw new IllegalArgumentException("evictAfter must be 0 (off) or positive, not " + evictAfter);
        }
    }

    /** With eviction after {@link #DEFAULT_EVICT_AFTER}. */
    public ClusterConfig(String bootstrapServers, String nodeId, URI advertisedUrl, Duration sessionTimeout,
                         Duration kafkaTimeout, Map<String, String> clientProperties) {
        this(bootstrapServers, nodeId, advertisedUrl, sessionTimeout, kafkaTimeout, clientProperties,
                DEFAULT_EVICT_AFTER);
    }

    public ClusterConfig(String bootstrapServers, String nodeId, URI advertisedUrl) {
        this(bootstrapServers, nodeId, advertisedUrl, DEFAULT_SESSION_TIMEOUT, DEFAULT_KAFKA_TIMEOUT, Map.of());
    }

    /** Whether a writer that refuses connections is evicted from the election ({@link #evictAfter} above 0). */
    public boolean evicts() {
        return !evictAfter.isZero();
    }

    /** This configuration with {@link #evictAfter} = {@code after} ({@link Duration#ZERO}: off). */
    public ClusterConfig withEvictAfter(Duration after) {
        return new ClusterConfig(bootstrapServers, nodeId, advertisedUrl, sessionTimeout, kafkaTimeout,
                clientProperties, after);
    }

    /** This configuration with the election's session {@code timeout}. */
    public ClusterConfig withSessionTimeout(Duration timeout) {
        return new ClusterConfig(bootstrapServers, nodeId, advertisedUrl, timeout, kafkaTimeout, clientProperties,
                evictAfter);
    }

    /** Shows the client property names only: their values may be secrets. */
    @Override
    public String toString() {
        return "ClusterConfig[bootstrapServers=" + bootstrapServers + ", nodeId=" + nodeId + ", advertisedUrl="
                + advertisedUrl + ", sessionTimeout=" + sessionTimeout + ", clientProperties="
                + clientProperties.keySet() + ", evictAfter=" + evictAfter + "]";
    }
}
