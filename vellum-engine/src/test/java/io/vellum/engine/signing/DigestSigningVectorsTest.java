package io.vellum.engine.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.proof.signature.SignedDigestBytes;
import io.vellum.proof.hash.VerificationException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Test vectors for digest signing, checked against independent implementations: RFC 8032's own test 1 (proves the
 * Ed25519 usage: seed in, the RFC's public key and signature out), and a signed-digest vector whose bytes and
 * signature were produced by {@code docs/vectors/signed_digest_vector.py} (Python {@code cryptography}, i.e.
 * OpenSSL's Ed25519, over bytes built from the written layout). The signing code must reproduce both exactly.
 */
class DigestSigningVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    /** RFC 8032 §7.1 TEST 1. */
    private static final String RFC_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC_EMPTY_MESSAGE_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    /** Ledger "vehicles", strand EXAMPLE1234567890ABCDE, tip 7, digest 00 01 … 1f, 2024-01-02T03:04:05.678Z. */
    private static final String VECTOR_BYTES = "56454c4c554d2d5349474e45442d4449474553542d563100"
            + "000876656869636c6573" + "00164558414d504c45313233343536373839304142434445" + "0000000000000007"
            + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" + "0000018cc820db2e";
    private static final String VECTOR_SIGNATURE = "661e0103d8d7014bfb3d49d78c74cdccb28138a780f5430906b66660a5c71e3f"
            + "904ee80657af5d362e012eca15751340dd66c9ae3d510602cc99a75169de8600";

    private static DigestSigningKey rfcKey() {
        return DigestSigningKey.of(HEX.parseHex(RFC_SEED), Ed25519PublicKey.of(HEX.parseHex(RFC_PUBLIC)), Instant.EPOCH);
    }

    private static LedgerDigest vectorDigest() {
        byte[] digest = new byte[32];
        for (int i = 0; i < 32; i++) {
            digest[i] = (byte) i;
        }
        return new LedgerDigest(Hash.of(digest), new BlockAddress("EXAMPLE1234567890ABCDE", 7));
    }

    @Test
    void rfc8032TestOne() {
        assertThat(rfcKey().sign(new byte[0]).toByteArray()).isEqualTo(HEX.parseHex(RFC_EMPTY_MESSAGE_SIGNATURE));
    }

    @Test
    void aSeedWithAnotherPublicKeyIsRefused() {
        byte[] otherPublic = HEX.parseHex(RFC_PUBLIC);
        otherPublic[0] ^= 1;
        assertThatThrownBy(() -> DigestSigningKey.of(HEX.parseHex(RFC_SEED), Ed25519PublicKey.of(otherPublic),
                Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void signedDigestVector() {
        Instant time = Instant.parse("2024-01-02T03:04:05.678Z");
        byte[] bytes = SignedDigestBytes.encode("vehicles", vectorDigest(), time);
        assertThat(HEX.formatHex(bytes)).isEqualTo(VECTOR_BYTES);
        Ed25519Signature signature = rfcKey().sign(bytes);
        assertThat(HEX.formatHex(signature.toByteArray())).isEqualTo(VECTOR_SIGNATURE);

        Ed25519PublicKey publicKey = Ed25519PublicKey.of(HEX.parseHex(RFC_PUBLIC));
        SignedDigest signed = new SignedDigest("vehicles", vectorDigest(), time, publicKey.keyId(), signature);
        signed.verifySignature(publicKey);
    }

    @Test
    void aChangedStatementOrSignatureFailsWithBothValues() {
        Instant time = Instant.parse("2024-01-02T03:04:05.678Z");
        Ed25519PublicKey publicKey = Ed25519PublicKey.of(HEX.parseHex(RFC_PUBLIC));
        Ed25519Signature signature = Ed25519Signature.of(HEX.parseHex(VECTOR_SIGNATURE));
        LedgerDigest digest = vectorDigest();
        SignedDigest[] altered = {
            new SignedDigest("vehicle", digest, time, publicKey.keyId(), signature),
            new SignedDigest("vehicles", new LedgerDigest(digest.digest(), new BlockAddress("EXAMPLE1234567890ABCDE", 8)),
                    time, publicKey.keyId(), signature),
            new SignedDigest("vehicles", new LedgerDigest(Hash.sha256(new byte[0]), digest.tipAddress()), time,
                    publicKey.keyId(), signature),
            new SignedDigest("vehicles", digest, time.plusMillis(1), publicKey.keyId(), signature),
        };
        for (SignedDigest signed : altered) {
            assertThatThrownBy(() -> signed.verifySignature(publicKey)).isInstanceOf(VerificationException.class)
                    .hasMessageContaining("expected a valid signature but computed signature " + signature.toBase64());
        }
        for (int bit = 0; bit < 512; bit += 7) {
            byte[] flipped = signature.toByteArray();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            SignedDigest signed = new SignedDigest("vehicles", digest, time, publicKey.keyId(),
                    Ed25519Signature.of(flipped));
            assertThatThrownBy(() -> signed.verifySignature(publicKey)).isInstanceOf(VerificationException.class);
        }
        Ed25519PublicKey other = DigestSigningKey.generate(Instant.EPOCH, new java.security.SecureRandom()).publicKey();
        SignedDigest genuine = new SignedDigest("vehicles", digest, time, publicKey.keyId(), signature);
        assertThatThrownBy(() -> genuine.verifySignature(other)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("expected keyId " + other.keyId() + " but computed keyId " + publicKey.keyId());
    }
}
