package io.vellum.client;

import io.vellum.proof.signature.Ed25519PublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One of a ledger's digest-signing public keys as the server publishes it ({@code GET /v1/ledgers/{name}/keys}).
 * Pin the key you trust out of band; a key list fetched from the server is only as trustworthy as the server.
 *
 * @param retiredAt when a rotation replaced the key; null for the active key
 */
public record SigningKey(Ed25519PublicKey publicKey, Instant createdAt, Instant retiredAt) {
    public SigningKey {
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
