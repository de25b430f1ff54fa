package io.vellum.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.internal.BrokerSettings;
import io.vellum.cluster.internal.KafkaClients;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The check of the brokers' settings a replicated writer's throughput depends on. */
class BrokerSettingsTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @Test
    void aBrokerLeftAtKafkasDefaultTransactionCheckRetryIsNamedInAWarning() {
        try (Admin admin = new KafkaClients(KAFKA.kafka().bootstrapServers(), Map.of()).admin();
             CapturedLog log = new CapturedLog()) {
            BrokerSettings.warnAboutSlowSettings(admin, Duration.ofSeconds(30));

            assertThat(log.lines(BrokerSettings.class.getName(), "add.partitions.to.txn.retry.backoff.ms"))
                    .singleElement().asString()
                    .contains(" WARN " + BrokerSettings.class.getName())
                    .contains("Kafka brokers {1=20} (broker id=value)", "set add.partitions.to.txn.retry.backoff.ms=1");
        }
    }

    @Test
    void onlyBrokersAboveFiveMillisecondsAreNamed() {
        assertThat(BrokerSettings.advice(Map.of(1, "1", 2, "5", 3, "2"))).isEmpty();
        assertThat(BrokerSettings.advice(Map.of(1, "1", 2, "20", 3, "100")))
                .singleElement().asString().startsWith("Kafka brokers {2=20, 3=100} (broker id=value) have "
                        + "add.partitions.to.txn.retry.backoff.ms above 5 ms");
    }
}
