/**
 * Signed digests, beyond QLDB: a {@link io.vellum.proof.block.LedgerDigest} signed with the server's Ed25519 key
 * ({@link io.vellum.proof.signature.SignedDigest}), the exact signed bytes
 * ({@link io.vellum.proof.signature.SignedDigestBytes}, layout documented there), and the key and signature values
 * ({@link io.vellum.proof.signature.Ed25519PublicKey}, {@link io.vellum.proof.signature.Ed25519Signature}).
 *
 * <p>May use: {@code io.vellum.proof.block} (for the digest), {@code io.vellum.proof.hash}, the JDK's
 * {@code java.security} and {@code io.vellum.error}. Nothing in vellum-proof uses this room.
 */
package io.vellum.proof.signature;
