/**
 * Redaction ({@code EXEC redact_revision}), beside the commit stages:
 * {@link io.vellum.engine.internal.redaction.RevisionRedaction} validates a request and reads and writes a block's
 * {@code redactionInfo};
 * {@link io.vellum.engine.internal.redaction.JournalRedactor} erases redacted data from journal records (rewritten in
 * place as a {@link io.vellum.engine.internal.redaction.RedactedBlockRecord}, every hash unchanged) and from the state
 * store's files once no older snapshot is open.
 *
 * <p>May use: {@code internal.apply} (stored revisions), {@code journal}, {@code store}, the query layer's public
 * types, vellum-proof, ion-java, SLF4J; {@code JournalRedactor} holds the open ledger
 * ({@code internal.LedgerCore}) whose journal it rewrites. Never {@code internal.transaction} or
 * {@code internal.commit} (the engine's {@code ArchitectureTest}).
 */
package io.vellum.engine.internal.redaction;
