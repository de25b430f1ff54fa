/**
 * The engine's commit path and the running state of an open ledger, all internal: {@code LedgerTransaction} (a
 * transaction on a snapshot, with its read set and buffered writes), the single committer thread
 * ({@code Committer}: group commit with optimistic validation against {@code ConflictIndex}), {@code BlockApplier}
 * (one code path turning blocks into state-store changes, for fresh commits and for replay), and
 * {@link io.vellum.engine.transaction.LedgerCore}, which owns journal, state store and committer behind
 * {@link io.vellum.engine.Ledger}.
 *
 * <p>Two public types form the replication seam for vellum-cluster only: {@link io.vellum.engine.transaction.BlockLog}
 * (where a commit round's sealed blocks go before they are acknowledged) and
 * {@link io.vellum.engine.transaction.LedgerReplica} (writer or follower role; a follower applies only blocks that
 * {@code ReplicatedBlockVerifier} recomputed). The server must not use this package; the cluster only those two
 * (their {@code ArchitectureTest}s).
 *
 * <p>May use: vellum-proof, ion-java, SLF4J, {@code journal}, {@code store}, {@code catalog}, and the query layer
 * through {@link io.vellum.engine.query.QueryEngine} and {@link io.vellum.engine.query.QueryContext}, which
 * {@code LedgerTransaction} implements.
 */
package io.vellum.engine.transaction;
