package io.vellum.server.auth;

import io.vellum.sigv4.SignatureV4;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One thread's buffers for verifying a signature: the text of the canonical request and then of the string to sign,
 * its bytes, a SHA-256 digest, and an HMAC-SHA256 already keyed with the signing key it last used (a thread serves
 * one connection, whose client signs with one key a day). Verifying a request this way hashes exactly the bytes of
 * {@code CanonicalRequest.of(…)} and {@code SignatureV4.stringToSign(…)} without building either as a string or an
 * array of its own. Not thread-safe: one per thread ({@link #current}).
 */
final class SignatureWork {
    /** Buffers that grew past this for one large request are dropped after it rather than kept by the thread. */
    private static final int RETAINED_CHARACTERS = 16 << 10;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<SignatureWork> CURRENT = ThreadLocal.withInitial(SignatureWork::new);

    private StringBuilder text = new StringBuilder(2048);
    private byte[] bytes = new byte[2048];
    private final byte[] digest = new byte[32];
    private final byte[] signatureHex = new byte[64];
    private final MessageDigest sha256;
    private final Mac hmac;
    /** The key {@link #hmac} was initialised with (by identity: signing keys are cached), or null. */
    private byte[] hmacKey;
    /** How many bytes the last {@link #bytes()} encoded. */
    private int encodedLength;

    private SignatureWork() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256 or HmacSHA256", e);
        }
    }

    /** The calling thread's buffers, with an empty {@link #text()}. */
    static SignatureWork current() {
        SignatureWork work = CURRENT.get();
        if (work.text.capacity() > RETAINED_CHARACTERS) {
            work.text = new StringBuilder(2048);
        }
        if (work.bytes.length > RETAINED_CHARACTERS * 3) {
            work.bytes = new byte[2048];
        }
        work.text.setLength(0);
        return work;
    }

    /** The text buffer: the caller writes the canonical request into it, then calls {@link #signatureHex}. */
    StringBuilder text() {
        return text;
    }

    /** SHA-256 of {@code data} in lower-case hex, as {@link SignatureV4#sha256Hex}. */
    String sha256Hex(byte[] data) {
        sha256.reset();
        sha256.update(data);
        digestInto(digest);
        byte[] hex = new byte[64];
        hex(digest, hex);
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    /**
     * The signature of the canonical request now in {@link #text()}, as {@code SignatureV4.signature(signingKey,
     * SignatureV4.stringToSign(amzDate, credentialScope, canonicalRequest)).getBytes(US_ASCII)}: lower-case hex, in
     * an array this object reuses (read it before the next call).
     *
     * @param credential the credential; its scope ({@code date/region/service/aws4_request}) starts at
     *                   {@code scopeStart}
     */
    byte[] signatureHex(byte[] signingKey, String amzDate, String credential, int scopeStart) {
        byte[] canonicalRequest = bytes();
        sha256.reset();
        sha256.update(canonicalRequest, 0, encodedLength);
        digestInto(digest);
        text.setLength(0);
        text.append(SignatureV4.ALGORITHM).append('\n').append(amzDate).append('\n')
                .append(credential, scopeStart, credential.length()).append('\n');
        for (byte b : digest) {
            text.append((char) HEX[(b >> 4) & 0xF]).append((char) HEX[b & 0xF]);
        }
        byte[] stringToSign = bytes();
        try {
            if (hmacKey != signingKey) {
                hmacKey = null;
                hmac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
                hmacKey = signingKey;
            }
            hmac.update(stringToSign, 0, encodedLength);
            hmac.doFinal(digest, 0);
        } catch (GeneralSecurityException e) {
            hmacKey = null;
            throw new IllegalStateException("HmacSHA256 failed for a key of " + signingKey.length + " bytes", e);
        }
        hex(digest, signatureHex);
        return signatureHex;
    }

    /**
     * The UTF-8 bytes of {@link #text} ({@link #encodedLength} of them), exactly as {@code text.toString()
     * .getBytes(UTF_8)}: ASCII by copying, anything else through the JDK's encoder.
     */
    private byte[] bytes() {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) >= 0x80) {
                byte[] encoded = text.toString().getBytes(StandardCharsets.UTF_8);
                encodedLength = encoded.length;
                return encoded;
            }
        }
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
        }
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) text.charAt(i);
        }
        encodedLength = length;
        return bytes;
    }

    private void digestInto(byte[] into) {
        try {
            sha256.digest(into, 0, into.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 needs 32 bytes", e);
        }
    }

    private static void hex(byte[] bytes, byte[] into) {
        for (int i = 0; i < bytes.length; i++) {
            into[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            into[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
    }
}
