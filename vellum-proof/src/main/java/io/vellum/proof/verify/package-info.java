/**
 * Checking proofs: {@link io.vellum.proof.verify.Verifier} folds a revision's or a block's hash with its proof and
 * compares the result with a ledger digest, and checks consistency proofs between two digests;
 * {@link io.vellum.proof.verify.ProofText} reads and prints proofs in QLDB's {@code Proof.IonText} form;
 * {@link io.vellum.proof.verify.RevisionProof} and {@link io.vellum.proof.verify.BlockProof} are a revision or a block
 * with its proof, the one type the engine and the client both hand out (no digest inside: the caller verifies against
 * a digest it trusts). Failures throw {@link io.vellum.proof.hash.VerificationException} with the expected and the
 * computed value.
 *
 * <p>May use: {@code io.vellum.proof.block}, {@code io.vellum.proof.merkle}, {@code io.vellum.proof.hash}, ion-java
 * and {@code io.vellum.error}. The top room of vellum-proof: nothing in vellum-proof uses it.
 */
package io.vellum.proof.verify;
