/**
 * The block model, as QLDB defines it: a journal block ({@link io.vellum.proof.block.JournalBlock}) and its
 * address, revisions ({@link io.vellum.proof.block.Revision}, {@link io.vellum.proof.block.RevisionMetadata}, the
 * {@link io.vellum.proof.block.BlockRevision}s of a block including QLDB's opaque ones), transaction info with its
 * statements and documents, the commit digest of a transaction ({@link io.vellum.proof.block.CommitDigest}) and the
 * ledger digest ({@link io.vellum.proof.block.LedgerDigest}). Each record knows its own hash and canonical Ion form
 * ({@code IonEncoding} writes, {@code IonFields} reads and names the offending field); {@code verify} methods
 * recompute a record's hashes and throw {@link io.vellum.proof.hash.VerificationException} on a mismatch.
 *
 * <p>May use: {@code io.vellum.proof.hash}, {@code io.vellum.proof.merkle} (a block's entries hash is a Merkle root),
 * ion-java and {@code io.vellum.error}. Not the verifier or signatures, which are built on this room.
 */
package io.vellum.proof.block;
