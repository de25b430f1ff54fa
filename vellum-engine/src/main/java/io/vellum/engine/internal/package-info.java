/**
 * The engine's internals, and {@link io.vellum.engine.internal.LedgerCore}: the running state of one open ledger
 * (journal, state store, committer thread, the published view transactions start from), which
 * {@link io.vellum.engine.Ledger} puts a public face on. Nothing under {@code io.vellum.engine.internal} is API:
 * other modules may not use it, except the cluster SPI listed in the engine's {@code ArchitectureTest}
 * ({@code internal.commit.BlockLog}, {@code internal.commit.LedgerReplica}).
 *
 * <h2>The commit path, by stage</h2>
 * <ol>
 *   <li>{@code internal.transaction}: a transaction on a snapshot: statements, read set, buffered writes, limits,
 *       DDL, and the preparation of its {@code CommitRequest}.</li>
 *   <li>{@code internal.commit}: the single committer thread (group commit, OCC validation against the conflict
 *       index, sealing blocks, the {@code BlockLog} seam the sealed blocks go to before they are acknowledged) and
 *       the follower path ({@code LedgerReplica}) that applies blocks committed elsewhere.</li>
 *   <li>{@code internal.apply}: state derivation, one code path turning blocks into state-store changes (fresh
 *       commits, replay on open, follower), and the committed-state cache.</li>
 * </ol>
 * {@code internal.redaction} sits beside them ({@code EXEC redact_revision}: its rules, and erasing redacted data
 * from journal records and the store).
 *
 * <p>Arrows (the engine's {@code ArchitectureTest}): transaction → commit → apply, never back up; redaction uses
 * apply only. {@code LedgerCore} wires the stages; they see it only through the narrow views it implements
 * ({@link io.vellum.engine.internal.transaction.TransactionContext},
 * {@link io.vellum.engine.internal.commit.CommitContext}); of the stages' packages only {@code redaction}'s
 * {@code JournalRedactor} holds it. May use: vellum-proof, ion-java, SLF4J, {@code journal}, {@code store},
 * {@code catalog}, the query layer's public types, and the API's values.
 */
package io.vellum.engine.internal;
