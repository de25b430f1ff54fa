package io.vellum.kafka.internal;

import io.vellum.kafka.KafkaTarget;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer configuration of a stream. At-least-once without reordering inside a partition needs an idempotent
 * producer with {@code acks=all}; these, the serializers and the bootstrap servers are fixed, everything else may be
 * set through {@link KafkaTarget#producerProperties()}.
 *
 * <p>Defaults chosen here (overridable): {@code linger.ms=5} (batch a burst of small records), {@code max.block.ms=10000}
 * (a send waiting for metadata of an unreachable cluster fails in 10 s instead of 60 s, so the stream turns IMPAIRED
 * sooner), and {@link BlockPartitioner} as {@code partitioner.class} (all records of a block in one partition).
 * Kafka's own defaults stand for the rest: {@code delivery.timeout.ms=120000} (the producer retries a record for two
 * minutes before the stream restarts from its position), {@code max.in.flight.requests.per.connection=5}.
 */
public final class KafkaProducers {
    private static final Set<String> FIXED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private KafkaProducers() {
    }

    /**
     * Checks a target before a stream is created.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} naming what is wrong
     */
    public static void validate(KafkaTarget target) {
        if (target.bootstrapServers().isBlank()) {
            throw invalid("bootstrapServers must name at least one host:port");
        }
        if (!TOPIC.matcher(target.topic()).matches() || target.topic().equals(".") || target.topic().equals("..")) {
            throw invalid("topic must be 1 to 249 letters, digits, '.', '_' or '-' (not '.' or '..'), got '"
                    + target.topic() + "'");
        }
        for (Map.Entry<String, String> property : target.producerProperties().entrySet()) {
            String name = property.getKey();
            String value = property.getValue() == null ? "" : property.getValue().trim().toLowerCase(Locale.ROOT);
            if (FIXED.contains(name)) {
                throw invalid("producer property " + name + " is set by the stream and cannot be overridden");
            }
            if (name.equals(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG) && !value.equals("true")) {
                throw invalid("enable.idempotence must stay true: without it a retried record may be duplicated or "
                        + "reordered inside a partition");
            }
            if (name.equals(ProducerConfig.ACKS_CONFIG) && !value.equals("all") && !value.equals("-1")) {
                throw invalid("acks must stay all: with fewer acknowledgements an acknowledged record can be lost");
            }
        }
        try {
            // Parses every value by its type and validator, without connecting (or logging, as ProducerConfig would).
            ProducerConfig.configDef().parse(properties(target, "validation"));
        } catch (ConfigException e) {
            throw invalid(e.getMessage());
        }
    }

    /** A producer for {@code target}, named {@code clientId} in the broker's logs and metrics. */
    public static Producer<byte[], byte[]> create(KafkaTarget target, String clientId) {
        return new KafkaProducer<>(properties(target, clientId));
    }

    static Properties properties(KafkaTarget target, String clientId) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, BlockPartitioner.class.getName());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(target.producerProperties());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    private static LedgerException invalid(String message) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, "Invalid Kafka target: " + message);
    }
}
