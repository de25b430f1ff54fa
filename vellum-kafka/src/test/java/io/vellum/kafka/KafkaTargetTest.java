package io.vellum.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping from QLDB's Kinesis configuration to Kafka, and what a request may ask for. */
class KafkaTargetTest {
    private static final KafkaConnection CONNECTION = new KafkaConnection("broker-1:9092,broker-2:9092",
            Map.of("compression.type", "zstd"));

    @Test
    void aKinesisStreamArnNamesTheTopic() {
        KinesisConfiguration kinesis = new KinesisConfiguration(
                "arn:aws:kinesis:us-east-1:123456789012:stream/stream-for-qldb", true);

        KafkaTarget target = CONNECTION.target(kinesis);

        assertThat(target).isEqualTo(new KafkaTarget("broker-1:9092,broker-2:9092", "stream-for-qldb",
                Map.of("compression.type", "zstd")));
        assertThat(KafkaConnection.topicOf("arn:aws-cn:kinesis:cn-north-1:1:stream/a.b_c-d")).isEqualTo("a.b_c-d");
    }

    @Test
    void whatIsNotAKinesisStreamArnIsRefused() {
        for (String arn : new String[] {"stream-for-qldb", "arn:aws:sqs:us-east-1:1:stream/x",
                "arn:aws:kinesis:us-east-1:1:stream/", "arn:aws:kinesis:us-east-1:1:stream/a/b",
                "arn:aws:kinesis:us-east-1:1:stream/with space"}) {
            assertThatThrownBy(() -> KafkaConnection.topicOf(arn)).as(arn)
                    .isInstanceOfSatisfying(LedgerException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining("StreamArn");
        }
    }

    @Test
    void aStreamJournalToKinesisRequestKeepsItsQldbMembers() {
        KinesisConfiguration kinesis = new KinesisConfiguration(
                "arn:aws:kinesis:us-east-1:123456789012:stream/stream-for-qldb", false);
        StreamRequest request = StreamRequest.fromKinesis("myExampleLedger-stream",
                Instant.parse("2020-05-29T00:00:00Z"), Instant.parse("2020-05-29T23:59:59Z"), kinesis,
                "arn:aws:iam::123456789012:role/my-kinesis-stream-role", Map.of("k", "v"), CONNECTION);

        request.validate();
        assertThat(request.format()).isEqualTo(StreamFormat.ION_BINARY);
        assertThat(request.kinesisConfiguration()).isEqualTo(kinesis);
        assertThat(request.target().topic()).isEqualTo("stream-for-qldb");
        assertThat(request.tags()).containsEntry("k", "v");
    }

    @Test
    void guaranteesCannotBeConfiguredAway() {
        for (Map<String, String> properties : List.of(Map.of("acks", "1"), Map.of("enable.idempotence", "false"),
                Map.of("bootstrap.servers", "elsewhere:9092"), Map.of("transactional.id", "t"),
                Map.of("value.serializer", "x"))) {
            StreamRequest request = StreamRequest.toKafka("s", Instant.EPOCH, null,
                    new KafkaTarget("h:1", "t", properties), StreamFormat.ION_BINARY);
            assertThatThrownBy(request::validate).as(properties.toString()).isInstanceOf(LedgerException.class)
                    .hasMessageContaining(properties.keySet().iterator().next());
        }
        assertThatThrownBy(() -> StreamRequest.toKafka("s", Instant.EPOCH, null, new KafkaTarget("h:1", "t",
                Map.of("linger.ms", "soon")), StreamFormat.ION_BINARY).validate()).hasMessageContaining("linger.ms");
        StreamRequest.toKafka("s", Instant.EPOCH, null, new KafkaTarget("h:1", "t", Map.of("acks", "all",
                "enable.idempotence", "true", "linger.ms", "50")), StreamFormat.ION_BINARY).validate();
    }

    @Test
    void streamNamesFollowQldbsRule() {
        for (String good : new String[] {"a", "myExampleLedger-stream", "x".repeat(128), "1a"}) {
            StreamRequest.toKafka(good, Instant.EPOCH, null, new KafkaTarget("h:1", "t"), StreamFormat.JSON).validate();
        }
        for (String bad : new String[] {"", "123", "-a", "a-", "a--b", "a_b", "x".repeat(129)}) {
            assertThatThrownBy(() -> StreamRequest.toKafka(bad, Instant.EPOCH, null, new KafkaTarget("h:1", "t"),
                    StreamFormat.JSON).validate()).as(bad).hasMessageContaining("StreamName");
        }
        assertThatThrownBy(() -> StreamRequest.toKafka("s", Instant.EPOCH, Instant.EPOCH, new KafkaTarget("h:1", "t"),
                StreamFormat.JSON).validate()).hasMessageContaining("ExclusiveEndTime");
    }

    @Test
    void producerPropertyValuesStayOutOfToString() {
        assertThat(new KafkaTarget("h:1", "t", Map.of("sasl.jaas.config", "password=hunter2")).toString())
                .contains("sasl.jaas.config").doesNotContain("hunter2");
    }
}
