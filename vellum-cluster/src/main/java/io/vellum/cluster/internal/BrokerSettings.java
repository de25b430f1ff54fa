package io.vellum.cluster.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker settings that cost a replicated writer most of its throughput when left at Kafka's defaults, checked once
 * when a node joins (a WARN naming the setting, the brokers and the value to set; nothing else changes).
 *
 * <p>{@value #TRANSACTION_CHECK_RETRY}: a writer's next Kafka transaction reaches the ledger's partition while the
 * transaction coordinator still writes the previous transaction's commit markers; the partition leader then asks
 * the coordinator again after this many milliseconds (Kafka's default 20), so every back-to-back transaction waited
 * about 20 ms for markers written in a few (docs/CLUSTER.md, "Where a Kafka transaction's time went").
 */
public final class BrokerSettings {
    /** The broker setting of the partition leader's retry interval while the previous transaction completes. */
    public static final String TRANSACTION_CHECK_RETRY = "add.partitions.to.txn.retry.backoff.ms";
    /** The largest value of {@link #TRANSACTION_CHECK_RETRY} not worth a warning. */
    public static final int TRANSACTION_CHECK_RETRY_ADVISED_MAX = 5;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSettings.class);

    private BrokerSettings() {
    }

    /**
     * What to change, given each broker's value of {@link #TRANSACTION_CHECK_RETRY} (broker id → value; a missing
     * or unreadable value is not judged).
     *
     * @return one sentence per setting to change, empty when none
     */
    public static List<String> advice(Map<Integer, String> transactionCheckRetryByBroker) {
        Map<Integer, String> tooSlow = new TreeMap<>();
        transactionCheckRetryByBroker.forEach((broker, value) -> {
            try {
                if (value != null && Long.parseLong(value.trim()) > TRANSACTION_CHECK_RETRY_ADVISED_MAX) {
                    tooSlow.put(broker, value.trim());
                }
            } catch (NumberFormatException e) {
                // not a number: the broker would not have started with it; nothing to judge
            }
        });
        List<String> advice = new ArrayList<>();
        if (!tooSlow.isEmpty()) {
            advice.add("Kafka brokers " + tooSlow + " (broker id=value) have " + TRANSACTION_CHECK_RETRY + " above "
                    + TRANSACTION_CHECK_RETRY_ADVISED_MAX + " ms: each writer's back-to-back Kafka transaction waits "
                    + "up to that long for the previous one's commit markers; set " + TRANSACTION_CHECK_RETRY
                    + "=1 on every broker (docs/CLUSTER.md, Operator's settings)");
        }
        return advice;
    }

    /**
     * {@link #warnAboutSlowSettings} on a daemon thread of its own with its own admin client, so that a broker slow
     * to answer never delays a node's start.
     *
     * @param adminConfigs the admin client's settings (bootstrap servers, security)
     */
    public static void warnAboutSlowSettingsInBackground(Map<String, Object> adminConfigs, Duration timeout) {
        Thread check = new Thread(() -> {
            try (Admin admin = Admin.create(adminConfigs)) {
                warnAboutSlowSettings(admin, timeout);
            } catch (RuntimeException e) {
                LOG.debug("Kafka brokers' settings not checked: {}", e.toString());
            }
        }, "vellum-broker-settings-check");
        check.setDaemon(true);
        check.start();
    }

    /**
     * Reads the brokers' settings and logs {@link #advice} as WARNs. Best effort: a broker that does not answer in
     * {@code timeout} or refuses (no DescribeConfigs permission) is skipped, logged at DEBUG.
     */
    public static void warnAboutSlowSettings(Admin admin, Duration timeout) {
        try {
            Map<Integer, String> values = new TreeMap<>();
            List<ConfigResource> brokers = new ArrayList<>();
            for (Node node : admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                brokers.add(new ConfigResource(ConfigResource.Type.BROKER, node.idString()));
            }
            Map<ConfigResource, Config> configs = admin.describeConfigs(brokers).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            configs.forEach((broker, config) -> {
                ConfigEntry entry = config.get(TRANSACTION_CHECK_RETRY);
                if (entry != null) {
                    values.put(Integer.parseInt(broker.name()), entry.value());
                }
            });
            advice(values).forEach(LOG::warn);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Kafka brokers' settings not checked: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
