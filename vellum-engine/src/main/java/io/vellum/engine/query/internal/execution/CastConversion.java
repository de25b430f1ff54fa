package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonException;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;

/**
 * {@code CAST(value AS type)} between the basic types, as QLDB documents it: MISSING stays MISSING and null stays null
 * (whatever the target type), except that {@code CAST(missing AS null)} is null and {@code CAST(null AS missing)} is
 * MISSING; a present value cast to NULL or MISSING, or one that has no representation in the target type
 * ({@code CAST('aa' AS INT)}), is an error. Text casts to BOOL as {@code true} when it reads {@code true} (any case),
 * otherwise {@code false} ({@code CAST('a' AS BOOL)} is false).
 */
final class CastConversion {
    /** Accepted type names (SQL spellings included) and the Ion type each means. */
    private static final Map<String, String> TYPES = Map.ofEntries(
        Map.entry("string", "string"), Map.entry("varchar", "string"), Map.entry("char", "string"),
        Map.entry("character", "string"), Map.entry("symbol", "symbol"),
        Map.entry("int", "int"), Map.entry("integer", "int"), Map.entry("smallint", "int"), Map.entry("bigint", "int"),
        Map.entry("int4", "int"), Map.entry("int8", "int"),
        Map.entry("decimal", "decimal"), Map.entry("numeric", "decimal"),
        Map.entry("float", "float"), Map.entry("real", "float"), Map.entry("double precision", "float"),
        Map.entry("bool", "bool"), Map.entry("boolean", "bool"), Map.entry("timestamp", "timestamp"),
        Map.entry("list", "list"), Map.entry("bag", "list"), Map.entry("sexp", "sexp"), Map.entry("struct", "struct"),
        Map.entry("tuple", "struct"), Map.entry("null", "null"), Map.entry("missing", "missing"));

    private CastConversion() {
    }

    /** @throws io.vellum.error.LedgerException INVALID_REQUEST for an unknown type name */
    static void checkType(String typeName) {
        if (!TYPES.containsKey(typeName)) {
            throw Planner.invalid("CAST to unknown type " + typeName.toUpperCase(Locale.ROOT) + "; known types: "
                + String.join(", ", new java.util.TreeSet<>(TYPES.keySet())));
        }
    }

    /**
     * @throws io.vellum.error.LedgerException INVALID_REQUEST when a present value is cast to NULL or MISSING, or has
     *     no representation in the target type
     */
    static IonValue cast(IonSystem ion, IonValue value, String typeName) {
        String target = TYPES.get(typeName);
        if (value == null) {
            return target.equals("null") ? ion.newNull() : null;
        }
        if (value.isNullValue()) {
            return target.equals("missing") ? null : ion.newNull();
        }
        if (target.equals("null") || target.equals("missing")) {
            throw Planner.invalid("CAST of a value of type " + ExpressionEvaluator.describe(value) + " to "
                + typeName.toUpperCase(Locale.ROOT) + " is not possible: only null and missing have that type");
        }
        IonValue converted = convert(ion, value, typeName);
        if (converted == null) {
            throw Planner.invalid("CAST of " + shown(value) + " to " + typeName.toUpperCase(Locale.ROOT)
                + " is not possible: the value has no " + typeName.toUpperCase(Locale.ROOT) + " representation");
        }
        return converted;
    }

    /** A short rendering of a value for messages: its type, and its text when it is a short scalar. */
    private static String shown(IonValue value) {
        String type = ExpressionEvaluator.describe(value);
        String text = value.toString();
        if (value instanceof com.amazon.ion.IonContainer || text.length() > 40) {
            return "a value of type " + type;
        }
        return "the " + type + " " + text;
    }

    private static IonValue convert(IonSystem ion, IonValue value, String typeName) {
        try {
            return switch (TYPES.get(typeName)) {
                case "string" -> text(value) == null ? null : ion.newString(text(value));
                case "symbol" -> text(value) == null ? null : ion.newSymbol(text(value));
                case "int" -> integer(ion, value);
                case "decimal" -> decimal(ion, value);
                case "float" -> floating(ion, value);
                case "bool" -> bool(ion, value);
                case "timestamp" -> timestamp(ion, value);
                case "list", "sexp" -> sequence(ion, value, TYPES.get(typeName));
                default -> value instanceof IonStruct ? ion.clone(value) : null;
            };
        } catch (IllegalArgumentException | IonException | ArithmeticException e) {
            // Number parsing, Timestamp.valueOf and exact conversions refuse text or values they cannot represent.
            return null;
        }
    }

