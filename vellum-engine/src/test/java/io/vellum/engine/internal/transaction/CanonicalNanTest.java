package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonFloat;
import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import org.junit.jupiter.api.Test;

class CanonicalNanTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final long PAYLOAD_NAN = 0x7ff4fcccc12f24e5L;

    private static long bits(IonFloat number) {
        return Double.doubleToRawLongBits(number.doubleValue());
    }

    @Test
    void aDocumentWithoutPayloadNansIsReturnedAsIs() {
        IonStruct data = (IonStruct) ION.singleValue("{a: nan, b: [1e0, +inf, null.float], c: {d: -0e0}}");
        assertThat(CanonicalNan.canonical(data)).isSameAs(data);
    }

    @Test
    void nestedAndAnnotatedPayloadNansBecomeCanonicalInACopy() {
        IonStruct data = (IonStruct) ION.singleValue("{sensor: \"s1\", readings: [1e0, {x: 2e0}]}");
        IonFloat top = ION.newFloat(Double.longBitsToDouble(PAYLOAD_NAN));
        top.setTypeAnnotations("name");
        data.add("reading", top);
        IonStruct nested = (IonStruct) ((IonList) data.get("readings")).get(1);
        nested.add("y", ION.newFloat(Double.longBitsToDouble(PAYLOAD_NAN)));

        IonStruct canonical = CanonicalNan.canonical(data);

        assertThat(canonical).isNotSameAs(data);
        assertThat(bits((IonFloat) canonical.get("reading"))).isEqualTo(CanonicalNan.CANONICAL_BITS);
        assertThat(canonical.get("reading").getTypeAnnotations()).containsExactly("name");
        assertThat(bits((IonFloat) ((IonStruct) ((IonList) canonical.get("readings")).get(1)).get("y")))
                .isEqualTo(CanonicalNan.CANONICAL_BITS);
        assertThat(bits(top)).as("the caller's value keeps its bits").isEqualTo(PAYLOAD_NAN);
        assertThat(canonical.toString()).isEqualTo(data.toString());
    }
}
