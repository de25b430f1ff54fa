package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonClob;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import com.amazon.ion.SymbolToken;

/**
 * A cheap upper bound of a value's Ion binary size (including the local symbol table entries its field names,
 * annotations and symbols may need), so that size limits are checked without encoding the common small values.
 * Only when the bound exceeds a limit is the value encoded to get the exact size.
 */
final class IonSizeBound {
    /** Type descriptor + a length of up to 4 bytes (VarUInt, enough for 128 MiB). */
    private static final long HEADER = 5;
    /** A symbol id of up to 4 bytes plus its symbol table entry's header. */
    private static final long SYMBOL = 4 + HEADER;

    private IonSizeBound() {
    }

    /** The Ion version marker (4 bytes) plus the local symbol table's own wrapper, struct and list headers. */
    private static final long STREAM = 4 + 4 * HEADER + 2 * SYMBOL;

    /** Upper bound of the value's size as a complete Ion binary stream (what size limits measure). */
    static long of(IonValue value) {
        return STREAM + valueBound(value);
    }

    private static long valueBound(IonValue value) {
        long size = ownBound(value);
        if (value instanceof IonContainer container && !container.isNullValue()) {
            boolean struct = container instanceof IonStruct;
            for (IonValue child : container) {
                size += (struct ? fieldNameBound(child) : 0) + valueBound(child);
            }
        }
        return size;
    }

    /**
     * The bound of {@code value} without its children: annotations, the value itself (for a non-null container only
     * its header). A container's bound is this plus, per child, {@link #fieldNameBound} (in a struct) and the child's
     * whole bound; {@link DocumentWalk} adds them up in its own walk.
     */
    static long ownBound(IonValue value) {
        // Symbol tokens, not text: a symbol without text ($0) has none to count, and asking for it would throw.
        SymbolToken[] annotations = value.getTypeAnnotationSymbols();
        long size = 0;
        for (SymbolToken annotation : annotations) {
            size += SYMBOL + utf8Bound(annotation.getText());
        }
        if (!value.isNullValue()) {
            size += switch (value.getType()) {
                case INT -> HEADER + ((IonInt) value).bigIntegerValue().bitLength() / 8 + 1;
                case DECIMAL -> HEADER + 10 + ((IonDecimal) value).bigDecimalValue().unscaledValue().bitLength() / 8 + 1;
                case FLOAT -> 9;
                case TIMESTAMP -> 32;
                case STRING -> HEADER + utf8Bound(((IonText) value).stringValue());
                case SYMBOL -> SYMBOL + utf8Bound(((IonSymbol) value).symbolValue().getText());
                case BLOB -> HEADER + ((IonBlob) value).byteSize();
                case CLOB -> HEADER + ((IonClob) value).byteSize();
                case LIST, SEXP, STRUCT -> HEADER;
                default -> 1;
            };
        }
        // Annotation wrappers add their own header and annotation-list length.
        return size + 1 + (annotations.length > 0 ? 2 * HEADER : 0);
    }

    /** The bound of a struct member's field name (its symbol id and symbol table entry). */
    static long fieldNameBound(IonValue member) {
        return SYMBOL + utf8Bound(member.getFieldNameSymbol().getText());
    }

    /** The bound of a complete stream's version marker and symbol table wrapper, added once per value. */
    static long streamBound() {
        return STREAM;
    }

    /** Java chars encode to at most 3 UTF-8 bytes each (a surrogate pair: 4 bytes for 2 chars). */
    private static long utf8Bound(String text) {
        return text == null ? 0 : 3L * text.length();
    }
}
