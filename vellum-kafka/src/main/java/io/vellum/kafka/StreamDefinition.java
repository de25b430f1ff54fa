package io.vellum.kafka;

import java.time.Instant;
import java.util.Objects;

/**
 * A stream as DescribeJournalKinesisStream and ListJournalKinesisStreamsForLedger show it: the request it was
 * created with, its identity, and its current status. A snapshot: {@link StreamManager#describe} returns a new one
 * as the status changes. Immutable.
 *
 * @param streamId     22-character Base62 id
 * @param arn          {@code arn:aws:qldb:<region>:<account>:stream/<ledgerName>/<streamId>}; also every record's
 *                     {@code qldbStreamArn}
 * @param ledgerName   the streamed ledger
 * @param creationTime when the stream was created
 * @param request      what was asked for (name, times, target, format, QLDB members)
 * @param status       ACTIVE, IMPAIRED, COMPLETED, CANCELED or FAILED
 * @param errorCause   why IMPAIRED or FAILED; null otherwise
 * @param errorMessage the error in words (for logs and the native API); null when {@code errorCause} is
 */
public record StreamDefinition(String streamId, String arn, String ledgerName, Instant creationTime,
                               StreamRequest request, StreamStatus status, StreamErrorCause errorCause,
                               String errorMessage) {
    public StreamDefinition {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(ledgerName, "ledgerName");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        if ((errorCause == null) != (errorMessage == null)) {
            throw new IllegalArgumentException("errorCause and errorMessage come together");
        }
    }

    /** {@code arn:aws:qldb:<region>:<account>:stream/<ledgerName>/<streamId>}, QLDB's stream ARN. */
    public static String arn(String region, String accountId, String ledgerName, String streamId) {
        return "arn:aws:qldb:" + region + ":" + accountId + ":stream/" + ledgerName + "/" + streamId;
    }

    /** This definition with another status; {@code errorCause} and {@code errorMessage} null to clear them. */
    public StreamDefinition withStatus(StreamStatus newStatus, StreamErrorCause cause, String message) {
        return new StreamDefinition(streamId, arn, ledgerName, creationTime, request, newStatus, cause, message);
    }
}
