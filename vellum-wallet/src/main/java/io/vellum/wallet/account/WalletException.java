package io.vellum.wallet.account;

import java.util.Objects;

/**
 * A refusal with a stable {@link WalletError} code, a message naming the problem and the values involved, and the
 * request field it concerns (null when it concerns no single field). Thrown inside a ledger transaction, it aborts
 * the transaction: nothing of the operation is committed.
 */
public class WalletException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final WalletError error;
    private final String field;

    public WalletException(WalletError error, String message) {
        this(error, message, null, null);
    }

    public WalletException(WalletError error, String message, String field) {
        this(error, message, field, null);
    }

    public WalletException(WalletError error, String message, String field, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
        this.field = field;
    }

    public WalletError error() {
        return error;
    }

    /** The request field the refusal concerns, or null. */
    public String field() {
        return field;
    }

    @Override
    public String toString() {
        return error + (field == null ? "" : " (" + field + ")") + ": " + getMessage();
    }
}
