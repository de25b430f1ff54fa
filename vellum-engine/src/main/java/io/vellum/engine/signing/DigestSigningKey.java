package io.vellum.engine.signing;

import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Ed25519 digest-signing key of a ledger: the RFC 8032 private key (its 32-byte seed), the public key, and when
 * it was created. Signs with the JDK's {@code Ed25519} (deterministic: one message, one signature). Immutable and
 * thread-safe.
 *
 * <p>Stored form ({@link #toText}, one key per file, owner-only):
 * <pre>
 * vellum-ed25519-signing-key-v1
 * created=2026-12-06T03:00:00.000Z
 * publicKey=&lt;Base64 of the 32-byte public key&gt;
 * seed=&lt;Base64 of the 32-byte private key seed&gt;
 * </pre>
 */
public final class DigestSigningKey {
    static final String FORMAT = "vellum-ed25519-signing-key-v1";

    private final PrivateKey privateKey;
    private final Ed25519PublicKey publicKey;
    private final Instant createdAt;
    private final byte[] seed;

    private DigestSigningKey(byte[] seed, Ed25519PublicKey publicKey, Instant createdAt) {
        this.seed = seed.clone();
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        try {
            this.privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, this.seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519: " + e.getMessage(), e);
        }
    }

    /** A new random key. */
    public static DigestSigningKey generate(Instant createdAt, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = generator.generateKeyPair();
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            return new DigestSigningKey(seed, Ed25519PublicKey.fromJdk(pair.getPublic()), createdAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519: " + e.getMessage(), e);
        }
    }

    /**
     * The key with RFC 8032's 32-byte private key {@code seed} and its {@code publicKey}; they must belong together.
     *
     * @throws IllegalArgumentException when the seed's signatures do not verify with {@code publicKey}
     */
    public static DigestSigningKey of(byte[] seed, Ed25519PublicKey publicKey, Instant createdAt) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key seed is 32 bytes, got " + seed.length);
        }
        DigestSigningKey key = new DigestSigningKey(seed, publicKey, createdAt);
        byte[] probe = "vellum signing key self-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey.toJdk());
            verifier.update(probe);
            if (!verifier.verify(key.sign(probe).toByteArray())) {
                throw new IllegalArgumentException("the private key does not belong to public key " + publicKey);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key does not belong to public key " + publicKey, e);
        }
        return key;
    }

    /** Parses {@link #toText}'s form. */
    static DigestSigningKey fromText(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].strip().equals(FORMAT)) {
            throw new IllegalArgumentException("not a " + FORMAT + " file");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int equals = line.indexOf('=');
            if (!line.isEmpty() && equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        for (String required : new String[] {"created", "publicKey", "seed"}) {
            if (!fields.containsKey(required)) {
                throw new IllegalArgumentException("the key file has no " + required + "= line");
            }
        }
        byte[] seed = Base64.getDecoder().decode(fields.get("seed"));
        try {
            return of(seed, Ed25519PublicKey.fromBase64(fields.get("publicKey")), Instant.parse(fields.get("created")));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The stored form; it holds the private key. */
    String toText() {
        return FORMAT + "\ncreated=" + createdAt + "\npublicKey=" + publicKey.toBase64() + "\nseed="
                + Base64.getEncoder().encodeToString(seed) + "\n";
    }

    /** The Ed25519 signature over {@code message}. */
    public Ed25519Signature sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(message);
            return Ed25519Signature.of(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "signing key " + publicKey.keyId() + " created " + createdAt;
    }
}
