package io.vellum.proof.hash;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256 and HMAC-SHA256 with per-thread JCA instances: {@link MessageDigest#getInstance} and
 * {@link Mac#getInstance} look the algorithm up in the providers on every call, which costs more than hashing a short
 * message. Thread-safe.
 */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    });

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

    /** SHA-256 of {@code data}. */
    public static byte[] digest(byte[] data) {
        return threadDigest().digest(data);
    }

    /** HMAC-SHA256 of {@code data} under {@code key} (RFC 2104), as AWS Signature Version 4 chains it. */
    public static byte[] hmac(byte[] key, byte[] data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key of " + key.length + " bytes", e);
        }
        return mac.doFinal(data);
    }
}
