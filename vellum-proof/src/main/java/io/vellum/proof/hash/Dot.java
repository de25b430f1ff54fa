package io.vellum.proof.hash;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * QLDB's node hash (COMPATIBILITY.md §2): {@code dot(a, b)} is SHA-256 of the two hashes concatenated smaller first, in
 * {@link Hash#compareTo} order; the empty hash is the identity. Because the inputs are sorted, {@code dot} is
 * commutative and proofs need no left/right flags. Thread-safe.
 */
public final class Dot {
    private Dot() {
    }

    /**
     * {@code a} when {@code b} is empty, {@code b} when {@code a} is empty, else
     * {@code SHA-256(min(a, b) || max(a, b))}.
     */
    public static Hash dot(Hash a, Hash b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        MessageDigest digest = Sha256.threadDigest();
        if (a.compareTo(b) < 0) {
            a.updateDigest(digest);
            b.updateDigest(digest);
        } else {
            b.updateDigest(digest);
            a.updateDigest(digest);
        }
        return Hash.wrap(digest.digest());
    }
}
