package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonLob;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonValue;
import com.amazon.ion.SymbolToken;

/**
 * A detached deep copy of a value in the engine's Ion system: what {@link IonSystem#clone} gives, faster for a value
 * of another system (a parameter built by the caller's own {@code IonSystem}), which {@code clone} copies through a
 * reader over the value. Values are rebuilt from their Java values (a decimal's {@code Decimal} keeps negative zero
 * and its exponent, a timestamp its precision and offset); anything with a symbol whose text is unknown (field name,
 * annotation, symbol value) goes to {@code clone}, which keeps symbol ids. A property test compares the two.
 */
final class IonCopy {
    private IonCopy() {
    }

    /** A copy of {@code value} in {@code ion}: equal to {@code ion.clone(value)}, not read-only, in no container. */
    @SuppressWarnings("unchecked")
    static <T extends IonValue> T of(IonSystem ion, T value) {
        if (value.getSystem() != ion) {
            IonValue copy = rebuilt(ion, value);
            if (copy != null) {
                return (T) copy;
            }
        }
        return ion.clone(value);
    }

    /** The value rebuilt in {@code ion}, or null when it holds something only {@code clone} copies exactly. */
    private static IonValue rebuilt(IonSystem ion, IonValue value) {
        IonValue copy;
        if (value.isNullValue()) {
            copy = ion.newNull(value.getType());
        } else {
            copy = switch (value.getType()) {
                case BOOL -> ion.newBool(((IonBool) value).booleanValue());
                case INT -> ion.newInt(((IonInt) value).bigIntegerValue());
                case DECIMAL -> ion.newDecimal(((IonDecimal) value).decimalValue());
                case FLOAT -> ion.newFloat(((IonFloat) value).doubleValue());
                case TIMESTAMP -> ion.newTimestamp(((IonTimestamp) value).timestampValue());
                case STRING -> ion.newString(((IonText) value).stringValue());
                case SYMBOL -> symbol(ion, (IonSymbol) value);
                case BLOB -> ion.newBlob(((IonLob) value).getBytes());
                case CLOB -> ion.newClob(((IonLob) value).getBytes());
                case LIST, SEXP, STRUCT -> container(ion, (IonContainer) value);
                default -> null;
            };
        }
        return copy == null || !annotated(copy, value.getTypeAnnotationSymbols()) ? null : copy;
    }

    private static IonValue symbol(IonSystem ion, IonSymbol symbol) {
        String text = symbol.symbolValue().getText();
        return text == null ? null : ion.newSymbol(text);
    }

    private static IonValue container(IonSystem ion, IonContainer container) {
        IonContainer copy = switch (container.getType()) {
            case LIST -> ion.newEmptyList();
            case SEXP -> ion.newEmptySexp();
            default -> ion.newEmptyStruct();
        };
        for (IonValue child : container) {
            IonValue childCopy = rebuilt(ion, child);
            if (childCopy == null) {
                return null;
            }
            if (copy instanceof IonStruct struct) {
                String name = child.getFieldNameSymbol().getText();
                if (name == null) {
                    return null;
                }
                struct.add(name, childCopy);
            } else {
                ((IonSequence) copy).add(childCopy);
            }
        }
        return copy;
    }

    /** Gives {@code copy} the annotations; false when one has no text. */
    private static boolean annotated(IonValue copy, SymbolToken[] annotations) {
        if (annotations.length == 0) {
            return true;
        }
        String[] texts = new String[annotations.length];
        for (int i = 0; i < annotations.length; i++) {
            texts[i] = annotations[i].getText();
            if (texts[i] == null) {
                return false;
            }
        }
        copy.setTypeAnnotations(texts);
        return true;
    }
}
