package io.vellum.proof.hash;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An immutable hash value: 32 bytes of SHA-256, or empty (zero bytes, QLDB's "no hash", e.g. the
 * {@code previousBlockHash} of block 0).
 *
 * <p>Ordering ({@link #compareTo}) is QLDB's {@code dot} order (COMPATIBILITY.md §2): the bytes compared as
 * <em>signed</em> values from the last byte to the first. Instances are thread-safe.
 */
public final class Hash implements Comparable<Hash> {
    /** Length in bytes of every non-empty hash. */
    public static final int LENGTH = 32;
    /** The empty hash. */
    public static final Hash EMPTY = new Hash(new byte[0]);

    private final byte[] bytes;
    /** Cached {@link #hashCode()}; 0 until first computed (hashes are keys of hot OCC sets). */
    private int hashCode;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}, which must be 0 or 32 bytes long. */
    public static Hash of(byte[] bytes) {
        if (bytes.length != 0 && bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash is 0 or 32 bytes, got " + bytes.length);
        }
        return bytes.length == 0 ? EMPTY : new Hash(bytes.clone());
    }

    /** Takes ownership of {@code bytes} without copying; the caller must never modify them again. */
    static Hash wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Hash(bytes);
    }

    /** SHA-256 of {@code data}. */
    public static Hash sha256(byte[] data) {
        return new Hash(Sha256.digest(data));
    }

    public static Hash fromBase64(String base64) {
        try {
            return of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 hash: '" + base64 + "': " + e.getMessage(), e);
        }
    }

    public static Hash fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Feeds the bytes to {@code digest} without copying. */
    public void updateDigest(MessageDigest digest) {
        digest.update(bytes);
    }

    /** Byte {@code index} (0-based). */
    public byte byteAt(int index) {
        return bytes[index];
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** QLDB's {@code dot} comparison: signed bytes, last byte most significant. Empty sorts first. */
    @Override
    public int compareTo(Hash other) {
        if (bytes.length != other.bytes.length) {
            return Integer.compare(bytes.length, other.bytes.length);
        }
        for (int i = bytes.length - 1; i >= 0; i--) {
            int c = Byte.compare(bytes[i], other.bytes[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        int h = hashCode;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hashCode = h;
        }
        return h;
    }

    /** Base64, as QLDB prints hashes. */
    @Override
    public String toString() {
        return isEmpty() ? "<empty>" : toBase64();
    }
}
