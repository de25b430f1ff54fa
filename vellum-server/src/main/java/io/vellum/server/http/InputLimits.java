package io.vellum.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

/**
 * The bounds every request body is read within, on every API (Session API, control plane, native {@code /v1}), so
 * that hostile input is refused with a 400 naming the bound instead of exhausting a thread's stack, the CPU or memory:
 * <ul>
 *   <li>{@value #MAXIMUM_NESTING_DEPTH} levels of nested JSON arrays/objects or Ion containers (the body's own levels
 *       included). Readers recurse per level; thousands of levels overflowed a worker thread's stack.</li>
 *   <li>{@value #MAXIMUM_NUMBER_LENGTH} characters per number in JSON or Ion text. Parsing a decimal number is
 *       quadratic in its digits (a million digits took 12 s of CPU).</li>
 *   <li>strings no longer than the body ({@link #MAXIMUM_BODY_BYTES}).</li>
 *   <li>duplicate members of a JSON object are refused, not resolved to one of them.</li>
 * </ul>
 * Text must also be well-formed UTF-8 ({@link Utf8Text}). Stateless.
 */
public final class InputLimits {
    /**
     * Largest accepted body. A QLDB transaction holds at most 4 MB of documents; as base64 parameters of one
     * statement that is about 5.5 MB of JSON, so 8 MiB admits every legal request and bounds memory per request.
     */
    public static final int MAXIMUM_BODY_BYTES = 8 << 20;
    /** Nesting levels of containers in one request body or value. */
    public static final int MAXIMUM_NESTING_DEPTH = 100;
    /** Characters of one number in JSON or Ion text. */
    public static final int MAXIMUM_NUMBER_LENGTH = 1_000;
    /** Characters of one JSON string. */
    public static final int MAXIMUM_STRING_LENGTH = MAXIMUM_BODY_BYTES;

    private InputLimits() {
    }

    /** A JSON factory that enforces the bounds above and refuses duplicate members. */
    public static JsonFactory jsonFactory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAXIMUM_NESTING_DEPTH)
                        .maxNumberLength(MAXIMUM_NUMBER_LENGTH)
                        .maxStringLength(MAXIMUM_STRING_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * The refusal of a statement whose evaluation overflowed the thread's stack: the query engine recurses per level
     * of nested expressions or literals, so a statement (or parameter) nested thousands deep cannot be processed.
     * The engine bounds its own nesting; this is the server's backstop, a 400 instead of a 500.
     */
    public static LedgerException statementTooDeep() {
        return new LedgerException(ErrorCode.INVALID_REQUEST, "The statement nests expressions or values too deeply"
                + " to be processed; reduce its nesting (parameters may nest at most " + MAXIMUM_NESTING_DEPTH
                + " levels)");
    }

    /**
     * The refusal of a statement whose arithmetic left the range of Java's numbers (e.g. {@code Price + ?} with
     * {@code 1d999999999}: aligning the scales needs 10^999999999). The engine bounds its numbers itself; this is the
     * server's backstop, a 400 instead of a 500.
     */
    public static LedgerException arithmeticOutOfRange() {
        return new LedgerException(ErrorCode.INVALID_REQUEST, "The statement's arithmetic is out of range: a number"
                + " in it (or in its parameters) is too large or too precise to compute with");
    }

    /**
     * The refusal of a statement whose evaluation met a value it cannot convert or compute (e.g. {@code CAST('x' AS
     * TIMESTAMP)}, a date moved beyond year 9999): the engine's value libraries throw IllegalArgumentException; this
     * is the server's backstop, a 400 instead of a 500, until the engine reports such values itself.
     */
    public static LedgerException valueOutOfRange() {
        return new LedgerException(ErrorCode.INVALID_REQUEST, "The statement cannot be evaluated: a value in it (or"
                + " in its parameters) cannot be converted or is out of range");
    }

    /** An object mapper over {@link #jsonFactory()}. */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper(jsonFactory());
    }
}
