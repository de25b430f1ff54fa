package io.vellum.cluster.internal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the cluster's own topics (election, catalog) unless they exist; an existing topic is used as it is. */
public final class ClusterTopics {
    private ClusterTopics() {
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions and replication factor min(3, brokers), plus
     * {@code configs}, unless it exists.
     *
     * @throws LedgerException UNAVAILABLE when Kafka does not answer in time or refuses
     */
    public static void ensureExists(Admin admin, String topic, int partitions, Map<String, String> configs,
                                    Duration timeout) {
        try {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            short replicas = (short) Math.max(1, Math.min(3, brokers));
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicas).configs(configs))).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot create topic " + topic + ": "
                        + e.getCause().getClass().getSimpleName(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "Kafka did not create topic " + topic + " within "
                    + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while creating topic " + topic, e);
        }
    }
}
