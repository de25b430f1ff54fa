package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonValue;
import com.amazon.ion.SymbolToken;
import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * One walk over a document being written that does the work of three: the nesting limit
 * ({@link StatementLimits#checkValueDepth}, same refusal), the size bound ({@link IonSizeBound#of}, same number) and
 * whether it holds a NaN with a payload ({@link CanonicalNan}). Every insert and update walked each document three
 * times before. Iterative, like the depth check, so a value nested however deep is refused at the limit before
 * anything recursive touches it.
 */
final class DocumentWalk {
    /** What the walk found: {@link IonSizeBound#of}'s bound and whether {@link CanonicalNan} would copy. */
    record Result(long sizeBound, boolean hasPayloadNan) {
    }

    private DocumentWalk() {
    }

    /**
     * @throws LedgerException LIMIT_EXCEEDED when {@code document} nests too deep, INVALID_REQUEST when a field
     *         name, annotation or symbol has no text; each naming {@code what}
     */
    static Result of(IonStruct document, String what) {
        StatementLimits.requireValueDepth(1, what);
        requireText(document, what);
        long bound = IonSizeBound.streamBound() + IonSizeBound.ownBound(document);
        boolean payloadNan = false;
        if (document.isNullValue() || document.isEmpty()) {
            return new Result(bound, false);
        }
        Deque<Iterator<IonValue>> open = new ArrayDeque<>();
        Deque<Boolean> openIsStruct = new ArrayDeque<>();
        open.push(document.iterator());
        openIsStruct.push(Boolean.TRUE);
        while (!open.isEmpty()) {
            Iterator<IonValue> children = open.peek();
            if (!children.hasNext()) {
                open.pop();
                openIsStruct.pop();
                continue;
            }
            IonValue child = children.next();
            if (openIsStruct.peek()) {
                requireFieldNameText(child, what);
                bound += IonSizeBound.fieldNameBound(child);
            }
            requireText(child, what);
            bound += IonSizeBound.ownBound(child);
            if (child instanceof IonFloat number) {
                payloadNan |= CanonicalNan.isPayloadNan(number);
            } else if (child instanceof IonContainer container) {
                StatementLimits.requireValueDepth(open.size() + 1, what);
                if (!container.isNullValue() && !container.isEmpty()) {
                    open.push(container.iterator());
                    openIsStruct.push(container instanceof IonStruct);
                }
            }
        }
        return new Result(bound, payloadNan);
    }

    /**
     * A field name must have text: symbol id 0 ({@code $0}) or an id its symbol table does not define has none, and
     * a revision's hash, its stored form and every answer name fields by their text.
     */
    private static void requireFieldNameText(IonValue member, String what) {
        SymbolToken name = member.getFieldNameSymbol();
        if (name.getText() == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, what + " has a field name without text ($"
                    + name.getSid() + "); every field name must have text");
        }
    }

    /** Annotations and symbol values must have text too, for the same reasons (and the same refusal as at the door). */
    private static void requireText(IonValue value, String what) {
        for (SymbolToken annotation : value.getTypeAnnotationSymbols()) {
            if (annotation.getText() == null) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, what + " has an annotation without text ($"
                        + annotation.getSid() + "); every annotation must have text");
            }
        }
        if (value instanceof IonSymbol symbol && !symbol.isNullValue() && symbol.symbolValue().getText() == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, what + " has a symbol without text ($"
                    + symbol.symbolValue().getSid() + "); every symbol must have text");
        }
    }
}
