package io.vellum.kafka;

/** The {@code payload.controlRecordType} of a {@link RecordType#CONTROL} record. */
public enum ControlRecordType {
    /** Sent first, when the stream starts delivering. */
    CREATED,
    /** Sent last by a bounded stream, after every block before its exclusive end time was acknowledged. */
    COMPLETED
}
