package io.vellum.server.nativeapi;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.IonInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A native-API request body: one JSON object, read as Ion. JSON is Ion text, so plain JSON works and Ion text (or
 * binary) may be sent instead to give parameters Ion types JSON lacks. How JSON reads as Ion: strings are strings,
 * integers are ints, numbers with a fraction are <b>decimals, exactly</b> ({@code 12.50} keeps its two digits), numbers
 * with an exponent ({@code 1e3}) are floats, {@code true}/{@code false} bools, {@code null} null, arrays lists,
 * objects structs. In Ion text: {@code 2019-09-16T19:37:05.344Z} is a timestamp, {@code {{aGk=}}} a blob,
 * {@code 'sym'} a symbol, {@code 7d-2} a decimal.
 */
final class NativeRequestBody {
    private final IonStruct body;

    private NativeRequestBody(IonStruct body) {
        this.body = body;
    }

    /**
     * Parses {@code bytes}, which must hold exactly one object whose fields are among {@code fields}.
     *
     * @throws LedgerException INVALID_REQUEST naming the problem
     */
    static NativeRequestBody parse(IonSystem ion, byte[] bytes, Set<String> fields) {
        // Bounded (nesting, number length), strict UTF-8 for text; refusals name the rule.
        IonDatagram values = IonInput.load(ion, bytes, "the body");
        if (values.size() != 1 || values.get(0).getType() != IonType.STRUCT || values.get(0).isNullValue()) {
            throw invalid("the body must be one JSON object");
        }
        IonStruct body = (IonStruct) values.get(0);
        Set<String> seen = new HashSet<>();
        for (IonValue field : body) {
            if (!fields.contains(field.getFieldName())) {
                throw invalid("unknown field \"" + abbreviate(field.getFieldName()) + "\"; expected " + fields);
            }
            // Ion structs may repeat a field; a JSON request may not (which one would win is a guess).
            if (!seen.add(field.getFieldName())) {
                throw invalid("duplicate field \"" + field.getFieldName() + "\"; each field may appear once");
            }
        }
        return new NativeRequestBody(body);
    }

    /** A required string (or symbol) field. */
    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw invalid("\"" + field + "\" is required");
        }
        return value;
    }

    /** A string field, or null when absent or null. */
    String optionalString(String field) {
        IonValue value = body.get(field);
        if (value == null || value.isNullValue()) {
            return null;
        }
        if (!(value instanceof IonText text)) {
            throw invalid("\"" + field + "\" must be a string, got " + value.getType());
        }
        return text.stringValue();
    }

    /** A boolean field, or {@code otherwise} when absent or null. */
    boolean optionalBoolean(String field, boolean otherwise) {
        IonValue value = body.get(field);
        if (value == null || value.isNullValue()) {
            return otherwise;
        }
        if (value.getType() != IonType.BOOL) {
            throw invalid("\"" + field + "\" must be true or false, got " + value.getType());
        }
        return ((IonBool) value).booleanValue();
    }

    /** The elements of a list field, detached so they can be passed on as parameters; empty when absent. */
    List<IonValue> list(String field) {
        IonValue value = body.get(field);
        if (value == null || value.isNullValue()) {
            return List.of();
        }
        if (value.getType() != IonType.LIST) {
            throw invalid("\"" + field + "\" must be an array, got " + value.getType());
        }
        List<IonValue> elements = new ArrayList<>();
        for (IonValue element : (IonList) value) {
            elements.add(element.clone());
        }
        return elements;
    }

    /** An object of strings ({@code tags}), empty when absent. */
    Map<String, String> stringMap(String field) {
        IonValue value = body.get(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNullValue()) {
            return map;
        }
        if (value.getType() != IonType.STRUCT) {
            throw invalid("\"" + field + "\" must be an object of strings");
        }
        for (IonValue entry : (IonStruct) value) {
            if (map.containsKey(entry.getFieldName())) {
                throw invalid("duplicate field \"" + field + "." + entry.getFieldName() + "\"");
            }
            if (!(entry instanceof IonText text) || entry.isNullValue()) {
                throw invalid("\"" + field + "." + entry.getFieldName() + "\" must be a string");
            }
            map.put(entry.getFieldName(), text.stringValue());
        }
        return map;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    static LedgerException invalid(String message) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, message);
    }
}
