package io.vellum.proof.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import io.vellum.proof.RandomIon;
import io.vellum.proof.Seeds;
import io.vellum.proof.Vectors;

/** The direct encoder ({@link IonHash#of}) against the ion-hash-java reader ({@link IonHashReference}). */
class IonHashTest {

    @Test
    void randomValuesOfEveryTypeHashLikeTheReference() throws Exception {
        Random random = Seeds.random("IonHashTest random values");
        RandomIon generator = new RandomIon(Vectors.ION, random);
        int[] typeCounts = new int[IonType.values().length];
        for (int i = 0; i < 20_000; i++) {
            IonValue value = generator.value(4);
            typeCounts[value.getType().ordinal()]++;
            Hash reference = IonHashReference.of(value);
            assertThat(IonHash.of(value)).as("value %s", value).isEqualTo(reference);
            if (i % 10 == 0) {
                byte[] binary = binary(value);
                assertThat(IonHash.ofBinary(binary)).as("binary of %s", value).isEqualTo(reference);
                assertThat(IonHashReference.ofBinary(binary)).isEqualTo(reference);
                byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
                Hash textReference = IonHashReference.ofBinary(text);
                assertThat(IonHash.ofBinary(text)).as("Ion text of %s", value).isEqualTo(textReference);
                // Text that reads back as another value (a payload NaN printed as nan) is the generator's fault.
                assertThat(textReference).as("reference on the Ion text of %s against the value: the value does not "
                        + "survive its text", value).isEqualTo(reference);
            }
        }
        for (IonType type : List.of(IonType.NULL, IonType.BOOL, IonType.INT, IonType.FLOAT, IonType.DECIMAL,
                IonType.TIMESTAMP, IonType.SYMBOL, IonType.STRING, IonType.CLOB, IonType.BLOB, IonType.LIST,
                IonType.SEXP, IonType.STRUCT)) {
            assertThat(typeCounts[type.ordinal()]).as("generated %s values", type).isGreaterThan(100);
        }
    }

    @Test
    void deepDocumentsHashLikeTheReference() {
        Random random = Seeds.random("IonHashTest documents");
        RandomIon generator = new RandomIon(Vectors.ION, random);
        for (int i = 0; i < 300; i++) {
            IonStruct document = generator.struct(8);
            assertThat(IonHash.of(document)).isEqualTo(IonHashReference.of(document));
        }
    }

