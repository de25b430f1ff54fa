/**
 * The Vellum wallet: the reference financial application on a Vellum ledger. {@link io.vellum.wallet.WalletService}
 * starts it in a process (what {@code vellum serve} does), {@link io.vellum.wallet.WalletApplication} runs it alone.
 *
 * <p>Packages: {@code account} (the wallet's operations on the ledger), {@code ledger} (the one interface to the
 * ledger, embedded or remote), {@code profile} (erasable personal data outside the ledger), {@code http} (the JSON
 * API).
 */
package io.vellum.wallet;
