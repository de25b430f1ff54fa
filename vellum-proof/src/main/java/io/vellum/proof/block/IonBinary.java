package io.vellum.proof.block;

import com.amazon.ion.IonValue;
import java.util.Objects;

/**
 * Ion values as standalone Ion binary streams (version marker, a local symbol table when symbols are needed, exactly
 * one value): the form of the Session API's {@code IonBinary} values and of stored documents. Uses a binary writer
 * kept per thread, because building a writer costs more than encoding a small value. Thread-safe.
 */
public final class IonBinary {
    private IonBinary() {
    }

    /** {@code value}, annotations included, as one Ion binary stream. */
    public static byte[] encode(IonValue value) {
        Objects.requireNonNull(value, "value");
        return IonEncoding.toBinary(value::writeTo);
    }
}
