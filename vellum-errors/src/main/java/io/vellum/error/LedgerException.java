package io.vellum.error;

import java.util.Objects;

/**
 * The one exception hierarchy of Vellum. Every failure carries a stable {@link ErrorCode}; the message
 * names the violated condition and the values involved.
 */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public LedgerException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public LedgerException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
