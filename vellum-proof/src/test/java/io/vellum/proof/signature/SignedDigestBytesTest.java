package io.vellum.proof.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.hash.Hash;

/**
 * The signed-digest byte layout, pinned: the expected bytes were built from the written layout by an independent
 * program ({@code docs/vectors/signed_digest_vector.py}), not by this code.
 */
class SignedDigestBytesTest {
    static final String VECTOR_BYTES = "56454c4c554d2d5349474e45442d4449474553542d563100"  // domain tag
            + "0008" + "76656869636c6573"                                                   // "vehicles"
            + "0016" + "4558414d504c45313233343536373839304142434445"                       // strand id, 22 bytes
            + "0000000000000007"                                                            // tip 7
            + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"             // digest
            + "0000018cc820db2e";                                                           // 2024-01-02T03:04:05.678Z

    static LedgerDigest vectorDigest() {
        byte[] digest = new byte[32];
        for (int i = 0; i < 32; i++) {
            digest[i] = (byte) i;
        }
        return new LedgerDigest(Hash.of(digest), new BlockAddress("EXAMPLE1234567890ABCDE", 7));
    }

    static final Instant VECTOR_TIME = Instant.parse("2024-01-02T03:04:05.678Z");

    @Test
    void encodesTheDocumentedLayout() {
        byte[] bytes = SignedDigestBytes.encode("vehicles", vectorDigest(), VECTOR_TIME);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(VECTOR_BYTES);
        assertThat(bytes).hasSize(76 + "vehicles".length() + "EXAMPLE1234567890ABCDE".length());
    }

    @Test
    void everyFieldChangesTheBytes() {
        byte[] base = SignedDigestBytes.encode("vehicles", vectorDigest(), VECTOR_TIME);
        LedgerDigest digest = vectorDigest();
        assertThat(SignedDigestBytes.encode("vehicle", digest, VECTOR_TIME)).isNotEqualTo(base);
        assertThat(SignedDigestBytes.encode("vehicles", new LedgerDigest(digest.digest(),
                new BlockAddress("EXAMPLE1234567890ABCDF", 7)), VECTOR_TIME)).isNotEqualTo(base);
        assertThat(SignedDigestBytes.encode("vehicles", new LedgerDigest(digest.digest(),
                new BlockAddress("EXAMPLE1234567890ABCDE", 8)), VECTOR_TIME)).isNotEqualTo(base);
        assertThat(SignedDigestBytes.encode("vehicles", new LedgerDigest(Hash.sha256(new byte[0]),
                digest.tipAddress()), VECTOR_TIME)).isNotEqualTo(base);
        assertThat(SignedDigestBytes.encode("vehicles", digest, VECTOR_TIME.plusMillis(1))).isNotEqualTo(base);
    }

    @Test
    void lengthPrefixesKeepNameAndStrandApart() {
        // Without the length prefixes "ab"+"c…" and "a"+"bc…" would encode alike.
        LedgerDigest one = new LedgerDigest(vectorDigest().digest(), new BlockAddress("cEXAMPLE1234567890ABCD", 7));
        LedgerDigest two = new LedgerDigest(vectorDigest().digest(), new BlockAddress("bcEXAMPLE1234567890ABC", 7));
        assertThat(SignedDigestBytes.encode("ab", one, VECTOR_TIME))
                .isNotEqualTo(SignedDigestBytes.encode("a", two, VECTOR_TIME));
    }

    @Test
    void refusesTimesThatTheAnswerCannotShowExactly() {
        assertThatThrownBy(() -> SignedDigestBytes.encode("vehicles", vectorDigest(), VECTOR_TIME.plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> SignedDigestBytes.encode("vehicles", vectorDigest(), Instant.EPOCH.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publicKeyRoundTripsThroughTheJdkAndHasAStableId() {
        Ed25519PublicKey key = Ed25519PublicKey.of(HexFormat.of()
                .parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        assertThat(Ed25519PublicKey.fromJdk(key.toJdk())).isEqualTo(key);
        assertThat(Ed25519PublicKey.fromBase64(key.toBase64())).isEqualTo(key);
        // keyId = hex of the first 8 bytes of SHA-256 over the 32 key bytes.
        assertThat(key.keyId()).isEqualTo(Hash.sha256(key.toByteArray()).toHex().substring(0, 16));
        assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519Signature.of(new byte[63])).isInstanceOf(IllegalArgumentException.class);
    }
}
