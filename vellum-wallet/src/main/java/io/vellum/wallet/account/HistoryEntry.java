package io.vellum.wallet.account;

import io.vellum.proof.block.BlockAddress;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One revision of an account document.
 *
 * @param version       the revision's version (0 = created)
 * @param time          the committing transaction's time ({@code metadata.txTime})
 * @param transactionId the committing transaction ({@code metadata.txId})
 * @param blockAddress  the block that holds the revision
 * @param balance       the balance after this revision, or null for a delete (made outside the wallet)
 * @param operation     the wallet operation that wrote the revision, or null when the revision was written outside
 *                      the wallet (its stored operation then belongs to another transaction, or is missing)
 * @param txRequestId   the idempotency key of the request that wrote it, or null
 */
public record HistoryEntry(long version, Instant time, String transactionId, BlockAddress blockAddress,
                           BigDecimal balance, Operation operation, String txRequestId) {
    public HistoryEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(blockAddress, "blockAddress");
    }
}
