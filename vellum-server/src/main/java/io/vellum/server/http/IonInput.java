package io.vellum.server.http;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonException;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.SymbolToken;
import com.amazon.ion.UnknownSymbolException;
import com.amazon.ion.system.IonReaderBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.DirectIonBinary;
import java.io.IOException;
import java.util.Arrays;

/**
 * Ion from a request, read within {@link InputLimits}: before the DOM (which recurses per level) materialises a
 * value, a streaming reader walks it and refuses more than {@value InputLimits#MAXIMUM_NESTING_DEPTH} levels (a
 * single Ion binary value too short to nest that deep is loaded first and walked only when that fails,
 * {@link #singleBinary}, with the same refusals); Ion text must be strict UTF-8 without unpaired surrogates
 * ({@link Utf8Text}) and have no number longer than {@value InputLimits#MAXIMUM_NUMBER_LENGTH} characters; Ion
 * binary strings are checked by ion-java's own strict UTF-8 decoder. Every failure is INVALID_REQUEST naming
 * {@code what} and the rule, never ion-java's message (it carries class names). Stateless and thread-safe.
 */
public final class IonInput {
    private static final byte[] BINARY_VERSION_MARKER = {(byte) 0xE0, 0x01, 0x00, (byte) 0xEA};
    private static final IonReaderBuilder READERS = IonReaderBuilder.standard().immutable();

    private IonInput() {
    }

    /** Whether {@code bytes} start with the Ion 1.0 binary version marker. */
    public static boolean isBinary(byte[] bytes) {
        return bytes.length >= BINARY_VERSION_MARKER.length
                && Arrays.equals(bytes, 0, BINARY_VERSION_MARKER.length, BINARY_VERSION_MARKER, 0,
                BINARY_VERSION_MARKER.length);
    }

    /**
     * Every top-level value of {@code bytes}: Ion binary when they start with the version marker, else UTF-8 Ion
     * text (which includes JSON).
     */
    public static IonDatagram load(IonSystem ion, byte[] bytes, String what) {
        if (isBinary(bytes)) {
            checkStructure(READERS.build(bytes), what);
            return loadChecked(ion, bytes, null, what);
        }
        String text = Utf8Text.decode(bytes, what);
        checkText(text, what);
        return loadChecked(ion, null, text, what);
    }

    /** Exactly one value of Ion binary. */
    public static IonValue singleBinary(IonSystem ion, byte[] bytes, String what) {
        // The common shapes without ion-java's reader; it accepts only what the load below accepts, within the limits.
        IonValue direct = DirectIonBinary.read(ion, bytes);
        if (direct != null) {
            return direct;
        }
        if (bytes.length - BINARY_VERSION_MARKER.length <= InputLimits.MAXIMUM_NESTING_DEPTH) {
            return single(loadSmallBinary(ion, bytes, what), what);
        }
        return singleBinaryWalkFirst(ion, bytes, what);
    }

    /** {@link #singleBinary} as it reads any size: the walk (depth, malformed data, UTF-8), then the load. */
    static IonValue singleBinaryWalkFirst(IonSystem ion, byte[] bytes, String what) {
        checkStructure(READERS.build(bytes), what);
        return single(loadChecked(ion, bytes, null, what), what);
    }

    /**
     * Ion binary too short to nest deeper than the limit (every container takes at least its type byte), loaded
     * without the separate walk: the walk's reader cost more than the load of a driver's parameter. Loading finds
     * what the walk finds (malformed data, invalid UTF-8: the loader decodes every string strictly), except symbols,
     * field names and annotations whose text is unknown, which the walk refuses and the DOM keeps; such a value,
     * and any the loader refuses, goes through the walk after all, so every refusal is the one the walk-first order
     * gave.
     */
    private static IonDatagram loadSmallBinary(IonSystem ion, byte[] bytes, String what) {
        IonDatagram values;
        try {
            values = ion.getLoader().load(bytes);
        } catch (IonException | IllegalArgumentException | IllegalStateException e) {
            checkStructure(READERS.build(bytes), what);
            throw invalid(what + " is not valid Ion binary");
        }
        if (hasSymbolWithoutText(values)) {
            checkStructure(READERS.build(bytes), what);
        }
        return values;
    }

