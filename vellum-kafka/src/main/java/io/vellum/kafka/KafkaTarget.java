package io.vellum.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a stream's records go: a Kafka cluster, a topic and producer properties.
 *
 * <p>{@code producerProperties} are Kafka producer configs ({@code compression.type}, {@code linger.ms},
 * {@code security.protocol}, {@code sasl.jaas.config}, …) applied over the stream's defaults. The ones the delivery
 * guarantee rests on are fixed and may not be overridden: {@code bootstrap.servers} (use the field),
 * {@code key.serializer}/{@code value.serializer}, {@code transactional.id}, {@code enable.idempotence} (true) and
 * {@code acks} (all); {@link StreamManager#create} rejects a request that sets them otherwise. The properties are
 * stored with the stream's definition in its file (owner-only permissions where the file system has them), so
 * secrets in them are as safe as the data directory.
 *
 * @param bootstrapServers {@code host:port[,host:port…]}
 * @param topic            Kafka topic name
 * @param producerProperties extra producer configs; copied, never null
 */
public record KafkaTarget(String bootstrapServers, String topic, Map<String, String> producerProperties) {
    public KafkaTarget {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        producerProperties = producerProperties == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(producerProperties));
    }

    /** A target with no extra producer properties. */
    public KafkaTarget(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Map.of());
    }

    /** Shows the producer property names only: their values may be secrets. */
    @Override
    public String toString() {
        return "KafkaTarget[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", producerProperties="
                + producerProperties.keySet() + "]";
    }
}
