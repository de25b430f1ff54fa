package io.vellum.client;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Objects;

/**
 * The server answered a request with an error (a non-2xx HTTP status). Carries the server's error type (QLDB's
 * {@code __type}, e.g. {@code OccConflictException}, {@code InvalidSessionException}, {@code BadRequestException}),
 * its message verbatim, the HTTP status and the request id, and maps them to a Vellum {@link ErrorCode}.
 */
public final class LedgerServiceException extends LedgerException {
    private static final long serialVersionUID = 1L;
    private final String errorType;
    private final String serviceMessage;
    private final int httpStatus;
    private final String requestId;

    public LedgerServiceException(ErrorCode code, String errorType, String serviceMessage, int httpStatus,
            String requestId) {
        super(code, describe(errorType, serviceMessage, httpStatus, requestId));
        this.errorType = Objects.requireNonNull(errorType, "errorType");
        this.serviceMessage = Objects.requireNonNull(serviceMessage, "serviceMessage");
        this.httpStatus = httpStatus;
        this.requestId = requestId;
    }

    private static String describe(String errorType, String serviceMessage, int httpStatus, String requestId) {
        return serviceMessage + " (" + errorType + ", HTTP " + httpStatus
                + (requestId == null ? "" : ", request id " + requestId) + ")";
    }

    /** The server's error type, e.g. {@code OccConflictException}; never null. */
    public String errorType() {
        return errorType;
    }

    /** The server's message, exactly as sent. */
    public String serviceMessage() {
        return serviceMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The server's {@code x-amzn-RequestId}, or null when it sent none. */
    public String requestId() {
        return requestId;
    }
}
