package io.vellum.proof;

import com.amazon.ion.Decimal;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

/**
 * Random Ion values of every type for cross-checking hash implementations: nested containers, annotations, typed
 * nulls, big ints, decimals with exponents and negative zero, special floats, timestamps of every precision and
 * offset, symbols (including {@code $0}), blobs and clobs full of marker bytes, empty containers, duplicate fields.
 */
public final class RandomIon {
    private static final String[] WORDS = {"a", "b", "name", "", "é", "日本", "\u000b", "\u000e\u000c", "with space",
        "$ion", "x'y", "\uD83D\uDE00", "long field name that needs a length byte"};
    private static final byte[] MARKERS = {0x0B, 0x0C, 0x0E};
    private static final IonType[] SCALARS = {IonType.NULL, IonType.BOOL, IonType.INT, IonType.FLOAT, IonType.DECIMAL,
        IonType.TIMESTAMP, IonType.SYMBOL, IonType.STRING, IonType.CLOB, IonType.BLOB};

    private final IonSystem ion;
    private final Random random;

    public RandomIon(IonSystem ion, Random random) {
        this.ion = ion;
        this.random = random;
    }

    /** A random value, containers nested at most {@code depth} deep. */
    public IonValue value(int depth) {
        IonValue value;
        int kind = random.nextInt(depth > 0 ? 16 : 11);
        if (kind < 10) {
            value = scalar(SCALARS[kind]);
        } else if (kind == 10) {
            value = special();
        } else if (kind < 13) {
            value = struct(depth - 1);
        } else if (kind < 15) {
            value = sequence(random.nextBoolean() ? ion.newEmptyList() : ion.newEmptySexp(), depth - 1);
        } else {
            value = nullContainer();
        }
        if (random.nextInt(6) == 0) {
            annotate(value);
        }
        return value;
    }

    /** A random struct, as a document would be. */
    public IonStruct struct(int depth) {
        IonStruct struct = ion.newEmptyStruct();
        int fields = random.nextInt(7);
        for (int i = 0; i < fields; i++) {
            IonValue child = value(Math.max(depth, 0));
            String name = word();
            struct.add(name, child);
            if (random.nextInt(8) == 0) {
                struct.add(name, child.clone());  // duplicate field name, even duplicate value
            }
        }
        return struct;
    }

