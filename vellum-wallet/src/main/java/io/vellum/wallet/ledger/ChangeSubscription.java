package io.vellum.wallet.ledger;

/**
 * A running delivery of committed blocks from {@link LedgerConnection#changes}. Closing it stops the delivery and
 * waits for the block being delivered, if any.
 */
public interface ChangeSubscription extends AutoCloseable {
    /** The sequence number of the next block to deliver: every earlier one was delivered. */
    long nextSequenceNo();

    /** Why the delivery stopped on its own, or null while it runs (or after a clean close). */
    Throwable failure();

    @Override
    void close();
}
