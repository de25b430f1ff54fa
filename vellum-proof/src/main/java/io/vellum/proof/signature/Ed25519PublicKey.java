package io.vellum.proof.signature;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import io.vellum.proof.hash.Sha256;

/**
 * An immutable Ed25519 public key (RFC 8032): the 32-byte encoded point, as RFC 8032 prints keys and as Vellum
 * serves them (Base64). Its {@link #keyId()} names it in signed digests. Thread-safe.
 */
public final class Ed25519PublicKey {
    /** Length in bytes of an encoded Ed25519 public key. */
    public static final int LENGTH = 32;
    /** DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410): the JDK's encoding. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final byte[] bytes;

    private Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of the 32-byte encoded key. */
    public static Ed25519PublicKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + bytes.length);
        }
        return new Ed25519PublicKey(bytes.clone());
    }

    /** Parses standard Base64 of the 32-byte key. */
    public static Ed25519PublicKey fromBase64(String base64) {
        try {
            return of(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 Ed25519 public key: '" + base64 + "': " + e.getMessage(), e);
        }
    }

    /** The raw key of a JDK Ed25519 public key (its X.509 encoding without the fixed 12-byte prefix). */
    public static Ed25519PublicKey fromJdk(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != X509_PREFIX.length + LENGTH
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return new Ed25519PublicKey(Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length));
    }

    /** This key as a JDK {@link PublicKey} for {@code Signature.getInstance("Ed25519")}. */
    public PublicKey toJdk() {
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + LENGTH);
        System.arraycopy(bytes, 0, encoded, X509_PREFIX.length, LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key " + toBase64() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key's name in signed digests: the first 8 bytes of SHA-256 over the 32-byte key, as 16 lowercase hex
     * digits. Anyone holding the key computes it; it only selects a key, the signature is what proves.
     */
    public String keyId() {
        return HexFormat.of().formatHex(Sha256.digest(bytes), 0, 8);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toBase64() + " (keyId " + keyId() + ")";
    }
}
