package io.vellum.cluster.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches a ledger topic created before redaction reached cluster mode ({@code cleanup.policy=delete}, which with
 * unlimited retention keeps every record forever) to {@code cleanup.policy=compact}, so that a redaction's redacted
 * forms supersede the original records. Keys are unique but for redacted forms, so compaction removes nothing else.
 *
 * <p>Not fatal when Kafka refuses (an ACL without AlterConfigs, a timeout): the ledger works as before, redactions
 * included, but their bytes stay in Kafka until an operator sets the policy
 * ({@code kafka-configs.sh --alter --entity-type topics --entity-name vellum.ledger.L --add-config
 * cleanup.policy=compact}); a WARN says so.
 */
final class TopicCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCompaction.class);
    static final String POLICY = "cleanup.policy";

    private TopicCompaction() {
    }

    /** Sets {@code cleanup.policy=compact} on the topic unless its policy includes compaction already. */
    static void ensureCompacted(Admin admin, LedgerTopic topic, Duration timeout) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry policy = config == null ? null : config.get(POLICY);
            if (policy != null && policy.value() != null && policy.value().contains("compact")) {
                return;
            }
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(POLICY,
                    "compact"), AlterConfigOp.OpType.SET)))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Ledger {}: topic {} switched from cleanup.policy={} to compact, so that redacted data leaves "
                    + "Kafka (block keys are unique: compaction removes only records a redaction superseded)",
                    topic.ledger(), topic.name(), policy == null ? "(unknown)" : policy.value());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            warn(topic, e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warn(topic, e);
        }
    }

    private static void warn(LedgerTopic topic, Throwable cause) {
        LOG.warn("Ledger {}: could not switch topic {} to cleanup.policy=compact ({}); until an operator does "
                + "(kafka-configs.sh --alter --entity-type topics --entity-name {} --add-config "
                + "cleanup.policy=compact), redacted data stays in Kafka", topic.ledger(), topic.name(),
                cause.getClass().getSimpleName(), topic.name());
    }
}
