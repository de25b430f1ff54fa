package io.vellum.engine.signing;

import io.vellum.proof.signature.Ed25519PublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The public side of one of a ledger's digest-signing keys.
 *
 * @param createdAt when the key was created (and, unless it is the first, when the previous key was retired)
 * @param retiredAt when a rotation replaced it; null for the active key. A retired key signs nothing new, but the
 *                  digests it signed stay verifiable with it.
 */
public record SigningKeyInfo(Ed25519PublicKey publicKey, Instant createdAt, Instant retiredAt) {
    public SigningKeyInfo {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public String keyId() {
        return publicKey.keyId();
    }

    public boolean active() {
        return retiredAt == null;
    }
}
