package io.vellum.kafka;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

/**
 * The stream is COMPLETED, CANCELED or FAILED, and the operation (cancel) needs an ACTIVE or IMPAIRED one. QLDB
 * answers this with {@code ResourcePreconditionNotMetException} (HTTP 412); the code is INVALID_REQUEST so that
 * callers that only know codes still report a client error.
 */
public final class StreamNotActiveException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final StreamStatus status;

    public StreamNotActiveException(String streamId, StreamStatus status) {
        super(ErrorCode.INVALID_REQUEST, "stream " + streamId + " is " + status
                + "; only an ACTIVE or IMPAIRED stream can be canceled");
        this.status = status;
    }

    /** The stream's status when the operation was refused. */
    public StreamStatus status() {
        return status;
    }
}
