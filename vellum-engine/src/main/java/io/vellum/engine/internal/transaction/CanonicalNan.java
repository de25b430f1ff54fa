package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;

/**
 * Gives every NaN in a new revision's data the canonical bits {@code 0x7ff8000000000000}. Ion's data model has one
 * NaN and Ion text prints every NaN as {@code nan}, but Ion Hash (as ion-hash-java computes it, and Vellum with it)
 * hashes a NaN's raw bits: a NaN with a payload (possible only through an Ion binary or in-memory parameter) would
 * make a revision that verifies from Ion binary but not from GetRevision's text or an Ion text export
 * (docs/DECISIONS.md, "Payload NaNs"). Only data of revisions being written passes here; stored revisions and their
 * hashes are never touched.
 */
final class CanonicalNan {
    static final long CANONICAL_BITS = 0x7ff8000000000000L;

    private CanonicalNan() {
    }

    /**
     * {@code data} itself when it holds no NaN with other bits than the canonical ones (the common case: one walk, no
     * copy), otherwise a mutable copy in which each such NaN is the canonical NaN (annotations kept).
     */
    static IonStruct canonical(IonStruct data) {
        return hasPayloadNan(data) ? canonicalCopy(data) : data;
    }

    /** A mutable copy of {@code data} in which each NaN with a payload is the canonical NaN (annotations kept). */
    static IonStruct canonicalCopy(IonStruct data) {
        IonStruct copy = data.clone();
        canonicalise(copy);
        return copy;
    }

    private static boolean hasPayloadNan(IonValue value) {
        if (value instanceof IonFloat number) {
            return isPayloadNan(number);
        }
        if (value instanceof IonContainer container && !container.isNullValue()) {
            for (IonValue child : container) {
                if (hasPayloadNan(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void canonicalise(IonValue value) {
        if (value instanceof IonFloat number) {
            if (isPayloadNan(number)) {
                number.setValue(Double.longBitsToDouble(CANONICAL_BITS));
            }
        } else if (value instanceof IonContainer container && !container.isNullValue()) {
            for (IonValue child : container) {
                canonicalise(child);
            }
        }
    }

    static boolean isPayloadNan(IonFloat number) {
        if (number.isNullValue()) {
            return false;
        }
        double value = number.doubleValue();
        return Double.isNaN(value) && Double.doubleToRawLongBits(value) != CANONICAL_BITS;
    }
}
