package io.vellum.server.session;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

/**
 * A Session API failure with the QLDB error type and HTTP status the client must see (COMPATIBILITY.md §8.3). Part of the one
 * {@link LedgerException} hierarchy; {@link #of} maps engine failures.
 */
final class SessionException extends LedgerException {
    private static final long serialVersionUID = 1L;

    static final String BAD_REQUEST = "BadRequestException";
    static final String INVALID_SESSION = "InvalidSessionException";
    static final String OCC_CONFLICT = "OccConflictException";
    static final String LIMIT_EXCEEDED = "LimitExceededException";
    static final String CAPACITY_EXCEEDED = "CapacityExceededException";
    static final String INTERNAL_FAILURE = "InternalFailure";

    private final String errorType;
    private final int httpStatus;

    private SessionException(ErrorCode code, String errorType, int httpStatus, String message, Throwable cause) {
        super(code, message, cause);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
    }

    /** 400 BadRequestException: the driver aborts and surfaces it without retrying. */
    static SessionException badRequest(String message) {
        return new SessionException(ErrorCode.INVALID_REQUEST, BAD_REQUEST, 400, message, null);
    }

    /**
     * 400 InvalidSessionException: the driver replaces the session and retries, unless the message matches
     * {@code Transaction.*has expired.*}, which it surfaces after an abort.
     */
    static SessionException invalidSession(String message) {
        return new SessionException(ErrorCode.INVALID_REQUEST, INVALID_SESSION, 400, message, null);
    }

    /** 400 InvalidSessionException "Transaction &lt;id&gt; has expired" — wording fixed: drivers match it. */
    static SessionException transactionExpired(String transactionId) {
        return new SessionException(ErrorCode.TRANSACTION_EXPIRED, INVALID_SESSION, 400,
                "Transaction " + transactionId + " has expired", null);
    }

    /** 400 LimitExceededException (e.g. the active-session quota). */
    static SessionException limitExceeded(String message) {
        return new SessionException(ErrorCode.LIMIT_EXCEEDED, LIMIT_EXCEEDED, 400, message, null);
    }

    /**
     * Maps an engine failure: OCC_CONFLICT → 400 OccConflictException (the transaction is already aborted);
     * TRANSACTION_EXPIRED → 400 InvalidSessionException with the engine's "Transaction &lt;id&gt; has expired";
     * UNAVAILABLE → 503 CapacityExceededException (the driver retries 503); CORRUPTION → 400 BadRequestException
     * saying the ledger is damaged (the driver surfaces it without retrying: retrying cannot help; no 500, which it
     * would retry, and no server path);
     * everything else (parse, semantic, not found, limits, digest mismatch) → 400 BadRequestException.
     */
    static SessionException of(LedgerException e) {
        if (e instanceof SessionException session) {
            return session;
        }
        return switch (e.code()) {
            case OCC_CONFLICT -> new SessionException(e.code(), OCC_CONFLICT, 400, e.getMessage(), e);
            case TRANSACTION_EXPIRED -> new SessionException(e.code(), INVALID_SESSION, 400, e.getMessage(), e);
            case UNAVAILABLE -> new SessionException(e.code(), CAPACITY_EXCEEDED, 503, e.getMessage(), e);
            case CORRUPTION -> new SessionException(e.code(), BAD_REQUEST, 400,
                    io.vellum.server.http.ClientErrorText.damaged(null, e.getMessage()), e);
            default -> new SessionException(e.code(), BAD_REQUEST, 400, e.getMessage(), e);
        };
    }

    /** The same error (type, status, code) with {@code context} appended to its message. */
    SessionException withContext(String context) {
        return new SessionException(code(), errorType, httpStatus, getMessage() + context, this);
    }

    String errorType() {
        return errorType;
    }

    int httpStatus() {
        return httpStatus;
    }
}
