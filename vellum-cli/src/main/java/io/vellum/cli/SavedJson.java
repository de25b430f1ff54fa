package io.vellum.cli;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a saved API answer (one JSON object) into Ion values without losing anything a comparison needs: every
 * number keeps its exact value (an integer becomes an Ion int, any other number an Ion decimal with its digits, so
 * {@code 1E-7} and {@code 100.50} stay exact; Ion's own text reader would turn an exponent into a binary float), and
 * a repeated member name stays repeated, so a second copy of a member cannot hide behind the first. Strings, booleans
 * and null map to Ion string, bool and {@code null}; arrays to lists; objects to structs in member order.
 * Thread-safe (stateless).
 */
final class SavedJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private SavedJson() {
    }

    /**
     * The single JSON object in {@code content}.
     *
     * @throws IllegalArgumentException naming the line and column when it is not exactly one JSON object
     */
    static IonStruct parseObject(IonSystem ion, String content) {
        try (JsonParser parser = JSON.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("must hold exactly one JSON object, found "
                        + (first == null ? "nothing" : first.asString() == null ? first.name() : first.asString()));
            }
            IonStruct value = (IonStruct) read(ion, parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new IllegalArgumentException("must hold exactly one JSON object, found more after it at line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr());
            }
            return value;
        } catch (IOException e) {
            // Jackson's message names the line and column of the syntax error.
            throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }

    private static IonValue read(IonSystem ion, JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                IonStruct struct = ion.newEmptyStruct();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    struct.add(name, read(ion, parser, parser.nextToken()));
                }
                return struct;
            }
            case START_ARRAY -> {
                IonList list = ion.newEmptyList();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(read(ion, parser, next));
                }
                return list;
            }
            case VALUE_STRING -> {
                return ion.newString(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return ion.newInt(parser.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return ion.newDecimal(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return ion.newBool(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return ion.newNull();
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + token + " at line "
                    + parser.currentLocation().getLineNr());
        }
    }
}
