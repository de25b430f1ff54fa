/**
 * Stage 3 of the commit path, state derivation: {@link io.vellum.engine.internal.apply.BlockApplier} is the one code
 * path that turns blocks into state-store changes (current documents, revisions, index entries, block locations,
 * Merkle nodes, the catalog) for fresh commits, for replay on open and for the follower path alike;
 * {@link io.vellum.engine.internal.apply.StoredRevision} is the store's encoding of a revision;
 * {@link io.vellum.engine.internal.apply.CommittedStateCache} holds committed documents and index entries shared by
 * all transactions; {@code IndexKey} and {@code IndexChange} are the index values all stages share.
 *
 * <p>May use: {@code store}, {@code catalog}, {@code internal.redaction} (applying a redaction), the query layer's
 * public values, vellum-proof, ion-java. Never {@code internal.transaction} or {@code internal.commit}, nor the open
 * ledger (the engine's {@code ArchitectureTest}).
 */
package io.vellum.engine.internal.apply;
