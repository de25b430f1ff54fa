package io.vellum.engine.query.internal.execution;

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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * PartiQL equality and ordering over Ion values (Java null = MISSING; callers handle null / MISSING propagation
 * before asking).
 *
 * <p>Numbers compare by value across int, decimal and float ({@code 1 = 1.0 = 1e0}); strings and symbols compare by
 * text; timestamps by the instant they denote; lists and s-expressions element-wise; structs as unordered sets of
 * fields; annotations are ignored. Values of different kinds are unequal and unordered.
 */
final class ValueComparison {
    private ValueComparison() {
    }

    /** Whether {@code value} is MISSING (Java null) or an Ion null of any type. */
    static boolean isAbsent(IonValue value) {
        return value == null || value.isNullValue();
    }

    static boolean isNumber(IonValue value) {
        return value instanceof IonInt || value instanceof IonDecimal || value instanceof IonFloat;
    }

    static boolean isText(IonValue value) {
        return value instanceof IonText;
    }

    /** PartiQL {@code =} for two present (non-null, non-missing) values. */
    static boolean equal(IonValue left, IonValue right) {
        if (left.isNullValue() || right.isNullValue()) {
            return left.isNullValue() && right.isNullValue();
        }
        if (isNumber(left) && isNumber(right)) {
            return compareNumbers(left, right) == 0;
        }
        if (isText(left) && isText(right)) {
            return text(left).equals(text(right));
        }
        if (left instanceof IonTimestamp a && right instanceof IonTimestamp b) {
            return a.timestampValue().compareTo(b.timestampValue()) == 0;
        }
        if (left instanceof IonBool a && right instanceof IonBool b) {
            return a.booleanValue() == b.booleanValue();
        }
        if (left instanceof IonLob a && right instanceof IonLob b) {
            return left.getType() == right.getType() && Arrays.equals(a.getBytes(), b.getBytes());
        }
        if (left instanceof IonSequence a && right instanceof IonSequence b) {
            if (left.getType() != right.getType() || a.size() != b.size()) {
                return false;
            }
            for (int position = 0; position < a.size(); position++) {
                if (!equal(a.get(position), b.get(position))) {
                    return false;
                }
            }
            return true;
        }
        if (left instanceof IonStruct a && right instanceof IonStruct b) {
            return structsEqual(a, b);
        }
        return false;
    }

    private static boolean structsEqual(IonStruct left, IonStruct right) {
        if (left.size() != right.size()) {
            return false;
        }
        List<IonValue> unmatched = new ArrayList<>();
        right.forEach(unmatched::add);
        for (IonValue field : left) {
            boolean found = false;
            for (int position = 0; position < unmatched.size(); position++) {
                IonValue candidate = unmatched.get(position);
                if (candidate.getFieldName().equals(field.getFieldName()) && equal(field, candidate)) {
                    unmatched.remove(position);
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /**
     * The order of two present values for {@code < <= > >=}, or Java null when PartiQL does not order them (different
     * kinds, or containers).
     */
    static Integer compare(IonValue left, IonValue right) {
        if (isNumber(left) && isNumber(right)) {
            return compareNumbers(left, right);
        }
        if (isText(left) && isText(right)) {
            return compareText(text(left), text(right));
        }
        if (left instanceof IonTimestamp a && right instanceof IonTimestamp b) {
            return a.timestampValue().compareTo(b.timestampValue());
        }
        if (left instanceof IonBool a && right instanceof IonBool b) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        if (left instanceof IonLob a && right instanceof IonLob b && left.getType() == right.getType()) {
            return Arrays.compareUnsigned(a.getBytes(), b.getBytes());
        }
        return null;
    }

    /** Strings order by Unicode code point (not UTF-16 unit), as PartiQL specifies. */
    private static int compareText(String left, String right) {
        int leftOffset = 0;
        int rightOffset = 0;
        while (leftOffset < left.length() && rightOffset < right.length()) {
            int a = left.codePointAt(leftOffset);
            int b = right.codePointAt(rightOffset);
            if (a != b) {
                return Integer.compare(a, b);
            }
            leftOffset += Character.charCount(a);
            rightOffset += Character.charCount(b);
        }
        return Integer.compare(left.length() - leftOffset, right.length() - rightOffset);
    }

    static int compareNumbers(IonValue left, IonValue right) {
        if (left instanceof IonFloat || right instanceof IonFloat) {
            double a = doubleOf(left);
            double b = doubleOf(right);
            if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
                return Double.compare(a, b);
            }
        }
        return decimalOf(left).compareTo(decimalOf(right));
    }

    /** The exact value of a present number (floats exactly as their binary value). */
    static BigDecimal decimalOf(IonValue number) {
        if (number instanceof IonInt integer) {
            return new BigDecimal(integer.bigIntegerValue());
        }
        if (number instanceof IonDecimal decimal) {
            return decimal.bigDecimalValue();
        }
        return new BigDecimal(((IonFloat) number).doubleValue());
    }

    static double doubleOf(IonValue number) {
        if (number instanceof IonFloat floating) {
            return floating.doubleValue();
        }
        return decimalOf(number).doubleValue();
    }

    static String text(IonValue value) {
        String text = ((IonText) value).stringValue();
        return text == null ? "" : text;
    }

    /**
     * The ORDER BY order: a total order over all values. Absent values first, then booleans, numbers, timestamps,
     * text, lobs, sequences, structs; values of one kind by {@link #compare}, containers by their elements.
     */
    static int totalOrder(IonValue left, IonValue right) {
        int leftRank = rank(left);
        int rightRank = rank(right);
        if (leftRank != rightRank) {
            return Integer.compare(leftRank, rightRank);
        }
        if (leftRank == 0) {
            return 0;
        }
        if (left instanceof IonSequence a && right instanceof IonSequence b) {
            for (int position = 0; position < Math.min(a.size(), b.size()); position++) {
                int order = totalOrder(a.get(position), b.get(position));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(a.size(), b.size());
        }
        if (left instanceof IonStruct) {
            return canonicalKey(left).compareTo(canonicalKey(right));
        }
        Integer order = compare(left, right);
        return order == null ? 0 : order;
    }

    private static int rank(IonValue value) {
        if (isAbsent(value)) {
            return 0;
        }
        if (value instanceof IonBool) {
            return 1;
        }
        if (isNumber(value)) {
            return 2;
        }
        if (value instanceof IonTimestamp) {
            return 3;
        }
        if (isText(value)) {
            return 4;
        }
        if (value instanceof IonLob) {
            return 5;
        }
        if (value instanceof IonSequence) {
            return 6;
        }
        return 7;
    }

    /** A string equal for two values exactly when they are PartiQL-equal ({@link io.vellum.engine.query.EqualityKey}). */
    static String canonicalKey(IonValue value) {
        return io.vellum.engine.query.EqualityKey.of(value);
    }
}
