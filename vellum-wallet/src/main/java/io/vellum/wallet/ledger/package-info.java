/**
 * How the wallet reaches its ledger: {@link io.vellum.wallet.ledger.LedgerConnection}, the interface an application
 * on QLDB has (transactions of PartiQL statements, digests, revision proofs, the journal's blocks in order), with an
 * embedded implementation over {@link io.vellum.engine.Ledger} and a remote one over the Vellum client.
 *
 * <p>Only the implementations in this package may know the engine or the client; everything else in the wallet sees
 * the interface (enforced by the module's ArchitectureTest).
 */
package io.vellum.wallet.ledger;
