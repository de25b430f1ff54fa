package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenVectors.ION;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.proof.signature.SignedDigestBytes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code signed-digests.ion}: first {@code {name: "key", seed, publicKey, keyId}} (the fixed test key: RFC 8032
 * test 1's secret key, public and known to everyone, so never trust it), then
 * {@code {name, expect, ledgerName, digest, tipAddress, signedAt, keyId, signature}}: a {@link SignedDigest} over
 * {@link SignedDigestBytes}' layout of the Merkle roots of {@code merkle.ion}. Checking a case verifies the signature
 * with the key's public key; a negative (a signature, digest or tip changed by one step, another ledger name or
 * signing time, another key id) must fail with its condition.
 */
final class GoldenSignedDigests {
    /** RFC 8032 §7.1, TEST 1, SECRET KEY. */
    static final String SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String LEDGER = "golden-ledger";
    static final String SIGNATURE_CONDITION = "the Ed25519 signature must verify";
    static final String KEY_CONDITION = "the signature must be by the trusted key";
    private static final Instant SIGNED_AT = Instant.parse("2024-05-01T10:00:00.123Z");

    private GoldenSignedDigests() {
    }

    static List<IonValue> cases() {
        KeyPair key = fixedKey();
        Ed25519PublicKey publicKey = Ed25519PublicKey.fromJdk(key.getPublic());
        List<IonValue> cases = new ArrayList<>();
        IonStruct header = ION.newEmptyStruct();
        header.put("name").newString("key");
        header.put("seed").newString(SEED_HEX);
        header.put("publicKey").newString(publicKey.toBase64());
        header.put("keyId").newString(publicKey.keyId());
        cases.add(header);
        List<Hash> leaves = GoldenMerkle.leaves();
        List<SignedDigest> valid = new ArrayList<>();
        for (int size : new int[] {1, 5, 17}) {
            LedgerDigest digest = new LedgerDigest(MerkleTree.root(leaves.subList(0, size)),
                    new BlockAddress(GoldenBlocks.STRAND, size - 1));
            valid.add(sign(key, publicKey, LEDGER, digest, SIGNED_AT.plusSeconds(size)));
        }
        for (SignedDigest signed : valid) {
            cases.add(signedCase(GoldenVectors.valid(name(signed)), signed));
        }
        for (SignedDigest signed : valid) {
            String name = name(signed);
            byte[] signature = signed.signature().toByteArray();
            signature[0] ^= 0x01;
            cases.add(signedCase(GoldenVectors.negative(name + "/signature-byte-flipped", "byte 0 of the signature"
                    + " flipped", SIGNATURE_CONDITION), new SignedDigest(signed.ledgerName(), signed.digest(),
                    signed.signedAt(), signed.keyId(), Ed25519Signature.of(signature))));
            cases.add(signedCase(GoldenVectors.negative(name + "/digest-byte-flipped", "byte 0 of the digest flipped",
                    SIGNATURE_CONDITION), new SignedDigest(signed.ledgerName(), new LedgerDigest(GoldenVectors.flipped(
                    signed.digest().digest(), 0), signed.digest().tipAddress()), signed.signedAt(), signed.keyId(),
                    signed.signature())));
            BlockAddress tip = signed.digest().tipAddress();
            cases.add(signedCase(GoldenVectors.negative(name + "/tip-sequenceNo-changed", "tip sequenceNo + 1",
                    SIGNATURE_CONDITION), new SignedDigest(signed.ledgerName(), new LedgerDigest(signed.digest()
                    .digest(), new BlockAddress(tip.strandId(), tip.sequenceNo() + 1)), signed.signedAt(),
                    signed.keyId(), signed.signature())));
            cases.add(signedCase(GoldenVectors.negative(name + "/ledger-name-changed", "ledger name + \"x\"",
                    SIGNATURE_CONDITION), new SignedDigest(signed.ledgerName() + "x", signed.digest(),
                    signed.signedAt(), signed.keyId(), signed.signature())));
            cases.add(signedCase(GoldenVectors.negative(name + "/signed-at-changed", "signedAt + 1 ms",
                    SIGNATURE_CONDITION), new SignedDigest(signed.ledgerName(), signed.digest(),
                    signed.signedAt().plusMillis(1), signed.keyId(), signed.signature())));
            cases.add(signedCase(GoldenVectors.negative(name + "/key-id-changed", "another key id",
                    KEY_CONDITION), new SignedDigest(signed.ledgerName(), signed.digest(), signed.signedAt(),
                    "another-key", signed.signature())));
        }
        return cases;
    }

    private static String name(SignedDigest signed) {
        return "signed-digest/tip-" + signed.digest().tipAddress().sequenceNo();
    }

    private static IonStruct signedCase(IonStruct value, SignedDigest signed) {
        value.put("ledgerName").newString(signed.ledgerName());
        value.put("digest", GoldenVectors.blob(signed.digest().digest()));
        value.put("tipAddress").newString(signed.digest().tipAddress().toIonText());
        value.put("signedAt").newString(signed.signedAt().toString());
        value.put("keyId").newString(signed.keyId());
        value.put("signature").newBlob(signed.signature().toByteArray());
        return value;
    }

    private static SignedDigest sign(KeyPair key, Ed25519PublicKey publicKey, String ledger, LedgerDigest digest,
            Instant signedAt) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(SignedDigestBytes.encode(ledger, digest, signedAt));
            return new SignedDigest(ledger, digest, signedAt, publicKey.keyId(), Ed25519Signature.of(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519: " + e.getMessage(), e);
        }
    }

    /** The key pair of {@link #SEED_HEX}: the JDK's generator draws the 32-byte seed from the given random. */
    static KeyPair fixedKey() {
        byte[] seed = HexFormat.of().parseHex(SEED_HEX);
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, fixed);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519: " + e.getMessage(), e);
        }
    }
}
