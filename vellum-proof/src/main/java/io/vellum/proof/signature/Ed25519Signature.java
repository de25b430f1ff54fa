package io.vellum.proof.signature;

import java.util.Arrays;
import java.util.Base64;

/** An immutable Ed25519 signature (RFC 8032): exactly 64 bytes. Thread-safe. */
public final class Ed25519Signature {
    /** Length in bytes of every Ed25519 signature. */
    public static final int LENGTH = 64;

    private final byte[] bytes;

    private Ed25519Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}, which must be 64 bytes long. */
    public static Ed25519Signature of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got " + bytes.length);
        }
        return new Ed25519Signature(bytes.clone());
    }

    /** Parses standard Base64 of 64 bytes. */
    public static Ed25519Signature fromBase64(String base64) {
        try {
            return of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 Ed25519 signature: '" + base64 + "': " + e.getMessage(), e);
        }
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519Signature other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toBase64();
    }
}
