/**
 * The engine's public API: an embedded verifiable ledger ({@link io.vellum.engine.Ledger}) and what it hands out:
 * {@link io.vellum.engine.Transaction}, {@link io.vellum.engine.CommitResult}, the proofs
 * ({@link io.vellum.engine.BlockProof}, {@link io.vellum.engine.RevisionProof}), {@link io.vellum.engine.LedgerOptions},
 * {@link io.vellum.engine.LedgerHealth}, {@link io.vellum.engine.LedgerStatistics} and the change feed
 * ({@link io.vellum.engine.BlockFollower}). The server, the wallet, the CLI and the benchmarks build on this package
 * (and on {@code export}, {@code signing}, {@code files}); everything below it is internal.
 *
 * <p>Contracts: a ledger is one directory ({@code journal/}, the source of truth, and {@code state/}, derived from it
 * and rebuilt when behind); transactions are serializable (optimistic, validated at commit); a commit that returned
 * is durable; proofs are checked with vellum-proof alone. Failures are {@link io.vellum.error.LedgerException}s with
 * an {@link io.vellum.error.ErrorCode}.
 *
 * <p>May use: vellum-proof, ion-java, SLF4J, and the engine's own sub-packages; {@code Ledger} is the public face
 * of {@code transaction.LedgerCore}. It touches no file itself (the engine's {@code ArchitectureTest}: only
 * {@code journal}, {@code store}, {@code export} and {@code files} do).
 */
package io.vellum.engine;
