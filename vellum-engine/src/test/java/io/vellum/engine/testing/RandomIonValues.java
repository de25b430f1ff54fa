package io.vellum.engine.testing;

import com.amazon.ion.Decimal;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random Ion values of every kind a document or parameter can hold, for property tests that compare a fast path with
 * its reference: typed and untyped nulls, ints beyond a long, decimals with negative zero and trailing zeros, floats
 * with -0.0 and NaNs with and without a payload, timestamps of every precision and offset, text with non-ASCII
 * characters, symbols (also {@code $0}, which has no text), lobs, nested containers with repeated field names, and
 * annotations. Field names always have text (the engine refuses others). Not thread-safe (one per {@link Random}).
 */
public final class RandomIonValues {
    /** A NaN whose payload bits are not the canonical NaN's. */
    public static final long PAYLOAD_NAN = 0x7ff4fcccc12f24e5L;

    private final IonSystem ion;
    private final Random random;
    private final boolean textlessSymbols;

    /** Values made by {@code ion}, drawn from {@code random}, now and then the symbol {@code $0}. */
    public RandomIonValues(IonSystem ion, Random random) {
        this(ion, random, true);
    }

    private RandomIonValues(IonSystem ion, Random random, boolean textlessSymbols) {
        this.ion = ion;
        this.random = random;
        this.textlessSymbols = textlessSymbols;
    }

    /** The same, but every symbol has text (what a document the engine accepts holds). */
    public RandomIonValues withoutTextlessSymbols() {
        return new RandomIonValues(ion, random, false);
    }

    /** A value nested at most {@code depth} containers deep. */
    public IonValue value(int depth) {
        IonValue value = switch (random.nextInt(depth > 0 ? 18 : 15)) {
            case 0 -> random.nextBoolean() ? ion.newNull() : ion.newBool(random.nextBoolean());
            case 1 -> ion.newInt(new BigInteger(random.nextInt(200), random).multiply(sign()));
            case 2 -> ion.newInt(random.nextLong());
            case 3 -> ion.newDecimal(new BigDecimal(new BigInteger(random.nextInt(100), random).multiply(sign()),
                    random.nextInt(40) - 20));
            case 4 -> ion.newDecimal(random.nextBoolean() ? Decimal.NEGATIVE_ZERO : Decimal.valueOf("0.000"));
            case 5 -> ion.newFloat(random.nextBoolean() ? random.nextDouble() : -0.0);
            case 6 -> ion.newFloat(Double.longBitsToDouble(random.nextBoolean() ? PAYLOAD_NAN : 0x7ff8000000000000L));
            case 7 -> ion.newTimestamp(timestamp());
            case 8 -> ion.newString(text());
            case 9 -> textlessSymbols && random.nextInt(10) == 0 ? ion.singleValue("$0") : ion.newSymbol(text());
            case 10 -> ion.newBlob(new byte[random.nextInt(300)]);
            case 11 -> ion.newClob(text().getBytes(StandardCharsets.UTF_8));
            case 12 -> ion.singleValue(new String[] {"null.decimal", "null.symbol", "null.blob", "null.int"}[
                    random.nextInt(4)]);
            case 13 -> new IonValue[] {ion.newNullStruct(), ion.newNullList(), ion.newNullSexp()}[random.nextInt(3)];
            case 14 -> ion.newString("");
            case 15 -> fill(ion.newEmptyList(), depth);
            case 16 -> fill(ion.newEmptySexp(), depth);
            default -> fill(ion.newEmptyStruct(), depth);
        };
        if (random.nextInt(8) == 0) {
            value.addTypeAnnotation("a" + text());
        }
        return value;
    }

    /** A struct of random members nested at most {@code depth} containers deep (a document's data). */
    public IonStruct struct(int depth) {
        return (IonStruct) fill(ion.newEmptyStruct(), depth);
    }

    /** Text of up to 19 characters, a quarter of them outside ASCII. */
    public String text() {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? (char) (0x80 + random.nextInt(0x7000))
                    : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** A timestamp of any precision, with a known, unknown or odd offset. */
    public Timestamp timestamp() {
        long millis = random.nextLong() >>> 24;
        return switch (random.nextInt(5)) {
            case 0 -> Timestamp.forMillis(millis, random.nextInt(1000) - 500);
            case 1 -> Timestamp.forMillis(millis, null);
            case 2 -> Timestamp.forDay(2000 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28));
            case 3 -> Timestamp.forSecond(2026, 12, 6, 13, random.nextInt(60),
                    new BigDecimal(BigInteger.valueOf(random.nextInt(1_000_000)), 6).add(BigDecimal.ONE), 0);
            default -> Timestamp.forMinute(2026, 12, 6, 13, random.nextInt(60), 60);
        };
    }

    private BigInteger sign() {
        return random.nextBoolean() ? BigInteger.ONE : BigInteger.ONE.negate();
    }

    private IonValue fill(IonContainer container, int depth) {
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            IonValue child = value(depth - 1);
            if (container instanceof IonStruct struct) {
                struct.add(random.nextInt(10) == 0 ? "name" : text(), child);
            } else {
                ((IonSequence) container).add(child);
            }
        }
        return container;
    }
}
