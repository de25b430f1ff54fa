package io.vellum.client.internal;

import io.vellum.client.LedgerConnectionException;
import io.vellum.client.LedgerServiceException;
import io.vellum.error.ErrorCode;

/**
 * What a failure inside a transaction attempt means for the retry loop, following the official QLDB Java driver's
 * classification (COMPATIBILITY.md §8.4 and the driver-wire captures):
 *
 * <table>
 *   <caption>failure kinds</caption>
 *   <tr><th>kind</th><th>cause</th><th>retry</th><th>AbortTransaction first</th><th>session</th></tr>
 *   <tr><td>{@link #OCC_CONFLICT}</td><td>{@code OccConflictException}</td><td>yes</td><td>no (the server aborted
 *       already)</td><td>kept</td></tr>
 *   <tr><td>{@link #INVALID_SESSION}</td><td>{@code InvalidSessionException}, not a transaction timeout</td>
 *       <td>yes, the first time without pause</td><td>no</td><td>replaced</td></tr>
 *   <tr><td>{@link #TRANSACTION_EXPIRED}</td><td>{@code InvalidSessionException "Transaction … has expired"}</td>
 *       <td>no</td><td>yes</td><td>kept if the abort succeeds</td></tr>
 *   <tr><td>{@link #TRANSIENT}</td><td>HTTP 500 or 503, or no answer (network)</td><td>yes</td><td>yes</td>
 *       <td>kept if the abort succeeds</td></tr>
 *   <tr><td>{@link #FATAL}</td><td>anything else: other service errors, digest mismatch, the function's own
 *       exceptions</td><td>no</td><td>yes</td><td>kept if the abort succeeds</td></tr>
 * </table>
 */
enum FailureKind {
    OCC_CONFLICT(ErrorCode.OCC_CONFLICT, false),
    INVALID_SESSION(ErrorCode.UNAVAILABLE, false),
    TRANSACTION_EXPIRED(ErrorCode.TRANSACTION_EXPIRED, true),
    TRANSIENT(ErrorCode.UNAVAILABLE, true),
    FATAL(ErrorCode.INVALID_REQUEST, true);

    private final ErrorCode code;
    private final boolean abortFirst;

    FailureKind(ErrorCode code, boolean abortFirst) {
        this.code = code;
        this.abortFirst = abortFirst;
    }

    /**
     * The error code this kind counts as for the {@link io.vellum.error.RetryPolicy}: a retryable code for the kinds
     * the driver retries, a non-retryable one ({@link ErrorCode#INVALID_REQUEST} standing for "anything else") for
     * the others. The failure itself keeps its own code.
     */
    ErrorCode code() {
        return code;
    }

    boolean retryable() {
        return code.retryable();
    }

    /** Whether AbortTransaction is sent before anything else; the session survives only if it succeeds. */
    boolean abortFirst() {
        return abortFirst;
    }

    /** Whether the session may be reused without an abort (only meaningful when {@link #abortFirst()} is false). */
    boolean sessionSurvivesWithoutAbort() {
        return this == OCC_CONFLICT;
    }

    /** The kind of a failure thrown while a transaction ran (StartTransaction, the function, the commit). */
    static FailureKind of(Throwable failure) {
        if (failure instanceof LedgerServiceException service) {
            if (ServiceErrors.isOccConflict(service)) {
                return OCC_CONFLICT;
            }
            if (ServiceErrors.isTransactionExpired(service)) {
                return TRANSACTION_EXPIRED;
            }
            if (ServiceErrors.isInvalidSession(service)) {
                return INVALID_SESSION;
            }
            return ServiceErrors.isRetryableStatus(service.httpStatus()) ? TRANSIENT : FATAL;
        }
        return failure instanceof LedgerConnectionException ? TRANSIENT : FATAL;
    }

    /**
     * The kind of a StartSession failure. Unlike the official driver, which retries every StartSession failure, a
     * refusal that retrying cannot fix (wrong credentials, unknown ledger: other HTTP 4xx) surfaces at once; the
     * active-session quota ({@code LimitExceededException}) is retried with backoff, since other clients free sessions.
     */
    static FailureKind ofStartSession(Throwable failure) {
        if (failure instanceof LedgerServiceException service
                && service.errorType().equals("LimitExceededException")) {
            return TRANSIENT;
        }
        FailureKind kind = of(failure);
        return kind == TRANSACTION_EXPIRED ? INVALID_SESSION : kind;
    }
}
