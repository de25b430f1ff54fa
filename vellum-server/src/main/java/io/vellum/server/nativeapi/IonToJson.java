package io.vellum.server.nativeapi;

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
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Base64;

/**
 * Down-converts Ion values to JSON for the native API. The mapping (documented for users in the native API's
 * Javadoc and README):
 * <table>
 *   <caption>Ion to JSON</caption>
 *   <tr><th>Ion</th><th>JSON</th></tr>
 *   <tr><td>any {@code null.*}</td><td>{@code null}</td></tr>
 *   <tr><td>bool</td><td>{@code true} / {@code false}</td></tr>
 *   <tr><td>int</td><td>number, every digit (no 53-bit rounding on the server side)</td></tr>
 *   <tr><td>decimal</td><td>number, exactly: digits and scale kept ({@code 1.50} stays {@code 1.50},
 *       {@code 1d3} is {@code 1E+3}, negative zero {@code -0.0})</td></tr>
 *   <tr><td>float</td><td>number; {@code nan}, {@code +inf}, {@code -inf} as those strings (JSON has no such
 *       numbers)</td></tr>
 *   <tr><td>timestamp</td><td>string in Ion's text form, precision and offset kept
 *       ({@code "2019-09-16T19:37:05.344Z"}, {@code "2017-08-21"})</td></tr>
 *   <tr><td>string, symbol</td><td>string</td></tr>
 *   <tr><td>blob, clob</td><td>string, standard Base64 of the bytes</td></tr>
 *   <tr><td>list, sexp</td><td>array</td></tr>
 *   <tr><td>struct</td><td>object; a repeated field name is written repeated, as Ion holds it</td></tr>
 *   <tr><td>annotations</td><td>dropped</td></tr>
 * </table>
 * The conversion loses types (a timestamp and a string look alike); the QLDB API's {@code IonText} and the Session
 * API keep them. Thread-safe (stateless).
 */
final class IonToJson {
    private IonToJson() {
    }

    /** Writes {@code value} (which may be Java null, written as JSON null) as one JSON value. */
    static void write(IonValue value, JsonGenerator json) throws IOException {
        if (value == null || value.isNullValue()) {
            json.writeNull();
            return;
        }
        switch (value.getType()) {
            case BOOL -> json.writeBoolean(((IonBool) value).booleanValue());
            case INT -> json.writeNumber(((IonInt) value).bigIntegerValue());
            case DECIMAL -> writeDecimal(((IonDecimal) value).decimalValue(), json);
            case FLOAT -> writeFloat(((IonFloat) value).doubleValue(), json);
            case TIMESTAMP -> json.writeString(((IonTimestamp) value).timestampValue().toString());
            case STRING, SYMBOL -> json.writeString(((IonText) value).stringValue());
            case BLOB, CLOB -> json.writeString(Base64.getEncoder().encodeToString(((IonLob) value).getBytes()));
            case LIST, SEXP -> {
                json.writeStartArray();
                for (IonValue element : (IonContainer) value) {
                    write(element, json);
                }
                json.writeEndArray();
            }
            case STRUCT -> {
                json.writeStartObject();
                for (IonValue field : (IonStruct) value) {
                    json.writeFieldName(field.getFieldName());
                    write(field, json);
                }
                json.writeEndObject();
            }
            default -> throw new IllegalArgumentException("no JSON form for Ion type " + value.getType());
        }
    }

    private static void writeDecimal(Decimal decimal, JsonGenerator json) throws IOException {
        // BigDecimal.toString keeps the scale and is valid JSON (1.50, 1E+3); plain BigDecimal has no -0.
        String text = decimal.toString();
        json.writeNumber(decimal.isNegativeZero() && !text.startsWith("-") ? "-" + text : text);
    }

    private static void writeFloat(double number, JsonGenerator json) throws IOException {
        if (Double.isNaN(number)) {
            json.writeString("nan");
        } else if (Double.isInfinite(number)) {
            json.writeString(number > 0 ? "+inf" : "-inf");
        } else {
            json.writeNumber(number);
        }
    }
}
