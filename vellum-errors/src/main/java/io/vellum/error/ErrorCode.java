package io.vellum.error;

/**
 * Stable error codes of every Vellum failure. The names are part of the public contract (they appear in
 * API responses and logs); never rename one, only add.
 */
public enum ErrorCode {
    /** Optimistic concurrency conflict: the transaction was aborted; retrying the whole transaction may succeed. */
    OCC_CONFLICT(true),
    /** The request (statement, parameter, argument) is malformed or violates a rule; retrying will not help. */
    INVALID_REQUEST(false),
    /** A statement could not be parsed; the message names line and column. */
    PARSE_ERROR(false),
    /** A named table, document, block, ledger or index does not exist. */
    NOT_FOUND(false),
    /** The thing to create exists already. */
    ALREADY_EXISTS(false),
    /** A configured limit (document size, documents per transaction, statement length, …) was exceeded. */
    LIMIT_EXCEEDED(false),
    /** The transaction outlived its timeout and was aborted. */
    TRANSACTION_EXPIRED(false),
    /** The ledger is closed, shutting down or over capacity; retrying later may succeed. */
    UNAVAILABLE(true),
    /** Stored data failed an integrity check (CRC, hash chain); the ledger refuses to continue. */
    CORRUPTION(false),
    /** A hash, proof or digest did not verify. */
    VERIFICATION_FAILED(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether retrying the same work may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
