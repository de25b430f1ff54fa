/**
 * Stage 2 of the commit path: how blocks become committed. The single committer thread
 * ({@link io.vellum.engine.internal.commit.Committer}: group commit; serializable OCC validation of each
 * {@link io.vellum.engine.internal.commit.CommitRequest}'s {@code ReadSet} against the {@code WriteSummary}s in the
 * {@code ConflictIndex}; one sealed block per surviving transaction) hands each round to a
 * {@link io.vellum.engine.internal.commit.BlockLog}, acknowledges it once durable, and has {@code internal.apply}
 * apply and publish it. A replicated ledger's follower path ({@link io.vellum.engine.internal.commit.LedgerReplica})
 * applies blocks committed elsewhere after {@code ReplicatedBlockVerifier} recomputed them, under the committer's
 * round lock, which is why it lives here.
 *
 * <p><b>SPI for vellum-cluster</b> (and for nobody else; the modules' {@code ArchitectureTest}s):
 * {@link io.vellum.engine.internal.commit.BlockLog} (where a round's sealed blocks go before they are acknowledged;
 * the local journal in single-node mode, a Kafka topic in cluster mode) and
 * {@link io.vellum.engine.internal.commit.LedgerReplica} (writer or follower role, the follower path). Every other
 * type here is internal.
 *
 * <p>May use: {@code internal.apply}, {@code internal.redaction}, {@code journal}, {@code store}, {@code catalog},
 * the query layer's public values, vellum-proof, ion-java, SLF4J. Never {@code internal.transaction} (a transaction
 * reaches the committer as a {@code CommitRequest}); the open ledger only through
 * {@link io.vellum.engine.internal.commit.CommitContext}.
 */
package io.vellum.engine.internal.commit;
