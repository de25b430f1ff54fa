package io.vellum.proof.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import io.vellum.proof.Vectors;

class DotTest {
    private static final Hash ONE = Hash.sha256("1".getBytes(StandardCharsets.US_ASCII));
    private static final Hash TWO = Hash.sha256("2".getBytes(StandardCharsets.US_ASCII));

    @Test
    void emptyIsIdentity() {
        assertThat(Dot.dot(ONE, Hash.EMPTY)).isEqualTo(ONE);
        assertThat(Dot.dot(Hash.EMPTY, ONE)).isEqualTo(ONE);
        assertThat(Dot.dot(Hash.EMPTY, Hash.EMPTY)).isEqualTo(Hash.EMPTY);
    }

    @Test
    void isCommutativeAndSortsByQldbOrder() {
        assertThat(Dot.dot(ONE, TWO)).isEqualTo(Dot.dot(TWO, ONE));
        Hash low = ONE.compareTo(TWO) < 0 ? ONE : TWO;
        Hash high = low == ONE ? TWO : ONE;
        byte[] concatenated = new byte[64];
        System.arraycopy(low.toByteArray(), 0, concatenated, 0, 32);
        System.arraycopy(high.toByteArray(), 0, concatenated, 32, 32);
        assertThat(Dot.dot(ONE, TWO)).isEqualTo(Hash.sha256(concatenated));
    }

    @Test
    void rustDriverVector() {
        IonStruct file = (IonStruct) Vectors.single("hashing/dot-ionhash-statementdigest-vectors.json");
        IonStruct entry = (IonStruct) ((com.amazon.ion.IonList) file.get("dot")).get(0);
        Hash h1 = Hash.fromHex(text(entry, "h1"));
        Hash h2 = Hash.fromHex(text(entry, "h2"));
        assertThat(h1).isEqualTo(ONE);
        assertThat(h2).isEqualTo(TWO);
        assertThat(Dot.dot(h1, h2)).isEqualTo(Hash.fromHex(text(entry, "dot_h1_h2")));
        assertThat(Dot.dot(h2, h1)).isEqualTo(Hash.fromHex(text(entry, "dot_h1_h2")));
    }

    private static String text(IonStruct struct, String field) {
        return ((com.amazon.ion.IonText) struct.get(field)).stringValue();
    }
}
