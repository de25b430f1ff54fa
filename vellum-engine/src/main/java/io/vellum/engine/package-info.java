/**
 * The engine's public API: an embedded verifiable ledger ({@link io.vellum.engine.Ledger}) and what it hands out:
 * {@link io.vellum.engine.Transaction}, {@link io.vellum.engine.CommitResult}, the proofs (vellum-proof's
 * {@link io.vellum.proof.verify.BlockProof} and {@link io.vellum.proof.verify.RevisionProof}, shared with the client;
 * the digest they fold to is {@code Ledger.digest(tip)}), {@link io.vellum.engine.LedgerOptions},
 * {@link io.vellum.engine.LedgerHealth}, {@link io.vellum.engine.LedgerStatistics} and the change feed
 * ({@link io.vellum.engine.BlockFollower}).
 *
 * <h2>API, SPI, internals</h2>
 * The API is this package plus {@code export}, {@code signing}, {@code files} and the query layer's public values
 * ({@code query}, e.g. {@link io.vellum.engine.query.TableHandle}); the server, vellum-kafka, the wallet, the CLI and
 * the benchmarks build on it. vellum-cluster also uses a documented SPI: the committer's
 * {@code internal.commit.BlockLog} seam, the ledger's {@code internal.commit.LedgerReplica} role and follower path
 * (reached through {@link io.vellum.engine.Ledger#replica()}) and {@link io.vellum.engine.journal.JournalPosition}.
 * Everything else, above all {@code io.vellum.engine.internal..}, is internal: it changes without notice. The list is
 * stated and enforced by the engine's {@code ArchitectureTest} (the API exposes no internal type) and by the
 * {@code ArchitectureTest}s of vellum-kafka, vellum-server and vellum-cluster (they use nothing else).
 *
 * <p>Contracts: a ledger is one directory ({@code journal/}, the source of truth, and {@code state/}, derived from it
 * and rebuilt when behind); transactions are serializable (optimistic, validated at commit); a commit that returned
 * is durable; proofs are checked with vellum-proof alone. Failures are {@link io.vellum.error.LedgerException}s with
 * an {@link io.vellum.error.ErrorCode}.
 *
 * <p>May use: vellum-proof, ion-java, SLF4J, and the engine's own sub-packages; {@code Ledger} is the public face
 * of {@code internal.LedgerCore} (the only API type that uses the internals). It touches no file itself (the engine's
 * {@code ArchitectureTest}: only {@code journal}, {@code store}, {@code export} and {@code files} do).
 */
package io.vellum.engine;
