package io.vellum.kafka.internal;

import io.vellum.kafka.StreamDefinition;
import io.vellum.kafka.StreamFormat;
import io.vellum.kafka.StreamRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Kafka messages of one stream: key {@link StreamRecord#key}, value the record in the stream's format, headers
 * {@code recordType}, {@code sequenceNo} (block records only) and {@code contentType}. No timestamp is set, so the
 * producer stamps the send time: the commit time is in the payload, and blocks replayed from long ago must not fall
 * to time-based retention the moment they arrive. Immutable and thread-safe.
 */
final class StreamMessages {
    private final String streamId;
    private final String topic;
    private final StreamFormat format;
    private final Header contentType;

    StreamMessages(StreamDefinition definition) {
        this.streamId = definition.streamId();
        this.topic = definition.request().target().topic();
        this.format = definition.request().format();
        this.contentType = header("contentType", format.contentType());
    }

    ProducerRecord<byte[], byte[]> of(StreamRecord record) {
        Header recordType = header("recordType", record.recordType().name());
        List<Header> headers = record.sequenceNo() >= 0
                ? List.of(recordType, header("sequenceNo", Long.toString(record.sequenceNo())), contentType)
                : List.of(recordType, contentType);
        return new ProducerRecord<>(topic, null, null, record.key(streamId).getBytes(StandardCharsets.UTF_8),
                record.encode(format), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
