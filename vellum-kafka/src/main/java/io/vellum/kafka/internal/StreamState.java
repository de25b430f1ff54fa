package io.vellum.kafka.internal;

import io.vellum.kafka.StreamDefinition;
import java.util.Objects;

/**
 * Everything a stream persists: its definition (with status) and its position.
 *
 * @param definition          the stream and its current status
 * @param nextSequenceNo      the next block to send: every block before it was acknowledged by Kafka (or lies
 *                            before the start time)
 * @param createdAcknowledged whether Kafka acknowledged the CONTROL CREATED record (sent once, before any block)
 */
public record StreamState(StreamDefinition definition, long nextSequenceNo, boolean createdAcknowledged) {
    public StreamState {
        Objects.requireNonNull(definition, "definition");
        if (nextSequenceNo < 0) {
            throw new IllegalArgumentException("nextSequenceNo must be >= 0, got " + nextSequenceNo);
        }
    }

    public StreamState withDefinition(StreamDefinition newDefinition) {
        return new StreamState(newDefinition, nextSequenceNo, createdAcknowledged);
    }

    public StreamState withPosition(long newNextSequenceNo) {
        return new StreamState(definition, newNextSequenceNo, createdAcknowledged);
    }

    public StreamState withCreatedAcknowledged() {
        return new StreamState(definition, nextSequenceNo, true);
    }
}
