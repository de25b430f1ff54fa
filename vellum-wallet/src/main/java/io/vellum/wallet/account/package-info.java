/**
 * The wallet itself: accounts whose every balance change is a revision of a document in the ledger table
 * {@value io.vellum.wallet.account.WalletSchema#ACCOUNTS}, written in one serializable transaction together with
 * the idempotency record of the request (table {@value io.vellum.wallet.account.WalletSchema#REQUESTS}); the
 * balance cache kept current from the ledger's change feed; history and proofs. {@link io.vellum.wallet.account.Wallet}
 * is the entry point. Knows nothing of HTTP or JSON.
 */
package io.vellum.wallet.account;
