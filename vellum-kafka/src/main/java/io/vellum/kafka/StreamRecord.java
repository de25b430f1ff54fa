package io.vellum.kafka;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonTextWriterBuilder;
import io.vellum.kafka.internal.JsonText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One QLDB stream record: the Ion struct {@code {qldbStreamArn, recordType, payload}} (COMPATIBILITY.md §11.2) and where it
 * comes from.
 *
 * <p>Records of a block are numbered: {@code recordIndex} 0 is the block's BLOCK_SUMMARY, 1..n its REVISION_DETAILS
 * in the order of the block's revisions. The message key ({@link #key}) is built from them, so every record of a
 * stream has a distinct key and a redelivered record has the same key as before: a consumer deduplicates by key.
 *
 * <p>Immutable and thread-safe: {@code value} is read-only.
 *
 * @param recordType  CONTROL, BLOCK_SUMMARY or REVISION_DETAILS
 * @param controlType for CONTROL records, CREATED or COMPLETED; null otherwise
 * @param sequenceNo  the block's sequence number; -1 for CONTROL records
 * @param recordIndex 0 for BLOCK_SUMMARY (and CONTROL), 1..n for the block's REVISION_DETAILS
 * @param value       the record as Ion, read-only
 */
public record StreamRecord(RecordType recordType, ControlRecordType controlType, long sequenceNo, int recordIndex,
                           IonStruct value) {
    public StreamRecord {
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(value, "value");
        if ((recordType == RecordType.CONTROL) != (controlType != null)) {
            throw new IllegalArgumentException("controlType is required for CONTROL records and only for them");
        }
        if (!value.isReadOnly()) {
            value = value.clone();
            value.makeReadOnly();
        }
    }

    /**
     * The Kafka message key: {@code <streamId>/<sequenceNo>/<recordIndex>} for block records (e.g.
     * {@code 7ISCkqwe4y25YyHLzYUFAf/42/0} for block 42's BLOCK_SUMMARY) and {@code <streamId>/CREATED} or
     * {@code <streamId>/COMPLETED} for CONTROL records. Unique per record of a stream and stable across
     * redeliveries.
     */
    public String key(String streamId) {
        return recordType == RecordType.CONTROL
                ? streamId + "/" + controlType
                : streamId + "/" + sequenceNo + "/" + recordIndex;
    }

    /** The record encoded as one message value in {@code format}. */
    public byte[] encode(StreamFormat format) {
        return switch (format) {
            case ION_BINARY -> ionBinary();
            case ION_TEXT -> ionText().getBytes(StandardCharsets.UTF_8);
            case JSON -> toJson().getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The record as one line of JSON, down-converted as documented on {@link StreamFormat}. */
    public String toJson() {
        return JsonText.of(value);
    }

    private byte[] ionBinary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing Ion to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private String ionText() {
        StringBuilder out = new StringBuilder(512);
        try (IonWriter writer = IonTextWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing Ion to memory cannot fail", e);
        }
        return out.toString();
    }
}
