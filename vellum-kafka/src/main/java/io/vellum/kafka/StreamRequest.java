package io.vellum.kafka;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a caller asks for when creating a stream (StreamJournalToKinesis, or the native API): every block whose
 * {@code blockTimestamp} is at or after {@code inclusiveStartTime}, including blocks committed before the stream
 * was created, and before {@code exclusiveEndTime} when one is given (a bounded stream, which ends with CONTROL
 * COMPLETED); without one the stream runs until canceled.
 *
 * @param streamName           QLDB's rule: 1 to 128 letters, digits and hyphens, not all digits, no leading,
 *                             trailing or double hyphen
 * @param inclusiveStartTime   not in the future (QLDB's rule); a time before the ledger's creation means "from
 *                             block 0"
 * @param exclusiveEndTime     after {@code inclusiveStartTime}, or null for an unbounded stream
 * @param target               where the records go
 * @param format               message encoding; QLDB's is {@link StreamFormat#ION_BINARY}
 * @param kinesisConfiguration QLDB's request member, echoed by describe; null for streams not created via QLDB's API
 * @param roleArn              QLDB's request member, echoed by describe (no IAM here); may be null
 * @param tags                 QLDB's request member, kept with the stream; never null
 */
public record StreamRequest(String streamName, Instant inclusiveStartTime, Instant exclusiveEndTime,
                            KafkaTarget target, StreamFormat format, KinesisConfiguration kinesisConfiguration,
                            String roleArn, Map<String, String> tags) {
    public static final int MAXIMUM_STREAM_NAME_LENGTH = 128;

    public StreamRequest {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(inclusiveStartTime, "inclusiveStartTime");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** A stream to an explicit Kafka target (the native API's form). */
    public static StreamRequest toKafka(String streamName, Instant inclusiveStartTime, Instant exclusiveEndTime,
            KafkaTarget target, StreamFormat format) {
        return new StreamRequest(streamName, inclusiveStartTime, exclusiveEndTime, target, format, null, null,
                Map.of());
    }

    /**
     * A stream as QLDB's StreamJournalToKinesis asks for it: Ion binary records to the topic {@code connection} maps
     * the Kinesis stream ARN to.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when the ARN is not a Kinesis stream ARN
     */
    public static StreamRequest fromKinesis(String streamName, Instant inclusiveStartTime, Instant exclusiveEndTime,
            KinesisConfiguration kinesis, String roleArn, Map<String, String> tags, KafkaConnection connection) {
        return new StreamRequest(streamName, inclusiveStartTime, exclusiveEndTime, connection.target(kinesis),
                StreamFormat.ION_BINARY, kinesis, roleArn, tags);
    }

    /**
     * Checks the rules that do not depend on time or ledger: the stream name, the time order, the target.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} naming the broken rule
     */
    public void validate() {
        String violation = streamNameViolation(streamName);
        if (violation != null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Invalid StreamName: " + violation);
        }
        if (exclusiveEndTime != null && !inclusiveStartTime.isBefore(exclusiveEndTime)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "InclusiveStartTime " + inclusiveStartTime
                    + " must be before ExclusiveEndTime " + exclusiveEndTime);
        }
        io.vellum.kafka.internal.KafkaProducers.validate(target);
    }

    /**
     * Which part of QLDB's stream-name rule {@code name} breaks (see {@code streamName} above), or null when it is a
     * valid stream name. Public so that an API layer can name the request member at fault before creating a stream.
     */
    public static String streamNameViolation(String name) {
        if (name.isEmpty()) {
            return "a stream name must not be empty";
        }
        if (name.length() > MAXIMUM_STREAM_NAME_LENGTH) {
            return "a stream name has at most " + MAXIMUM_STREAM_NAME_LENGTH + " characters, '" + name + "' has "
                    + name.length();
        }
        boolean allDigits = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && c != '-') {
                return "a stream name may contain only letters, digits and hyphens; '" + name + "' contains '" + c
                        + "'";
            }
            allDigits &= c >= '0' && c <= '9';
        }
        if (allDigits) {
            return "a stream name must not consist of digits only: '" + name + "'";
        }
        if (name.startsWith("-") || name.endsWith("-") || name.contains("--")) {
            return "a stream name must not start or end with a hyphen or contain two in a row: '" + name + "'";
        }
        return null;
    }
}
