package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scalar functions QLDB documents (string, collection, conditional; date/time ones are in
 * {@link TemporalFunctions}). Arguments arrive evaluated (Java null = MISSING); unless a function says otherwise,
 * MISSING in gives MISSING out, null gives null, and an argument of the wrong type gives MISSING (SIZE and
 * CARDINALITY of a present non-container are an error, as QLDB documents).
 */
final class ScalarFunctions {
    /** Name → {minimum, maximum} argument count; -1 means any number. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
        Map.entry("upper", new int[] {1, 1}), Map.entry("lower", new int[] {1, 1}),
        Map.entry("char_length", new int[] {1, 1}), Map.entry("character_length", new int[] {1, 1}),
        Map.entry("size", new int[] {1, 1}), Map.entry("cardinality", new int[] {1, 1}),
        Map.entry("substring", new int[] {2, 3}), Map.entry("trim", new int[] {3, 3}),
        Map.entry("coalesce", new int[] {1, -1}), Map.entry("nullif", new int[] {2, 2}),
        Map.entry("to_string", new int[] {2, 2}), Map.entry("to_timestamp", new int[] {1, 2}),
        Map.entry("utcnow", new int[] {0, 0}), Map.entry("date_add", new int[] {3, 3}),
        Map.entry("date_diff", new int[] {3, 3}), Map.entry("extract", new int[] {2, 2}));

    private ScalarFunctions() {
    }

    /** @throws io.vellum.error.LedgerException INVALID_REQUEST for an unknown function or a wrong argument count */
    static void checkCall(String name, int argumentCount) {
        int[] arity = ARITY.get(name);
        if (arity == null) {
            throw Planner.invalid("unknown function " + name.toUpperCase(Locale.ROOT));
        }
        if (argumentCount < arity[0] || (arity[1] >= 0 && argumentCount > arity[1])) {
            String expected = arity[1] < 0 ? "at least " + arity[0]
                : arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[0] + " to " + arity[1];
            throw Planner.invalid(name.toUpperCase(Locale.ROOT) + " takes " + expected + " arguments, "
                + argumentCount + " given");
        }
    }

    static IonValue call(ExecutionState state, String name, List<IonValue> arguments) {
        IonSystem ion = state.ion;
        switch (name) {
            case "coalesce":
                return coalesce(state, arguments);
            case "nullif":
                return nullIf(state, arguments.get(0), arguments.get(1));
            case "utcnow":
            case "to_string":
            case "to_timestamp":
            case "date_add":
            case "date_diff":
            case "extract":
                return TemporalFunctions.call(state, name, arguments);
            default:
                break;
        }
        for (IonValue argument : arguments) {
            if (argument == null) {
                return null;
            }
        }
        for (IonValue argument : arguments) {
            if (argument.isNullValue()) {
                return ion.newNull();
            }
        }
        IonValue first = arguments.get(0);
        switch (name) {
            case "upper":
                return ValueComparison.isText(first) ? ion.newString(ValueComparison.text(first).toUpperCase(Locale.ROOT)) : null;
            case "lower":
                return ValueComparison.isText(first) ? ion.newString(ValueComparison.text(first).toLowerCase(Locale.ROOT)) : null;
            case "char_length":
            case "character_length":
                if (!ValueComparison.isText(first)) {
                    return null;
                }
                String text = ValueComparison.text(first);
                return ion.newInt(text.codePointCount(0, text.length()));
            case "size":
            case "cardinality":
                if (!(first instanceof IonContainer container)) {
                    // QLDB documents SIZE of a non-container (SIZE(12)) as an error, not MISSING.
                    throw Planner.invalid(name.toUpperCase(Locale.ROOT) + " needs a list, struct or bag, found "
                        + ExpressionEvaluator.describe(first));
                }
                return ion.newInt(container.size());
            case "substring":
                return substring(ion, arguments);
            case "trim":
                return trim(ion, arguments);
            default:
                throw new IllegalStateException("function " + name + " passed planning but has no implementation");
        }
    }

    private static IonValue coalesce(ExecutionState state, List<IonValue> arguments) {
        boolean sawNull = false;
        for (IonValue argument : arguments) {
            if (argument != null && !argument.isNullValue()) {
                return argument;
            }
            sawNull |= argument != null;
        }
        return sawNull ? state.ion.newNull() : null;
    }

    private static IonValue nullIf(ExecutionState state, IonValue first, IonValue second) {
        if (first != null && second != null && !first.isNullValue() && !second.isNullValue()
            && ValueComparison.equal(first, second)) {
            return state.ion.newNull();
        }
        // NULLIF propagates neither NULL nor MISSING: NULLIF(missing, x) is null (QLDB's examples).
        return first == null ? state.ion.newNull() : first;
    }

    /** SQL SUBSTRING: 1-based start, length clipped to the string; positions count code points. */
    private static IonValue substring(IonSystem ion, List<IonValue> arguments) {
        if (!ValueComparison.isText(arguments.get(0)) || !(arguments.get(1) instanceof IonInt startValue)) {
            return null;
        }
        int[] codePoints = ValueComparison.text(arguments.get(0)).codePoints().toArray();
        long start = startValue.longValue();
        long end = codePoints.length + 1L;
        if (arguments.size() == 3) {
            if (!(arguments.get(2) instanceof IonInt lengthValue)) {
                return null;
            }
            if (lengthValue.longValue() < 0) {
                throw Planner.invalid("SUBSTRING length must not be negative, " + lengthValue.longValue() + " given");
            }
            end = Math.min(end, start + lengthValue.longValue());
        }
        long from = Math.max(start, 1);
        if (end <= from) {
            return ion.newString("");
        }
        return ion.newString(new String(codePoints, (int) (from - 1), (int) (end - from)));
    }

    /** TRIM(side, characters, string), the parser's normal form of every TRIM syntax. */
    private static IonValue trim(IonSystem ion, List<IonValue> arguments) {
        if (!ValueComparison.isText(arguments.get(1)) || !ValueComparison.isText(arguments.get(2))) {
            return null;
        }
        String side = ValueComparison.text(arguments.get(0));
        String characters = ValueComparison.text(arguments.get(1));
        String text = ValueComparison.text(arguments.get(2));
        int start = 0;
        int end = text.length();
        if (!side.equals("trailing")) {
            while (start < end && characters.indexOf(text.codePointAt(start)) >= 0) {
                start += Character.charCount(text.codePointAt(start));
            }
        }
        if (!side.equals("leading")) {
            while (end > start && characters.indexOf(text.codePointBefore(end)) >= 0) {
                end -= Character.charCount(text.codePointBefore(end));
            }
        }
        return ion.newString(text.substring(start, end));
    }
}
