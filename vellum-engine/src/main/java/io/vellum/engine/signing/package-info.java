/**
 * Digest signing: each ledger's Ed25519 keys ({@link io.vellum.engine.signing.DigestSigner}), kept owner-only in
 * {@code <ledger>/signing-keys/}, rotatable, and used only when a signed digest is asked for (never on the commit
 * path). The signed bytes are {@link io.vellum.proof.signature.SignedDigestBytes}'s layout.
 */
package io.vellum.engine.signing;
