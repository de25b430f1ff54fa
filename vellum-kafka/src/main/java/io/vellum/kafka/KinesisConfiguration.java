package io.vellum.kafka;

import java.util.Objects;

/**
 * QLDB's {@code KinesisConfiguration} as a StreamJournalToKinesis request gave it, kept so that
 * DescribeJournalKinesisStream can return it unchanged. Where the records really go is the stream's
 * {@link KafkaTarget}, derived by {@link KafkaConnection#target(KinesisConfiguration)}.
 *
 * @param streamArn          {@code arn:aws:kinesis:<region>:<account>:stream/<name>}
 * @param aggregationEnabled echoed only: each record is always one Kafka message (Kafka batches messages itself, so
 *                           KPL aggregation has no counterpart)
 */
public record KinesisConfiguration(String streamArn, boolean aggregationEnabled) {
    public KinesisConfiguration {
        Objects.requireNonNull(streamArn, "streamArn");
    }
}
