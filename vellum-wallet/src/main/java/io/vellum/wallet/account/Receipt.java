package io.vellum.wallet.account;

import io.vellum.proof.block.BlockAddress;
import java.util.List;
import java.util.Objects;

/**
 * What one committed wallet operation did, as returned to the caller and, for a retried request id, returned again.
 *
 * @param operation     the operation
 * @param changes       the accounts it changed (a transfer: the source, then the destination)
 * @param currency      ISO 4217 code of every amount and balance
 * @param transactionId the ledger transaction that committed it ({@code metadata.txId} of its revisions)
 * @param blockAddress  the journal block that transaction appended: where the revisions can be proven
 * @param txRequestId   the request's idempotency key, or null
 * @param replayed      whether this is the stored receipt of an earlier request with the same key
 */
public record Receipt(Operation operation, List<AccountChange> changes, String currency, String transactionId,
                      BlockAddress blockAddress, String txRequestId, boolean replayed) {
    public Receipt {
        Objects.requireNonNull(operation, "operation");
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a receipt records at least one account change");
        }
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(blockAddress, "blockAddress");
    }

    /** The change of the only account (CreateAccount, AddFunds, WithdrawFunds) or of the source (Transfer). */
    public AccountChange firstChange() {
        return changes.get(0);
    }
}
