/**
 * Hashing: the {@link io.vellum.proof.hash.Hash} value type, SHA-256 ({@link io.vellum.proof.hash.Sha256}),
 * {@link io.vellum.proof.hash.Dot dot}, Amazon Ion Hash ({@link io.vellum.proof.hash.IonHash} and its one encoder
 * {@link io.vellum.proof.hash.IonHashEncoder}, whose grammar is documented beside it), and the failure of a hash
 * that does not match, {@link io.vellum.proof.hash.VerificationException} (here, at the bottom, because every room
 * above throws it).
 *
 * <p>May use: the JDK's collections, math and {@code MessageDigest}, ion-java, and {@code io.vellum.error}. Nothing
 * else of vellum-proof: the Merkle tree, the block model and the verifier are built on this room, never the other
 * way round. ion-hash-java is not used here; its {@code IonHashReader} is the test-scope reference
 * ({@code IonHashReference} in this package's tests) the direct encoder is checked against.
 */
package io.vellum.proof.hash;
