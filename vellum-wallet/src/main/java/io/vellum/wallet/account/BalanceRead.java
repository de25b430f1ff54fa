package io.vellum.wallet.account;

/**
 * The answer to CheckFunds.
 *
 * @param account   the account as of the latest committed block when the request arrived, or later
 * @param fromCache whether the balance cache answered (else a ledger transaction read it)
 */
public record BalanceRead(AccountSnapshot account, boolean fromCache) {
}