    @Test
    void edgeCases() {
        for (String lone : List.of("\uD800", "a\uDC00b", "\uDFFF\uD800")) {
            // No UTF-8 form: the reference refuses them, and so must the encoder (not hash a replacement '?').
            IonValue string = Vectors.ION.newString(lone);
            assertThatThrownBy(() -> IonHashReference.of(string)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> IonHash.of(string)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate");
            assertThatThrownBy(() -> IonHash.ofString(lone)).isInstanceOf(IllegalArgumentException.class);
            IonValue symbol = Vectors.ION.singleValue("{a:[x]}");
            symbol.setTypeAnnotations(lone);
            assertThatThrownBy(() -> IonHashReference.of(symbol)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> IonHash.of(symbol)).isInstanceOf(IllegalArgumentException.class);
            IonStruct field = Vectors.ION.newEmptyStruct();
            field.add(lone, Vectors.ION.newInt(1));
            assertThatThrownBy(() -> IonHashReference.of(field)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> IonHash.of(field)).isInstanceOf(IllegalArgumentException.class);
        }
        for (String text : List.of("-0d0", "0d0",
                "-0.000", "1.0000000000000000000000000000000000001", "-9223372036854775808d-3",
                "9223372036854775808d2", "-9223372036854775809.", "2000-01-01T00:00:00.0000000000000000000001Z",
                "2000-01-01T00:00:00.000000-00:00", "2000-01-01T00:00:00.1+00:01", "0001-01-01T", "9999-12-31T23:59:59.999Z",
                "{a:{b:{c:{d:{e:{f:{g:{}}}}}}}}", "{a:1,a:1,a:1}", "[[], (), {}, null.list]", "nan", "+inf", "-inf",
                "-0e0", "0e0", "1.0e0", "0x1234567890abcdef1234")) {
            IonValue value = Vectors.ION.singleValue(text);
            assertThat(IonHash.of(value)).as(text).isEqualTo(IonHashReference.of(value));
        }
        // A NaN with a payload hashes by its bits, as the reference does (only in memory or binary: text says nan).
        IonValue payloadNan = Vectors.ION.newFloat(Double.longBitsToDouble(0x7ff8000000000001L));
        assertThat(IonHash.of(payloadNan)).isEqualTo(IonHashReference.of(payloadNan))
                .isNotEqualTo(IonHash.of(Vectors.ION.singleValue("nan")));
    }

    /**
     * Regression: random float bits made a payload NaN, whose text (nan) is another value. Seeds 21641947295367 and
     * 21800578453527 (value 140, a signalling NaN 0x7ff4fcccc12f24e5 twice in a struct) failed the property test
     * with RandomIon before it drew the canonical NaN.
     */
    @Test
    void randomValuesSurviveTheirOwnText() {
        for (long seed : new long[] {21641947295367L, 21800578453527L}) {
            RandomIon generator = new RandomIon(Vectors.ION, new Random(seed));
            for (int i = 0; i < 20_000; i++) {
                IonValue value = generator.value(4);
                assertThat(IonHash.of(Vectors.ION.singleValue(value.toString()))).as("seed %d: text of %s", seed, value)
                        .isEqualTo(IonHash.of(value));
            }
        }
    }

    /**
     * The value of seed 21800578453527, reduced: a signalling NaN with a payload. The encoder hashes its bits as
     * ion-hash-java does (in memory and through Ion binary); its Ion text, {@code nan}, is the canonical NaN, another
     * value with another hash. (The Ion Hash specification gives {@code nan} the one representation
     * {@code 7ff8000000000000}; ion-hash-java and Vellum keep payloads: docs/DECISIONS.md, "Payload NaNs".)
     */
    @Test
    void payloadNanHashesLikeTheReferenceButNotLikeItsText() throws Exception {
        IonValue payloadNan = Vectors.ION.newFloat(Double.longBitsToDouble(0x7ff4fcccc12f24e5L));
        Hash reference = IonHashReference.of(payloadNan);
        assertThat(IonHash.of(payloadNan)).isEqualTo(reference);
        assertThat(IonHash.ofBinary(binary(payloadNan))).isEqualTo(reference);
        assertThat(IonHashReference.ofBinary(binary(payloadNan))).isEqualTo(reference);
        assertThat(payloadNan.toString()).isEqualTo("nan");
        Hash canonical = IonHash.of(Vectors.ION.singleValue("nan"));
        assertThat(IonHash.ofBinary(payloadNan.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(canonical)
                .isEqualTo(IonHashReference.of(Vectors.ION.singleValue("nan"))).isNotEqualTo(reference);
    }

    /**
     * The whole value of seed 21800578453527 as its text reads back (canonical NaNs): duplicate field names with equal
     * values, fields named {@code $ion}, an annotated null.clob, an annotated nan. Hash from ion-hash-java.
     */
    @Test
    void textOfSeed21800578453527HashesLikeTheReference() {
        IonValue value = Vectors.ION.singleValue("{'b,Q\\\\\\v3b\\fbIs\\f\\r':{{}},a:null,'K2Q\\v\\fl':({'x(hiE&':'A*Ymnr*',"
                + "'\\u65e5\\u672c':'\\xe9'::name::'x\\'y'::null.clob,name:{'|uO*':\"name\",$ion:\"\\U0001f600\","
                + "$ion:\"\\U0001f600\",'\\U0001f600':-1.658034661440678e-167,b:0,'\\x0e\\f':name::nan},name:{'|uO*':\"name\","
                + "$ion:\"\\U0001f600\",$ion:\"\\U0001f600\",'\\U0001f600':-1.658034661440678e-167,b:0,'\\x0e\\f':name::nan},"
                + "'with space':{{\"\\x0e\\xfd\\x0e\\x13Q\\x0eEt\\xf3\\xfe\\x0e\\xc4\\v\"}}} {} null.symbol)}");
        Hash expected = Hash.fromBase64("jnGZjh1pNqzlJe/qKF3riBCC/po3CZleEd3EAxAnbnk=");
        assertThat(IonHashReference.of(value)).isEqualTo(expected);
        assertThat(IonHash.of(value)).isEqualTo(expected);
    }

    @Test
    void ofStringIsTheHashOfTheIonString() {
        Random random = Seeds.random("IonHashTest strings");
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) (random.nextInt(3) == 0 ? 0x0B + random.nextInt(4) : random.nextInt(0x3000));
            }
            String s = new String(chars);
            assertThat(IonHash.ofString(s)).isEqualTo(IonHashReference.of(Vectors.ION.newString(s)));
        }
    }

