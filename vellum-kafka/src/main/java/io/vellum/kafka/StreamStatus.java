package io.vellum.kafka;

/** A stream's state, with QLDB's names (DescribeJournalKinesisStream {@code Status}, COMPATIBILITY.md §9). */
public enum StreamStatus {
    /** Delivering, or waiting for new blocks. */
    ACTIVE,
    /** A bounded stream delivered every block before its exclusive end time and its CONTROL COMPLETED record. */
    COMPLETED,
    /** Canceled by request; delivers nothing more. */
    CANCELED,
    /** Stopped by an error that retrying cannot fix (e.g. the topic is not authorised); {@code errorCause} says which. */
    FAILED,
    /** Cannot deliver right now (e.g. Kafka unreachable); retries by itself and turns ACTIVE when it can again. */
    IMPAIRED;

    /** Whether the stream will never deliver again (COMPLETED, CANCELED, FAILED). */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELED || this == FAILED;
    }
}
