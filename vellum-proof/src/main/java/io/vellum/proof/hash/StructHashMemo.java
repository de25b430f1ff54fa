package io.vellum.proof.hash;

import com.amazon.ion.Decimal;
import com.amazon.ion.IntegerSize;
import com.amazon.ion.IonBool;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonText;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.UnknownSymbolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Ion Hash serializations ({@code B 0xD0 esc(sorted field hashes) E}, see {@link IonHashEncoder}) of a few struct
 * values hashed earlier, so that hashing a value which holds an equal struct feeds the kept serialization instead of
 * hashing every field of the struct again. A transaction keeps its struct parameters here when it hashes them for the
 * commit digest; the revisions it writes hash their data with it, and a parameter copied into a document (the
 * wallet's operation record, into both accounts of a transfer) is hashed once instead of three times.
 *
 * <p>A struct is found only when it equals a kept one in everything its serialization depends on: the same fields in
 * the same order, with the same names, types and values (an int's value, a decimal's coefficient, exponent and
 * negative zero, a string's or symbol's text, a null's type). It is compared with a snapshot of those parts taken when
 * the struct was kept (its names and values are immutable Java objects), so a kept value that changes later cannot
 * make a wrong serialization be found. Values with anything else anywhere in them (annotations, timestamps, floats,
 * lobs, a field name or symbol without text) are neither kept nor found: they are hashed field by field as always.
 *
 * <p>Not thread-safe: one per transaction, used by the thread running it.
 */
public final class StructHashMemo {
    /** Kept structs; the oldest is replaced by the next. A transaction has few struct parameters. */
    static final int MAX_KEPT = 4;
    /** Larger structs are not kept (nor compared): the snapshot would cost what hashing saves. */
    static final int MAX_PARTS = 256;
    private static final Object NULL = new Object();

    private final Object[][] snapshots = new Object[MAX_KEPT][];
    private final byte[][] serializations = new byte[MAX_KEPT][];
    private final int[] sizes = new int[MAX_KEPT];
    private int kept;
    private int next;

    /** The serialization kept for a struct equal to {@code struct} (see the class description), or null. */
    byte[] find(IonStruct struct) {
        if (kept == 0) {
            return null;
        }
        int size = struct.size();
        Object[] snapshot = null;
        for (int i = 0; i < kept; i++) {
            if (sizes[i] != size) {
                continue;
            }
            if (snapshot == null) {
                snapshot = snapshot(struct);
                if (snapshot == null) {
                    return null;
                }
            }
            if (Arrays.equals(snapshot, snapshots[i])) {
                return serializations[i];
            }
        }
        return null;
    }

    /** Keeps {@code serialization} as the one of {@code struct}, when the struct's parts can be compared. */
    void keep(IonStruct struct, byte[] serialization) {
        Object[] snapshot = snapshot(struct);
        if (snapshot == null) {
            return;
        }
        snapshots[next] = snapshot;
        serializations[next] = serialization;
        sizes[next] = struct.size();
        next = (next + 1) % MAX_KEPT;
        kept = Math.max(kept, next == 0 ? MAX_KEPT : next);
    }

    /** The parts of {@code value} its serialization depends on, in order, or null when it has a part not compared. */
    static Object[] snapshot(IonValue value) {
        List<Object> parts = new ArrayList<>(32);
        return add(value, parts) ? parts.toArray() : null;
    }

    private static boolean add(IonValue value, List<Object> parts) {
        if (parts.size() >= MAX_PARTS || value.getTypeAnnotationSymbols().length != 0) {
            return false;
        }
        IonType type = value.getType();
        parts.add(type);
        if (value.isNullValue()) {
            parts.add(NULL);
            return true;
        }
        switch (type) {
            case BOOL -> parts.add(((IonBool) value).booleanValue());
            case INT -> {
                IonInt integer = (IonInt) value;
                parts.add(integer.getIntegerSize() == IntegerSize.BIG_INTEGER ? integer.bigIntegerValue()
                        : (Object) integer.longValue());
            }
            case DECIMAL -> {
                Decimal decimal = ((IonDecimal) value).decimalValue();
                // BigDecimal.equals compares the exponent too; negative zero is Decimal's own.
                parts.add(Decimal.bigDecimalValue(decimal));
                parts.add(Decimal.isNegativeZero(decimal));
            }
            case STRING -> parts.add(((IonText) value).stringValue());
            case SYMBOL -> {
                String text = ((IonSymbol) value).symbolValue().getText();
                if (text == null) {
                    return false;
                }
                parts.add(text);
            }
            case STRUCT, LIST, SEXP -> {
                return addContainer(value, type, parts);
            }
            default -> {
                return false; // timestamps, floats, lobs: not compared here
            }
        }
        return true;
    }

    private static boolean addContainer(IonValue value, IonType type, List<Object> parts) {
        if (type == IonType.STRUCT) {
            IonStruct struct = (IonStruct) value;
            parts.add(struct.size());
            for (IonValue field : struct) {
                String name;
                try {
                    name = field.getFieldName();
                } catch (UnknownSymbolException e) {
                    return false;
                }
                if (name == null) {
                    return false;
                }
                parts.add(name);
                if (!add(field, parts)) {
                    return false;
                }
            }
            return true;
        }
        IonSequence sequence = (IonSequence) value;
        parts.add(sequence.size());
        for (IonValue element : sequence) {
            if (!add(element, parts)) {
                return false;
            }
        }
        return true;
    }
}
