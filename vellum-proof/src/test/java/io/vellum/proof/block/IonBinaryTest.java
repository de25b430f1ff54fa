package io.vellum.proof.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import io.vellum.proof.RandomIon;
import io.vellum.proof.Seeds;
import io.vellum.proof.Vectors;

class IonBinaryTest {
    @Test
    void encodesEachValueAsTheSameStandaloneStreamAFreshWriterWrites() throws IOException {
        Random random = Seeds.random("IonBinaryTest random values");
        RandomIon generator = new RandomIon(Vectors.ION, random);
        for (int i = 0; i < 2_000; i++) {
            IonValue value = generator.value(4);
            byte[] encoded = IonBinary.encode(value);
            assertThat(encoded).as("value %s", value).isEqualTo(withFreshWriter(value));
            assertThat(Vectors.ION.singleValue(encoded)).isEqualTo(value);
        }
    }

    @Test
    void aValueWhoseEncodingEncodesAnotherStillGetsItsOwnStream() {
        IonValue inner = Vectors.ION.singleValue("{a: sym, b: [x::1, \"two\"]}");
        byte[][] nested = new byte[1][];
        byte[] outer = IonEncoding.toBinary(writer -> {
            nested[0] = IonBinary.encode(inner);
            inner.writeTo(writer);
        });
        assertThat(Vectors.ION.singleValue(nested[0])).isEqualTo(inner);
        assertThat(Vectors.ION.singleValue(outer)).isEqualTo(inner);
    }

    private static byte[] withFreshWriter(IonValue value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        }
        return out.toByteArray();
    }
}
