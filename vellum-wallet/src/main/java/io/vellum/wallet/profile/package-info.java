/**
 * Profiles (name, email, phone) of account holders: personal data, so never in the ledger, whose history is
 * immutable by design, but in a separate key-value store keyed by accountId where erasure is a real delete. Erasing
 * a profile leaves the account's ledger history, which holds no personal data, intact and verifiable.
 *
 * <p>The store is any JDBC database: by default an H2 file database under the wallet's data directory; PostgreSQL
 * when a JDBC URL is configured.
 */
package io.vellum.wallet.profile;
