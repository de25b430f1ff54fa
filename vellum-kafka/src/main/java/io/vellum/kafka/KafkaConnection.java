package io.vellum.kafka;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka cluster that stands in for Amazon Kinesis: streams created through QLDB's API
 * (StreamJournalToKinesis) name a Kinesis data stream by ARN, and this connection turns it into a
 * {@link KafkaTarget}:
 *
 * <pre>
 * KinesisConfiguration.StreamArn   arn:aws:kinesis:&lt;region&gt;:&lt;account&gt;:stream/&lt;name&gt;
 * KafkaTarget                      bootstrapServers and producerProperties of this connection, topic &lt;name&gt;
 * </pre>
 *
 * Region and account are ignored (there is one cluster). Kinesis stream names ({@code [a-zA-Z0-9_.-]}, at most 128
 * characters) are always valid Kafka topic names, so the name is used unchanged. The native API can instead give an
 * explicit {@link KafkaTarget}.
 *
 * @param bootstrapServers   {@code host:port[,host:port…]} of the cluster (the server's configuration)
 * @param producerProperties extra producer configs for every stream created through it (see {@link KafkaTarget})
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> producerProperties) {
    private static final Pattern KINESIS_STREAM_ARN = Pattern.compile(
            "arn:aws(?:-[a-z]+)*:kinesis:[a-z0-9-]*:[0-9]*:stream/([a-zA-Z0-9_.-]{1,128})");

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        producerProperties = producerProperties == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(producerProperties));
    }

    public KafkaConnection(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * The Kafka target for a QLDB Kinesis configuration: this cluster, topic = the Kinesis stream's name.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when {@code streamArn} is not a Kinesis stream ARN
     */
    public KafkaTarget target(KinesisConfiguration kinesis) {
        return new KafkaTarget(bootstrapServers, topicOf(kinesis.streamArn()), producerProperties);
    }

    /**
     * The topic a Kinesis stream ARN names ({@code arn:aws:kinesis:us-east-1:123456789012:stream/stream-for-qldb} →
     * {@code stream-for-qldb}).
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when {@code streamArn} is not a Kinesis stream ARN
     */
    public static String topicOf(String streamArn) {
        Matcher matcher = KINESIS_STREAM_ARN.matcher(streamArn == null ? "" : streamArn);
        if (!matcher.matches()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "KinesisConfiguration.StreamArn must be "
                    + "arn:aws:kinesis:<region>:<account>:stream/<name> with a name of letters, digits, '_', '.' and "
                    + "'-' (at most 128), got '" + streamArn + "'");
        }
        return matcher.group(1);
    }

    /** Shows the producer property names only: their values may be secrets. */
    @Override
    public String toString() {
        return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", producerProperties="
                + producerProperties.keySet() + "]";
    }
}
