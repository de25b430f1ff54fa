package io.vellum.kafka;

/**
 * Why a stream is {@link StreamStatus#IMPAIRED} or {@link StreamStatus#FAILED}. QLDB's API knows only two causes;
 * {@link #qldbErrorCause()} maps ours onto them for {@code DescribeJournalKinesisStream}.
 */
public enum StreamErrorCause {
    /** No acknowledgement from Kafka in time, or a connection or request failed (IMPAIRED; retried). */
    KAFKA_UNAVAILABLE(null),
    /** The topic does not exist and the cluster does not create it (IMPAIRED; retried until it exists). */
    KAFKA_TOPIC_NOT_FOUND("KINESIS_STREAM_NOT_FOUND"),
    /** Authentication or authorisation failed, e.g. no WRITE permission on the topic (FAILED). */
    KAFKA_ACCESS_DENIED("IAM_PERMISSION_REVOKED"),
    /**
     * Kafka refused a record or the producer configuration for good: a record larger than the topic's or producer's
     * limit, an invalid topic name, an unsupported broker version, a bad producer property (FAILED).
     */
    KAFKA_RECORD_REJECTED(null),
    /** The ledger is not open (closed, being reopened, deleted) (IMPAIRED; retried). */
    LEDGER_UNAVAILABLE(null),
    /** Reading the journal found damage (CORRUPTION); the stream cannot pass the block (FAILED). */
    LEDGER_DAMAGED(null),
    /** An error this module does not know (IMPAIRED; retried, and logged with its stack trace). */
    UNEXPECTED_ERROR(null);

    private final String qldbErrorCause;

    StreamErrorCause(String qldbErrorCause) {
        this.qldbErrorCause = qldbErrorCause;
    }

    /** QLDB's {@code ErrorCause} value for this cause, or null where QLDB has none (leave the member out then). */
    public String qldbErrorCause() {
        return qldbErrorCause;
    }
}
