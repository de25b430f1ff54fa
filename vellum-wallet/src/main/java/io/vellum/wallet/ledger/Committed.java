package io.vellum.wallet.ledger;

import io.vellum.proof.block.BlockAddress;

/**
 * What {@link LedgerConnection#executeCommitted} returns: the work's result and, when the connection knows it, the
 * block the transaction's writes were committed in.
 *
 * @param value        what the work returned in the attempt that committed
 * @param blockAddress the block holding the transaction's revisions; null when the transaction wrote nothing or the
 *                     connection cannot tell (a QLDB-style Session API commit does not name its block)
 */
public record Committed<T>(T value, BlockAddress blockAddress) {
}
