package io.vellum.kafka.internal;

import com.amazon.ion.Decimal;
import com.amazon.ion.IonBool;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonLob;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonValue;
import java.util.Base64;

/**
 * Down-converts an Ion value to one line of JSON text, by the mapping documented on
 * {@link io.vellum.kafka.StreamFormat}. Written by hand rather than with ion-java's JSON writer, which prints
 * decimals as {@code 7500e-2} instead of {@code 75.00}, and rather than with Jackson, which this module does not
 * otherwise need. Output never contains a raw line break (they are escaped in strings), so it fits one
 * Server-Sent Events {@code data:} line. Stateless and thread-safe.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** The JSON text of {@code value}. */
    public static String of(IonValue value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    private static void write(IonValue value, StringBuilder out) {
        if (value == null || value.isNullValue()) {
            out.append("null");
            return;
        }
        switch (value.getType()) {
            case BOOL -> out.append(((IonBool) value).booleanValue());
            case INT -> out.append(((IonInt) value).bigIntegerValue());
            case DECIMAL -> writeDecimal(((IonDecimal) value).decimalValue(), out);
            case FLOAT -> writeFloat(((IonFloat) value).doubleValue(), out);
            case TIMESTAMP -> writeString(((IonTimestamp) value).timestampValue().toString(), out);
            case STRING, SYMBOL -> writeString(((IonText) value).stringValue(), out);
            case BLOB, CLOB -> writeString(Base64.getEncoder().encodeToString(((IonLob) value).getBytes()), out);
            case LIST, SEXP -> {
                out.append('[');
                boolean first = true;
                for (IonValue element : (IonContainer) value) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(element, out);
                }
                out.append(']');
            }
            case STRUCT -> {
                out.append('{');
                boolean first = true;
                for (IonValue field : (IonStruct) value) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(field.getFieldName(), out);
                    out.append(':');
                    write(field, out);
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("no JSON form for Ion type " + value.getType());
        }
    }

    private static void writeDecimal(Decimal decimal, StringBuilder out) {
        // BigDecimal.toString keeps the scale and is valid JSON (1.50, 1E+3); BigDecimal itself has no -0.
        String text = decimal.toString();
        out.append(decimal.isNegativeZero() && !text.startsWith("-") ? "-" + text : text);
    }

    private static void writeFloat(double number, StringBuilder out) {
        if (Double.isNaN(number)) {
            writeString("nan", out);
        } else if (Double.isInfinite(number)) {
            writeString(number > 0 ? "+inf" : "-inf", out);
        } else {
            out.append(number);
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters and the two JavaScript line separators must be escaped.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
