package io.vellum.cli;

import io.vellum.server.cluster.ClusterConfig;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code vellum serve}'s cluster mode: {@code --cluster --kafka-bootstrap-servers HOST:PORT --node-id N
 * --advertised-url URL} on every node. The ledgers are replicated through that Kafka cluster (which then also
 * carries the journal streams). Every node must check signatures with the same key pair: give each the same
 * {@code --access-key-id/--secret-access-key} (or env), or copy the first node's {@code <data>/credentials}; a node
 * in cluster mode never generates keys. The embedded wallet does not run in cluster mode (point a wallet at the
 * cluster with its {@code --ledger-endpoint}).
 */
final class ClusterOptions {
    @Option(names = "--cluster", description = "run as a node of a cluster: ledgers replicated through the Kafka"
            + " cluster of --kafka-bootstrap-servers, one writer per ledger, any node serves any client; needs"
            + " --node-id, --advertised-url and the cluster's shared key pair")
    boolean enabled;

    @Option(names = "--node-id", paramLabel = "ID", description = "this node's id in the cluster, unique (letters,"
            + " digits, '.', '_', '-')")
    String nodeId;

    @Option(names = "--advertised-url", paramLabel = "URL", description = "where the other nodes reach this node"
            + " (http(s)://host:port); requests for ledgers this node writes are forwarded there")
    URI advertisedUrl;

    @Option(names = "--cluster-session-timeout", paramLabel = "MILLIS", description = "a node silent this long"
            + " loses its ledgers to the others (failover time; shorter also deposes nodes that only pause;"
            + " at least the broker's group.min.session.timeout.ms; default: ${DEFAULT-VALUE})",
            defaultValue = "6000")
    int sessionTimeoutMillis;

    @Option(names = "--cluster-evict-after", paramLabel = "MILLIS", description = "evict a ledger's writer from the"
            + " election when its address has refused every connection this long (its process is gone): its"
            + " ledgers move at once instead of after the session; 0 turns eviction off (then a dead writer is"
            + " replaced after --cluster-session-timeout); default: ${DEFAULT-VALUE}", defaultValue = "1500")
    int evictAfterMillis;

    /**
     * The cluster configuration, or null without {@code --cluster}.
     *
     * @throws IllegalArgumentException naming the missing or wrong option
     */
    ClusterConfig config(String kafkaBootstrapServers) {
        if (!enabled) {
            if (nodeId != null || advertisedUrl != null) {
                throw new IllegalArgumentException("--node-id and --advertised-url need --cluster");
            }
            return null;
        }
        if (kafkaBootstrapServers == null) {
            throw new IllegalArgumentException("--cluster needs --kafka-bootstrap-servers");
        }
        if (nodeId == null || advertisedUrl == null) {
            throw new IllegalArgumentException("--cluster needs --node-id and --advertised-url");
        }
        if (evictAfterMillis < 0) {
            throw new IllegalArgumentException("--cluster-evict-after must be 0 (off) or positive, not "
                    + evictAfterMillis);
        }
        return new ClusterConfig(kafkaBootstrapServers, nodeId, advertisedUrl,
                Duration.ofMillis(sessionTimeoutMillis), ClusterConfig.DEFAULT_KAFKA_TIMEOUT, java.util.Map.of(),
                Duration.ofMillis(evictAfterMillis));
    }
}
