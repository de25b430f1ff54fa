package io.vellum.kafka.internal;

import io.vellum.kafka.StreamDefinition;
import io.vellum.kafka.StreamErrorCause;
import io.vellum.kafka.StreamNotActiveException;
import io.vellum.kafka.StreamStatus;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's state as its file holds it: every change is written to the file (forced, atomically) before anyone can
 * read it, so what {@link #get} returns is always durable. A terminal status (COMPLETED, CANCELED, FAILED) is final:
 * a later change that would replace it keeps it (a COMPLETED racing a cancel, a failure after it). Thread-safe;
 * reads take no lock.
 */
final class DurableStreamState {
    private static final Logger LOG = LoggerFactory.getLogger(DurableStreamState.class);

    private final StreamStore store;
    private final Object lock = new Object();
    /** Replaced under {@link #lock} after the file is written. */
    private volatile StreamState state;

    DurableStreamState(StreamState initial, StreamStore store) {
        this.state = initial;
        this.store = store;
    }

    StreamState get() {
        return state;
    }

    StreamDefinition definition() {
        return state.definition();
    }

    /** Advances the position; never moves it back. */
    void checkpoint(long position) {
        if (position > state.nextSequenceNo()) {
            update(current -> position > current.nextSequenceNo() ? current.withPosition(position) : current);
        }
    }

    void markCreatedAcknowledged() {
        update(StreamState::withCreatedAcknowledged);
    }

    /** ACTIVE (or IMPAIRED for another cause) to IMPAIRED; logged once per change. */
    void impair(StreamErrorCause cause, String message) {
        StreamDefinition definition = state.definition();
        if (definition.status() == StreamStatus.ACTIVE || (definition.status() == StreamStatus.IMPAIRED
                && definition.errorCause() != cause)) {
            LOG.warn("Stream {} IMPAIRED ({}): {}", definition.streamId(), cause, message);
            setStatus(StreamStatus.IMPAIRED, cause, message);
        }
    }

    /** IMPAIRED to ACTIVE; nothing otherwise. */
    void activate() {
        if (state.definition().status() == StreamStatus.IMPAIRED) {
            LOG.info("Stream {} ACTIVE again", state.definition().streamId());
            setStatus(StreamStatus.ACTIVE, null, null);
        }
    }

    void fail(StreamErrorCause cause, String message) {
        LOG.error("Stream {} FAILED: {}", state.definition().streamId(), message);
        setStatus(StreamStatus.FAILED, cause, message);
    }

    void complete() {
        LOG.info("Stream {} COMPLETED at block {}", state.definition().streamId(), state.nextSequenceNo());
        setStatus(StreamStatus.COMPLETED, null, null);
    }

    /**
     * CANCELED, written before this returns.
     *
     * @throws StreamNotActiveException when the stream is COMPLETED, CANCELED or FAILED already
     */
    void cancel() {
        synchronized (lock) {
            StreamStatus status = state.definition().status();
            if (status.isTerminal()) {
                throw new StreamNotActiveException(state.definition().streamId(), status);
            }
            setStatus(StreamStatus.CANCELED, null, null);
        }
        LOG.info("Stream {} canceled", state.definition().streamId());
    }

    private void setStatus(StreamStatus status, StreamErrorCause cause, String message) {
        update(current -> current.withDefinition(current.definition().withStatus(status, cause, message)));
    }

    private void update(UnaryOperator<StreamState> change) {
        synchronized (lock) {
            StreamState current = state;
            StreamState next = change.apply(current);
            StreamStatus currentStatus = current.definition().status();
            if (currentStatus.isTerminal() && next.definition().status() != currentStatus) {
                next = next.withDefinition(current.definition());
            }
            if (next.equals(current)) {
                return;
            }
            store.write(next);
            state = next;
        }
    }
}
