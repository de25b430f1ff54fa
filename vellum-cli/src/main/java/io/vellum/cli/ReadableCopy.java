package io.vellum.cli;

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
import io.vellum.proof.hash.VerificationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a readable JSON copy of a value (the native API's {@code revision}, {@code block}, {@code proof}, the
 * wallet's {@code balance}) shows exactly the value whose hash was verified (the Ion text of QLDB's shapes), so that
 * what a user reads is what was verified. The readable copy is the JSON form of the hashed value (the native API's
 * documented Ion-to-JSON mapping), compared value by value:
 * <ul>
 *   <li>null of any Ion type: JSON null;</li>
 *   <li>bool: the same boolean;</li>
 *   <li>int, decimal: a number (or a string holding one) of the same value; digits after the point may differ
 *       ({@code 100.5} shows {@code 100.50}), because JSON tools rewrite number text, but the value may not;</li>
 *   <li>float: a number of the same double value; {@code nan}, {@code +inf}, {@code -inf} as those strings;</li>
 *   <li>timestamp: its Ion text as a string, exactly; string, symbol: the same string; blob, clob: standard Base64;</li>
 *   <li>list, sexp: an array of as many elements, each the same; struct: an object with the same member names,
 *       each as often, with the same values in order (member order between names may differ); annotations are not
 *       shown in JSON and not compared.</li>
 * </ul>
 * Thread-safe (stateless).
 */
final class ReadableCopy {
    private static final int SHOWN = 200;

    private ReadableCopy() {
    }

    /**
     * Requires {@code readable} to be the JSON form of {@code hashed}.
     *
     * @param path         where the value is, e.g. {@code revision}; nested differences extend it
     * @param hashedCopy   which copy {@code hashed} is, e.g. {@code Revision.IonText}
     * @param readableCopy which copy {@code readable} is, e.g. {@code the readable revision}
     * @throws VerificationException naming the first differing path and both values
     */
    static void requireSame(String path, String hashedCopy, IonValue hashed, String readableCopy, IonValue readable) {
        compare(path, hashedCopy, hashed, readableCopy, readable);
    }

    private static void compare(String path, String hashedCopy, IonValue hashed, String readableCopy,
                                IonValue readable) {
        if (!same(hashed, readable)) {
            fail(path, hashedCopy, hashed, readableCopy, readable);
        }
        if (hashed.isNullValue()) {
            return;
        }
        switch (hashed.getType()) {
            case LIST, SEXP -> {
                IonSequence hashedList = (IonSequence) hashed;
                IonSequence readableList = (IonSequence) readable;
                for (int i = 0; i < hashedList.size(); i++) {
                    compare(path + "[" + i + "]", hashedCopy, hashedList.get(i), readableCopy, readableList.get(i));
                }
            }
            case STRUCT -> {
                Map<String, List<IonValue>> hashedFields = fields((IonStruct) hashed);
                Map<String, List<IonValue>> readableFields = fields((IonStruct) readable);
                for (Map.Entry<String, List<IonValue>> field : hashedFields.entrySet()) {
                    List<IonValue> shown = readableFields.getOrDefault(field.getKey(), List.of());
                    List<IonValue> values = field.getValue();
                    String fieldPath = path + "." + field.getKey();
                    if (shown.size() != values.size()) {
                        throw VerificationException.disagreement(fieldPath + " must be shown as often as it is "
                                + "hashed", hashedCopy, values.size() + " time(s)", readableCopy,
                                shown.size() + " time(s)");
                    }
                    for (int i = 0; i < values.size(); i++) {
                        compare(fieldPath, hashedCopy, values.get(i), readableCopy, shown.get(i));
                    }
                }
                for (String name : readableFields.keySet()) {
                    if (!hashedFields.containsKey(name)) {
                        throw VerificationException.disagreement(path + "." + name + " is shown but not hashed",
                                hashedCopy, "no such field", readableCopy, show(readableFields.get(name).get(0)));
                    }
                }
            }
            default -> {
                // scalars: same() compared them
            }
        }
    }

    /** Whether {@code readable} has the JSON form of {@code hashed} at this level (containers: kind and size). */
    private static boolean same(IonValue hashed, IonValue readable) {
        if (hashed.isNullValue() || readable.isNullValue()) {
            return hashed.isNullValue() && readable.isNullValue();
        }
        IonType type = readable.getType();
        return switch (hashed.getType()) {
            case BOOL -> type == IonType.BOOL && ((IonBool) hashed).booleanValue() == ((IonBool) readable).booleanValue();
            case INT, DECIMAL -> {
                BigDecimal shown = number(readable);
                yield shown != null && number(hashed).compareTo(shown) == 0;
            }
            case FLOAT -> sameFloat(((IonFloat) hashed).doubleValue(), readable);
            case TIMESTAMP -> type == IonType.STRING
                    && ((IonTimestamp) hashed).timestampValue().toString().equals(((IonText) readable).stringValue());
            case STRING, SYMBOL -> type == IonType.STRING
                    && ((IonText) hashed).stringValue().equals(((IonText) readable).stringValue());
            case BLOB, CLOB -> type == IonType.STRING && Base64.getEncoder()
                    .encodeToString(((IonLob) hashed).getBytes()).equals(((IonText) readable).stringValue());
            case LIST, SEXP -> type == IonType.LIST && ((IonSequence) hashed).size() == ((IonSequence) readable).size();
            case STRUCT -> type == IonType.STRUCT;
            default -> false;
        };
    }

    private static boolean sameFloat(double hashed, IonValue readable) {
        if (Double.isNaN(hashed) || Double.isInfinite(hashed)) {
            String text = Double.isNaN(hashed) ? "nan" : hashed > 0 ? "+inf" : "-inf";
            return readable.getType() == IonType.STRING && text.equals(((IonText) readable).stringValue());
        }
        BigDecimal shown = number(readable);
        return shown != null && shown.doubleValue() == hashed;
    }

    /** The exact value of an int, a decimal, or a string holding a decimal number; else null. */
    private static BigDecimal number(IonValue value) {
        switch (value.getType()) {
            case INT -> {
                return new BigDecimal(((IonInt) value).bigIntegerValue());
            }
            case DECIMAL -> {
                return ((IonDecimal) value).bigDecimalValue();
            }
            case STRING -> {
                try {
                    return new BigDecimal(((IonText) value).stringValue());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
    }

    private static Map<String, List<IonValue>> fields(IonStruct struct) {
        Map<String, List<IonValue>> fields = new LinkedHashMap<>();
        for (IonValue field : struct) {
            fields.computeIfAbsent(field.getFieldName(), name -> new ArrayList<>()).add(field);
        }
        return fields;
    }

    private static void fail(String path, String hashedCopy, IonValue hashed, String readableCopy, IonValue readable) {
        throw VerificationException.disagreement(path + " must show the value that was hashed", hashedCopy,
                show(hashed), readableCopy, show(readable));
    }

    /** The value's Ion text, shortened for a message. */
    static String show(IonValue value) {
        String text = value.toString();
        return text.length() > SHOWN ? text.substring(0, SHOWN - 3) + "..." : text;
    }
}
