package io.vellum.client;

import io.vellum.proof.LedgerException;
import java.time.Duration;

/**
 * How long {@link VellumClient#execute} waits before retrying a transaction. Implementations must be thread-safe:
 * one strategy serves every thread of a client.
 */
@FunctionalInterface
public interface BackoffStrategy {
    /**
     * The pause before retry number {@code retryNumber}.
     *
     * @param retryNumber the retry about to be made: 1 for the first retry (the second execution of the function)
     * @param lastFailure the retryable failure of the execution that just ended
     * @return a non-negative duration ({@link Duration#ZERO} retries at once)
     */
    Duration delay(int retryNumber, LedgerException lastFailure);
}
