package io.vellum.proof.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void digestMatchesFips180TwoExample() {
        assertThat(HEX.formatHex(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hmacMatchesRfc4231TestCaseTwoAndDoesNotCarryStateBetweenKeys() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assertThat(HEX.formatHex(Sha256.hmac("Jefe".getBytes(StandardCharsets.US_ASCII), data))).isEqualTo(expected);
        Sha256.hmac(new byte[64], data); // another key in between on the same thread's instance
        assertThat(HEX.formatHex(Sha256.hmac("Jefe".getBytes(StandardCharsets.US_ASCII), data))).isEqualTo(expected);
    }
}
