package io.vellum.client;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;

/**
 * No answer came from the server: it could not be connected, the connection broke, or the request timed out. The
 * cause is the {@link IOException}. {@link ErrorCode#UNAVAILABLE}: retrying later may succeed, but a commit that
 * failed this way may or may not have been applied.
 */
public final class LedgerConnectionException extends LedgerException {
    private static final long serialVersionUID = 1L;

    public LedgerConnectionException(String message, IOException cause) {
        super(ErrorCode.UNAVAILABLE, message + ": " + cause, cause);
    }
}