    @Test
    void fieldNameOfTheValueItselfIsNotHashed() {
        IonStruct struct = (IonStruct) Vectors.ION.singleValue("{name:{a:1}, other:[x]}");
        assertThat(IonHash.of(struct.get("name"))).isEqualTo(IonHash.of(Vectors.ION.singleValue("{a:1}")));
        assertThat(IonHash.of(struct.get("other"))).isEqualTo(IonHash.of(Vectors.ION.singleValue("[x]")));
    }

    @Test
    void hashDependsOnTheDataModelNotTheEncoding() {
        assertThat(IonHash.of(Vectors.ION.singleValue("{a:1,b:2}")))
                .isEqualTo(IonHash.of(Vectors.ION.singleValue("{b:2,a:1}")));
        List<String> distinct = List.of("90.25", "90.250", "2019-09-16T19:37:05.344Z", "2019-09-16T19:37:05.3440Z",
                "2019-09-16T19:37:05.344-00:00", "2019-09-16T19:37:05.344+01:00", "1", "1.", "1e0", "\"a\"", "a", "a::1",
                "{a:1}", "{a:1,a:1}", "null", "null.int", "[]", "()", "0e0", "-0e0");
        List<Hash> hashes = new ArrayList<>();
        for (String text : distinct) {
            hashes.add(IonHash.of(Vectors.ION.singleValue(text)));
        }
        assertThat(hashes).doesNotHaveDuplicates();
        // Z and +00:00 are the same data-model value (a known UTC offset); -00:00 (unknown offset) is not.
        assertThat(IonHash.of(Vectors.ION.singleValue("2019-09-16T19:37:05.344+00:00")))
                .isEqualTo(IonHash.of(Vectors.ION.singleValue("2019-09-16T19:37:05.344Z")));
    }

    @Test
    void unhashableInputsAreRejectedAndLeaveNoState() {
        IonValue unknownSymbol = Vectors.ION.singleValue("$ion_symbol_table::{imports:[{name:\"missing\",version:1,max_id:20}]} $15");
        assertThatThrownBy(() -> IonHash.of(unknownSymbol)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown text");
        assertThat(IonHash.of(Vectors.ION.newString("x"))).isEqualTo(IonHash.ofString("x"));
        assertThatThrownBy(() -> IonHash.ofBinary(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IonHash.ofBinary("1 2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one");
        assertThatThrownBy(() -> IonHash.of(Vectors.ION.getLoader().load("1 2")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IonHash.of(Vectors.ION.getLoader().load("{a:1}")))
                .isEqualTo(IonHash.of(Vectors.ION.singleValue("{a:1}")));
    }

    @Test
    void fieldNamesHashByTheirTextHoweverTheValueGotThemAndUnknownOnesAreRejected() throws Exception {
        IonValue built = Vectors.ION.singleValue("{statements:[{statement:\"SELECT 1\",n:1}],$0:2,'':3}");
        Hash reference = IonHashReference.of(built);
        IonValue decoded = Vectors.ION.singleValue(binary(built));
        IonValue decodedReadOnly = Vectors.ION.singleValue(binary(built));
        decodedReadOnly.makeReadOnly();
        assertThat(IonHash.of(built)).isEqualTo(reference);
        assertThat(IonHash.of(decoded)).isEqualTo(reference);
        assertThat(IonHash.of(decodedReadOnly)).isEqualTo(reference);
        assertThat(IonHash.of(((IonStruct) decodedReadOnly).get("statements"))).isEqualTo(
                IonHashReference.of(((IonStruct) built).get("statements")));
        IonValue unknownField = Vectors.ION.singleValue(
                "$ion_symbol_table::{imports:[{name:\"missing\",version:1,max_id:20}]} {$15:1}");
        assertThatThrownBy(() -> IonHash.of(unknownField)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field name with unknown text");
    }

    @Test
    void threadsHashIndependently() throws Exception {
        Random random = Seeds.random("IonHashTest threads");
        RandomIon generator = new RandomIon(Vectors.ION, random);
        List<IonValue> values = new ArrayList<>();
        List<Hash> expected = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            IonValue value = generator.value(4);
            value.makeReadOnly();
            values.add(value);
            expected.add(IonHashReference.of(value));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < values.size(); i++) {
                            int index = (i * 7 + offset + round) % values.size();
                            assertThat(IonHash.of(values.get(index))).isEqualTo(expected.get(index));
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] binary(IonValue value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            value.writeTo(writer);
        }
        return out.toByteArray();
    }
}