    private static boolean hasSymbolWithoutText(IonValue value) {
        for (SymbolToken annotation : value.getTypeAnnotationSymbols()) {
            if (annotation.getText() == null) {
                return true;
            }
        }
        SymbolToken fieldName = value.getFieldNameSymbol();
        if (fieldName != null && fieldName.getText() == null) {
            return true;
        }
        if (value instanceof IonSymbol symbol) {
            return !symbol.isNullValue() && symbol.symbolValue().getText() == null;
        }
        if (value instanceof IonContainer container) {
            for (IonValue child : container) {
                if (hasSymbolWithoutText(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Exactly one value of Ion text. */
    public static IonValue singleText(IonSystem ion, String text, String what) {
        checkText(text, what);
        return single(loadChecked(ion, null, text, what), what);
    }

    private static IonValue single(IonDatagram values, String what) {
        if (values.size() != 1) {
            throw invalid(what + " must hold exactly one Ion value, not " + values.size());
        }
        return values.get(0);
    }

    private static void checkText(String text, String what) {
        Utf8Text.requireWellFormed(text, what);
        checkNumberLengths(text, what);
        checkStructure(READERS.build(text), what);
    }

    private static IonDatagram loadChecked(IonSystem ion, byte[] bytes, String text, String what) {
        try {
            return bytes != null ? ion.getLoader().load(bytes) : ion.getLoader().load(text);
        } catch (IonException | IllegalArgumentException | IllegalStateException e) {
            throw invalid(what + " is not valid Ion" + (bytes != null ? " binary" : " text (nor JSON)"));
        }
    }

    /** Walks every value without materialising it, refusing too deep nesting and malformed input. */
    private static void checkStructure(IonReader reader, String what) {
        try (reader) {
            while (true) {
                IonType type = reader.next();
                if (type == null) {
                    if (reader.getDepth() == 0) {
                        return;
                    }
                    reader.stepOut();
                    continue;
                }
                // Annotations and field names must have text too ($0 has none): the engine names them in hashes,
                // results and messages. Both calls throw UnknownSymbolException (an IonException) when one has none.
                reader.getTypeAnnotations();
                if (reader.isInStruct()) {
                    reader.getFieldName();
                }
                if (IonType.isContainer(type) && !reader.isNullValue()) {
                    if (reader.getDepth() >= InputLimits.MAXIMUM_NESTING_DEPTH) {
                        throw invalid(what + " nests containers more than " + InputLimits.MAXIMUM_NESTING_DEPTH
                                + " levels deep; the limit is " + InputLimits.MAXIMUM_NESTING_DEPTH);
                    }
                    reader.stepIn();
                } else if (type == IonType.STRING || type == IonType.SYMBOL) {
                    // Decodes the text, so malformed UTF-8 in Ion binary surfaces here.
                    reader.stringValue();
                }
            }
        } catch (UnknownSymbolException e) {
            throw invalid(what + " is not valid Ion here: a symbol, field name or annotation has no known text ("
                    + e.getSid() + "); every symbol must have text");
        } catch (IonException | IllegalArgumentException | IllegalStateException e) {
            throw invalid(what + " is not valid Ion" + " (malformed data or invalid UTF-8 text)");
        } catch (IOException e) {
            throw invalid(what + " cannot be read as Ion");
        }
    }

    /**
     * Refuses numeric tokens (ints, decimals, floats, timestamps) longer than the limit, by a light scan that skips
     * strings, quoted symbols, comments and lobs. Identifiers are skipped whole so their digits are not numbers.
     */
    static void checkNumberLengths(String text, String what) {
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipQuoted(text, i + 1, '"');
            } else if (text.startsWith("'''", i)) {
                int end = text.indexOf("'''", i + 3);
                i = end < 0 ? length : end + 3;
            } else if (c == '\'') {
                i = skipQuoted(text, i + 1, '\'');
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (text.startsWith("{{", i)) {
                i = skipLob(text, i + 2);
            } else if (isDigit(c) || ((c == '-' || c == '+') && i + 1 < length && isDigit(text.charAt(i + 1)))) {
                int start = i;
                i++;
                while (i < length && isNumberPart(text.charAt(i))) {
                    i++;
                }
                if (i - start > InputLimits.MAXIMUM_NUMBER_LENGTH) {
                    throw invalid(what + " has a number of " + (i - start) + " characters; the limit is "
                            + InputLimits.MAXIMUM_NUMBER_LENGTH);
                }
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                i++;
                while (i < length && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == '$')) {
                    i++;
                }
            } else {
                i++;
            }
        }
    }

    private static int skipQuoted(String text, int i, char quote) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static int skipLob(String text, int i) {
        while (i < text.length()) {
            if (text.startsWith("}}", i)) {
                return i + 2;
            }
            if (text.startsWith("'''", i)) {
                int end = text.indexOf("'''", i + 3);
                i = end < 0 ? text.length() : end + 3;
            } else if (text.charAt(i) == '"') {
                i = skipQuoted(text, i + 1, '"');
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNumberPart(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_'
                || c == '+' || c == '-' || c == ':';
    }

    private static LedgerException invalid(String message) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, message);
    }
}
