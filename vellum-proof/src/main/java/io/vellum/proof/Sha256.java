package io.vellum.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Per-thread SHA-256 instances: {@link MessageDigest#getInstance} is too slow for the hot path. */
final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    /** A reset SHA-256 digest owned by the calling thread; do not keep it past the current computation. */
    static MessageDigest threadDigest() {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest;
    }

    /** A new SHA-256 digest, for callers that keep their own per-thread instances. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static byte[] digest(byte[] data) {
        return threadDigest().digest(data);
    }
}
