package io.vellum.wallet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body: exactly one JSON object whose fields are all known to the operation, read with typed accessors
 * that refuse wrong types with the field's name. Money fields accept a JSON number or a string of decimal digits,
 * both read exactly; never through a double.
 */
final class JsonBody {
    private static final int MAX_DECIMAL_TEXT = 100;

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /**
     * Parses {@code body}, which must be one JSON object with no field outside {@code knownFields}.
     *
     * @throws WalletException MALFORMED_JSON (with line and column) or UNKNOWN_FIELD
     */
    static JsonBody parse(byte[] body, Set<String> knownFields) {
        if (body.length == 0) {
            throw new WalletException(WalletError.MALFORMED_JSON, "the request body must be a JSON object, got an "
                    + "empty body");
        }
        JsonNode root = FlatJsonObject.read(body);
        if (root == null) {
            root = readTree(body);
        }
        if (root == null || !root.isObject()) {
            throw new WalletException(WalletError.MALFORMED_JSON, "the request body must be a JSON object, got "
                    + (root == null ? "nothing" : kind(root)));
        }
        Set<String> unknown = null;
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!knownFields.contains(name)) {
                if (unknown == null) {
                    unknown = new TreeSet<>();
                }
                unknown.add(name);
            }
        }
        if (unknown != null) {
            String first = unknown.iterator().next();
            throw new WalletException(WalletError.UNKNOWN_FIELD, "unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; this operation takes " + String.join(", ", new TreeSet<>(knownFields)),
                    first);
        }
        return new JsonBody((ObjectNode) root);
    }

    /** The body as the mapper reads it: any JSON value, or null for none; refusals in the wallet's words. */
    private static JsonNode readTree(byte[] body) {
        String text = utf8(body);
        try {
            return WalletJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw new WalletException(WalletError.MALFORMED_JSON, problem(e) + (location == null
                    || location.getLineNr() < 0 ? "" : " (line " + location.getLineNr() + ", column "
                    + location.getColumnNr() + ")"));
        } catch (RuntimeException e) {
            // E.g. a number literal no BigDecimal can hold (an exponent beyond 32 bits).
            throw new WalletException(WalletError.MALFORMED_JSON, "the request body is not valid JSON or holds a "
                    + "number that cannot be read as a decimal");
        }
    }

    /**
     * The body as text. JSON on the wire is UTF-8 without a byte order mark (RFC 8259 §8.1); the parser would guess
     * UTF-16 and UTF-32 from the first bytes and skip a mark, so the bytes are decoded strictly here first.
     */
    private static String utf8(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            throw new WalletException(WalletError.MALFORMED_JSON, "the request body starts with a byte order mark; "
                    + "send UTF-8 without one");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new WalletException(WalletError.MALFORMED_JSON, "the request body is not valid UTF-8");
        }
    }

    /**
     * What is wrong with a body the parser refused, in the wallet's words: the parser's own messages name its
     * classes and methods. Only the kind of problem is taken from it.
     */
    private static String problem(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            if (original.contains("nesting depth")) {
                return "the request body nests arrays or objects deeper than " + WalletJson.MAX_NESTING_DEPTH
                        + " levels";
            }
            if (original.startsWith("Number")) {
                return "a number in the request body is longer than " + WalletJson.MAX_NUMBER_LENGTH + " characters";
            }
            return "the request body exceeds a size limit of the JSON reader";
        }
        if (original.startsWith("Duplicate field '")) {
            int end = original.indexOf('\'', 17);
            String name = end > 17 ? original.substring(17, end) : "?";
            return "the request body is not valid JSON: member '" + shorten(name) + "' appears twice in one object";
        }
        if (original.contains("UTF-8") || original.contains("UTF8") || original.contains("surrogate")) {
            return "the request body is not valid UTF-8";
        }
        if (e instanceof JsonEOFException) {
            return "the request body is not valid JSON: it ends inside a value";
        }
        if (original.startsWith("Trailing token")) {
            return "the request body is not valid JSON: there is more after the object";
        }
        return "the request body is not valid JSON";
    }

    /** A string field that must be present. */
    String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /** A string field, or null when absent or null. */
    String optionalText(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new WalletException(WalletError.INVALID_FIELD, field + " must be a string, got " + kind(value), field);
        }
        return value.textValue();
    }

    /**
     * A money field that must be present: a JSON number, or a string such as {@code "10.25"}, read exactly. Range
     * and scale are the money rules' to check.
     */
    BigDecimal requiredDecimal(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        if (value.isNumber()) {
            // With USE_BIG_DECIMAL_FOR_FLOATS no number was ever a double; integers convert exactly.
            return value.decimalValue();
        }
        if (value.isTextual()) {
            String text = value.textValue();
            if (text.length() <= MAX_DECIMAL_TEXT && decimalText(text)) {
                return new BigDecimal(text);
            }
            throw new WalletException(WalletError.INVALID_FIELD, field + " must be a decimal number such as 10.25 "
                    + "(a JSON number or a string of digits), got the string \"" + shorten(text) + "\"", field);
        }
        throw new WalletException(WalletError.INVALID_FIELD, field + " must be a decimal number such as 10.25 "
                + "(a JSON number or a string of digits), got " + kind(value), field);
    }

    /**
     * Whether {@code text} is a decimal as a client writes one in a string, and nothing else: an optional sign, digits
     * with an optional fraction ({@code 10}, {@code 10.}, {@code 10.25}) or a fraction alone ({@code .25}), then an
     * optional exponent of 1 to 9 digits ({@code e-3}, {@code E+12}). ASCII digits only. The regular expression
     * {@code [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,9})?}, checked by hand: it is read for every amount.
     */
    static boolean decimalText(String text) {
        int length = text.length();
        int at = 0;
        if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
            at++;
        }
        int integerEnd = digits(text, at);
        boolean integer = integerEnd > at;
        at = integerEnd;
        if (at < length && text.charAt(at) == '.') {
            int fractionEnd = digits(text, at + 1);
            if (!integer && fractionEnd == at + 1) {
                return false; // "." or ".e5": a fraction alone needs a digit
            }
            at = fractionEnd;
        } else if (!integer) {
            return false;
        }
        if (at < length && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            int exponentEnd = digits(text, at);
            if (exponentEnd == at || exponentEnd - at > 9) {
                return false;
            }
            at = exponentEnd;
        }
        return at == length;
    }

    /** The first position at or after {@code at} that is not an ASCII digit. */
    private static int digits(String text, int at) {
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at;
    }

    private static WalletException missing(String field) {
        return new WalletException(WalletError.MISSING_FIELD, field + " is required", field);
    }

    private static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case BOOLEAN:
                return "a boolean";
            case NUMBER:
                return "a number";
            case STRING:
                return "a string";
            case NULL:
                return "null";
            default:
                return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
