package io.vellum.client;

/**
 * Thrown by {@link ClientTransaction#abort()}: the application chose to abort. {@link VellumClient#execute} sends
 * AbortTransaction, does not retry, and rethrows this exception to the caller. It is not a
 * {@link io.vellum.error.LedgerException} because nothing failed.
 */
public final class TransactionAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String transactionId;

    public TransactionAbortedException(String transactionId) {
        super("transaction " + transactionId + " was aborted by the application");
        this.transactionId = transactionId;
    }

    public String transactionId() {
        return transactionId;
    }
}
