/**
 * Stage 1 of the commit path: a transaction on a snapshot
 ({@link io.vellum.engine.internal.transaction.LedgerTransaction}, which implements the API's
 * {@link io.vellum.engine.Transaction}: its life cycle, commit digest and statements). Statements run against its
 * {@code StatementContext}, the query layer's {@link io.vellum.engine.query.QueryContext}: they read the snapshot plus
 * the transaction's own buffered writes, and every read lands in the read set; commit prepares a
 * {@code CommitRequest} and hands it to the committer.
 *
 * <p>Each concern has a collaborator of its own: the buffered writes with the running
 * statement's undo log ({@code WriteBuffer}), reads of the snapshot with its per-transaction read cache and index
 * lookups ({@code SnapshotReads}), the limits ({@code TransactionLimits}), DDL ({@code CatalogChanges}) and building
 * the commit request ({@code CommitPreparation}). Not thread-safe: one thread drives a transaction.
 *
 * <p>May use: {@code internal.commit} (the request it submits), {@code internal.apply} (stored revisions, the
 * committed-state cache), {@code internal.redaction} (validating a redaction), {@code catalog}, {@code store}'s
 * snapshot, the query layer's public types, vellum-proof, ion-java. The open ledger only through
 * {@link io.vellum.engine.internal.transaction.TransactionContext}.
 */
package io.vellum.engine.internal.transaction;
