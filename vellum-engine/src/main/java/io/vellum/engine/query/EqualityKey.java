package io.vellum.engine.query;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonLob;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The key under which PartiQL's {@code =} groups values: two present values have the same key exactly when
 * {@code a = b} is true. Numbers are keyed by their exact value whatever their Ion type, scale or sign of zero
 * ({@code 5 = 5.0 = 5.00 = 5e0}, {@code 0 = -0e0}), strings and symbols by their text, timestamps by the instant they
 * denote, structs by their fields in name order, and annotations are dropped.
 *
 * <p>Indexes store and look up {@link #hashOf} of the indexed value, not its Ion hash, so that an index lookup finds
 * exactly the documents a scan with the same equality finds (a query's result never depends on whether an index
 * exists). DISTINCT and COUNT(DISTINCT …) use {@link #of} for the same reason.
 */
public final class EqualityKey {
    private EqualityKey() {
    }

    /** The key as text (MISSING, a Java null, and Ion nulls of any type have keys of their own). */
    public static String of(IonValue value) {
        StringBuilder key = new StringBuilder();
        append(value, key);
        return key.toString();
    }

    /** The SHA-256 of {@link #of}'s UTF-8 bytes: the index key of a value. */
    public static Hash hashOf(IonValue value) {
        return Hash.sha256(of(value).getBytes(StandardCharsets.UTF_8));
    }

    private static void append(IonValue value, StringBuilder key) {
        if (value == null) {
            key.append("missing");
        } else if (value.isNullValue()) {
            key.append("null");
        } else if (value instanceof IonBool bool) {
            key.append(bool.booleanValue());
        } else if (value instanceof IonFloat floating
            && (Double.isNaN(floating.doubleValue()) || Double.isInfinite(floating.doubleValue()))) {
            key.append("n:").append(floating.doubleValue());
        } else if (value instanceof IonInt || value instanceof IonDecimal || value instanceof IonFloat) {
            BigDecimal number = exactValue(value);
            // Scientific notation: unique for equal values once stripped, and short whatever the exponent.
            key.append("n:").append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toString());
        } else if (value instanceof IonTimestamp timestamp) {
            key.append("t:").append(timestamp.timestampValue().getDecimalMillis().stripTrailingZeros().toPlainString());
        } else if (value instanceof IonText text) {
            String string = text.stringValue() == null ? "" : text.stringValue();
            key.append("s").append(string.length()).append(':').append(string);
        } else if (value instanceof IonLob lob) {
            key.append(value.getType() == IonType.BLOB ? "b:" : "c:").append(Base64.getEncoder().encodeToString(lob.getBytes()));
        } else if (value instanceof IonSequence sequence) {
            key.append(value.getType() == IonType.SEXP ? '(' : '[');
            for (IonValue element : sequence) {
                append(element, key);
                key.append(',');
            }
            key.append(value.getType() == IonType.SEXP ? ')' : ']');
        } else if (value instanceof IonStruct struct) {
            List<String> fields = new ArrayList<>();
            for (IonValue field : struct) {
                String name = field.getFieldName();
                fields.add(name.length() + ":" + name + "=" + of(field));
            }
            fields.sort(null);
            key.append('{').append(String.join(",", fields)).append('}');
        } else {
            key.append("?").append(value);
        }
    }

    /** The exact value of a finite number (a float exactly as its binary value). */
    private static BigDecimal exactValue(IonValue number) {
        if (number instanceof IonInt integer) {
            return new BigDecimal(integer.bigIntegerValue());
        }
        if (number instanceof IonDecimal decimal) {
            return decimal.bigDecimalValue();
        }
        return new BigDecimal(((IonFloat) number).doubleValue());
    }
}
