package io.vellum.bench.cluster;

import io.vellum.testkit.kafka.InProcessKafkaCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Three real Kafka brokers in this JVM (the test kit's {@link InProcessKafkaCluster}: KRaft, each broker also one of
 * the three controller voters), on free local ports with their logs under a given folder: the smallest Kafka cluster
 * an operator would run under Vellum's cluster mode, so ledger topics get replication factor 3 and
 * {@code min.insync.replicas=2}, and the transaction state log is replicated like the ledgers' topics.
 *
 * <p>Broker settings a benchmark on two shared cores needs, each also what an operator of a small cluster may use:
 * one network thread and two request handler threads per broker, one partition for the transaction state and
 * consumer offsets topics (Vellum uses one transactional id per ledger and one consumer group), no initial
 * rebalance delay, and a 1 ms retry of the partition leader's transaction check
 * ({@code add.partitions.to.txn.retry.backoff.ms}, see docs/CLUSTER.md "Operator's settings"). Everything else is Kafka's default; {@code -Dvellum.bench.brokerConfig=key=value,key=value}
 * adds or overrides broker settings (to measure one).
 */
final class ThreeBrokerKafka implements AutoCloseable {
    private final InProcessKafkaCluster cluster;

    ThreeBrokerKafka(Path directory) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("min.insync.replicas", "2");
        // A writer's next transaction reaches the ledger's partition while the coordinator still writes the
        // previous one's commit markers; the partition leader re-checks every this many ms (Kafka's 20 ms
        // default made every back-to-back transaction wait ~20 ms for markers done in a few).
        settings.put("add.partitions.to.txn.retry.backoff.ms", "1");
        String extra = System.getProperty("vellum.bench.brokerConfig", "");
        for (String setting : extra.split(",")) {
            if (setting.contains("=")) {
                settings.put(setting.substring(0, setting.indexOf('=')).trim(),
                        setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        cluster = new InProcessKafkaCluster(directory, 3, settings);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