    private static String text(IonValue value) {
        if (ValueComparison.isText(value)) {
            return ValueComparison.text(value);
        }
        if (value instanceof IonInt integer) {
            return integer.bigIntegerValue().toString();
        }
        if (value instanceof IonDecimal decimal) {
            // Plain notation writes every digit of the exponent: 1d999999999 would be a billion characters.
            return NumberRange.checked(decimal.bigDecimalValue(), "the decimal cast to text").toPlainString();
        }
        if (value instanceof IonFloat floating) {
            return Double.toString(floating.doubleValue());
        }
        if (value instanceof IonBool bool) {
            return Boolean.toString(bool.booleanValue());
        }
        if (value instanceof IonTimestamp timestamp) {
            return timestamp.timestampValue().toString();
        }
        return null;
    }

    private static IonValue integer(IonSystem ion, IonValue value) {
        if (value instanceof IonInt) {
            return ion.clone(value);
        }
        if (value instanceof IonFloat floating && (Double.isNaN(floating.doubleValue())
            || Double.isInfinite(floating.doubleValue()))) {
            return null;
        }
        if (ValueComparison.isNumber(value)) {
            return ion.newInt(NumberRange.checked(ValueComparison.decimalOf(value), "the value cast to INT")
                .toBigInteger());
        }
        if (value instanceof IonBool bool) {
            return ion.newInt(bool.booleanValue() ? 1 : 0);
        }
        if (ValueComparison.isText(value)) {
            String text = ValueComparison.text(value).trim();
            NumberRange.checkTextLength(text, "the text cast to INT");
            return ion.newInt(NumberRange.checked(new BigInteger(text), "the text cast to INT"));
        }
        return null;
    }

    private static IonValue decimal(IonSystem ion, IonValue value) {
        if (value instanceof IonFloat floating) {
            double number = floating.doubleValue();
            return Double.isNaN(number) || Double.isInfinite(number) ? null
                : ion.newDecimal(new BigDecimal(Double.toString(number)));
        }
        if (ValueComparison.isNumber(value)) {
            return ion.newDecimal(NumberRange.checked(ValueComparison.decimalOf(value), "the value cast to DECIMAL"));
        }
        if (value instanceof IonBool bool) {
            return ion.newDecimal(bool.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO);
        }
        if (ValueComparison.isText(value)) {
            String text = ValueComparison.text(value).trim();
            NumberRange.checkTextLength(text, "the text cast to DECIMAL");
            return ion.newDecimal(NumberRange.checked(new BigDecimal(text), "the text cast to DECIMAL"));
        }
        return null;
    }

    private static IonValue floating(IonSystem ion, IonValue value) {
        if (ValueComparison.isNumber(value)) {
            return ion.newFloat(ValueComparison.doubleOf(value));
        }
        if (value instanceof IonBool bool) {
            return ion.newFloat(bool.booleanValue() ? 1 : 0);
        }
        if (ValueComparison.isText(value)) {
            return ion.newFloat(Double.parseDouble(ValueComparison.text(value).trim()));
        }
        return null;
    }

    private static IonValue bool(IonSystem ion, IonValue value) {
        if (value instanceof IonBool) {
            return ion.clone(value);
        }
        if (ValueComparison.isNumber(value)) {
            return ion.newBool(ValueComparison.doubleOf(value) != 0);
        }
        if (ValueComparison.isText(value)) {
            // QLDB: CAST('true' AS BOOL) is true, CAST('a' AS BOOL) false: only the text true (any case) is true.
            return ion.newBool(ValueComparison.text(value).trim().equalsIgnoreCase("true"));
        }
        return null;
    }

    private static IonValue timestamp(IonSystem ion, IonValue value) {
        if (value instanceof IonTimestamp) {
            return ion.clone(value);
        }
        if (ValueComparison.isText(value)) {
            return ion.newTimestamp(Timestamp.valueOf(ValueComparison.text(value).trim()));
        }
        return null;
    }

    private static IonValue sequence(IonSystem ion, IonValue value, String target) {
        if (!(value instanceof IonSequence source)) {
            return null;
        }
        IonSequence result = target.equals("sexp") ? ion.newEmptySexp() : ion.newEmptyList();
        for (IonValue element : source) {
            result.add(ion.clone(element));
        }
        return result;
    }
}