    private IonValue sequence(IonSequence sequence, int depth) {
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            sequence.add(value(Math.max(depth, 0)));
        }
        return sequence;
    }

    private IonValue nullContainer() {
        IonContainer container = switch (random.nextInt(3)) {
            case 0 -> ion.newNullList();
            case 1 -> ion.newNullSexp();
            default -> ion.newNullStruct();
        };
        return container;
    }

    private void annotate(IonValue value) {
        int count = 1 + random.nextInt(3);
        String[] annotations = new String[count];
        for (int i = 0; i < count; i++) {
            annotations[i] = word();
        }
        value.setTypeAnnotations(annotations);
    }

    /** Values only reachable through text: symbol zero as value, field name and annotation. */
    private IonValue special() {
        String[] texts = {"$0", "{$0:1}", "$0::{}", "$0::a", "{a:$0, $0:b::$0}", "'$ion_symbol_table'", "[$0, ($0)]",
            "-0e0", "0e0", "-0.0", "0.", "0d-5", "-0d3", "1d100", "(a + b)", "{{}}", "{{\"\"}}", "2001T", "2001-02T",
            "2001-02-03", "2001-02-03T04:05Z", "2001-02-03T04:05:06.000-00:00", "0x0b", "-0x8000000000000000",
            "0x7fffffffffffffff", "'\\x0b\\x0e\\x0c'", "\"\\x0b\\x0e\\x0c\""};
        return ion.singleValue(texts[random.nextInt(texts.length)]);
    }

    public IonValue scalar(IonType type) {
        if (random.nextInt(12) == 0) {
            return ion.singleValue("null." + type.name().toLowerCase());
        }
        return switch (type) {
            case NULL -> ion.newNull();
            case BOOL -> ion.newBool(random.nextBoolean());
            case INT -> ion.newInt(integer());
            case FLOAT -> ion.newFloat(floating());
            case DECIMAL -> ion.newDecimal(decimal());
            case TIMESTAMP -> ion.newTimestamp(timestamp());
            case SYMBOL -> ion.newSymbol(word());
            case STRING -> ion.newString(random.nextInt(4) == 0 ? longString() : word());
            case CLOB -> ion.newClob(bytes());
            case BLOB -> ion.newBlob(bytes());
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private BigInteger integer() {
        return switch (random.nextInt(5)) {
            case 0 -> BigInteger.valueOf(random.nextInt(300) - 150);
            case 1 -> BigInteger.valueOf(random.nextLong());
            case 2 -> BigInteger.ONE.shiftLeft(8 * (1 + random.nextInt(70))).subtract(BigInteger.valueOf(random.nextInt(3)))
                    .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
            case 3 -> new BigInteger(1 + random.nextInt(600), random).negate();
            default -> BigInteger.ZERO;
        };
    }

    private double floating() {
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, 1.5, -1.0e-300, 0.1f};
        if (random.nextBoolean()) {
            return specials[random.nextInt(specials.length)];
        }
        // Random bits are a NaN with a payload about once in 2,000 draws; Ion text prints every NaN as nan, which
        // reads back as the canonical NaN and hashes differently, so a value would not survive its own text (the
        // tests compare the text's hash with the value's). Payload NaNs are an edge case of IonHashTest instead.
        double bits = Double.longBitsToDouble(random.nextLong());
        return Double.isNaN(bits) ? Double.NaN : bits;
    }

    private BigDecimal decimal() {
        int scale = random.nextInt(40) - 20;
        return switch (random.nextInt(5)) {
            case 0 -> Decimal.negativeZero(scale);
            case 1 -> BigDecimal.ZERO.setScale(scale);
            case 2 -> new BigDecimal(new BigInteger(1 + random.nextInt(200), random)
                    .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)), scale);
            case 3 -> BigDecimal.valueOf(random.nextLong(), scale);
            default -> new BigDecimal(BigInteger.valueOf(Long.MIN_VALUE), scale);
        };
    }

    public Timestamp timestamp() {
        int year = 1 + random.nextInt(9999);
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(28);
        int hour = random.nextInt(24);
        int minute = random.nextInt(60);
        int second = random.nextInt(60);
        StringBuilder text = new StringBuilder(String.format("%04d", year));
        int precision = random.nextInt(6);
        if (precision == 0) {
            return Timestamp.valueOf(text.append('T').toString());
        }
        text.append(String.format("-%02d", month));
        if (precision == 1) {
            return Timestamp.valueOf(text.append('T').toString());
        }
        text.append(String.format("-%02d", day));
        if (precision == 2) {
            return Timestamp.valueOf(random.nextBoolean() ? text.toString() : text.append('T').toString());
        }
        text.append(String.format("T%02d:%02d", hour, minute));
        if (precision >= 4) {
            text.append(String.format(":%02d", second));
            if (precision == 5) {
                int digits = 1 + random.nextInt(12);
                text.append('.');
                for (int i = 0; i < digits; i++) {
                    text.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
                }
            }
        }
        String[] offsets = {"Z", "-00:00", "+00:00", "+05:30", "-12:34", "+23:59", "-08:00"};
        String local = text.toString();
        try {
            return Timestamp.valueOf(local + offsets[random.nextInt(offsets.length)]);
        } catch (IllegalArgumentException e) {
            // An offset that moves year 1 before year 1 (or year 9999 past it): UTC instead.
            return Timestamp.valueOf(local + "Z");
        }
    }

    private String word() {
        return random.nextInt(4) == 0 ? longString().substring(0, random.nextInt(20)) : WORDS[random.nextInt(WORDS.length)];
    }

    private String longString() {
        StringBuilder text = new StringBuilder();
        int length = 20 + random.nextInt(200);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.append(kind == 0 ? (char) (0x0B + random.nextInt(4)) : kind == 1 ? (char) (0x80 + random.nextInt(0x700))
                    : (char) (0x20 + random.nextInt(0x5F)));
        }
        return text.toString();
    }

    private byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(4) == 0 ? 14 + random.nextInt(300) : random.nextInt(14)];
        random.nextBytes(bytes);
        for (int i = 0; i < bytes.length; i += 1 + random.nextInt(5)) {
            bytes[i] = MARKERS[random.nextInt(MARKERS.length)];
        }
        return bytes;
    }
}
