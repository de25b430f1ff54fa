package io.vellum.engine;

/**
 * What {@link Ledger#executeCommitted} returns: the function's value from the attempt that committed, and that
 * attempt's commit.
 *
 * @param value       what the function returned in the attempt that committed
 * @param commit      the commit: transaction id, commit digest and block address (null for a read-only transaction)
 * @param commitNanos how long the commit took, from the request to the durable acknowledgement
 * @param <T>         the function's result type
 */
public record Committed<T>(T value, CommitResult commit, long commitNanos) {
}
