package io.vellum.client.internal;

import com.amazon.ion.IonException;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.DirectIonBinary;
import io.vellum.proof.block.IonBinary;
import java.util.Objects;

/**
 * The Session API's {@code ValueHolder} encoding (COMPATIBILITY.md §8.2): each value is its own complete Ion binary stream (IVM
 * {@code E0 01 00 EA}, a local symbol table when symbols are needed, exactly one value), as the official Java driver
 * writes parameters and reads results. The common shapes (strings, decimals, ints, structs and lists of them) are
 * encoded and decoded directly ({@link DirectIonBinary}: the same bytes and the same values as ion-java, which
 * handles everything else). Thread-safe.
 */
public final class IonValueCodec {
    private IonValueCodec() {
    }

    /** One value as a standalone Ion binary stream; annotations are kept (they are part of the value's hash). */
    public static byte[] encode(IonValue value) {
        Objects.requireNonNull(value, "parameter");
        byte[] direct = DirectIonBinary.write(value);
        return direct != null ? direct : IonBinary.encode(value);
    }

    /**
     * Reads the single top-level value of an Ion stream (binary, or text when the server sent {@code IonText}).
     *
     * @throws IllegalArgumentException when the stream holds no value, more than one, or is not Ion
     */
    public static IonValue decode(IonSystem system, byte[] ion) {
        IonValue direct = DirectIonBinary.read(system, ion);
        if (direct != null) {
            return direct;
        }
        try {
            return system.singleValue(ion);
        } catch (IonException e) {
            throw new IllegalArgumentException("not exactly one Ion value: " + e.getMessage(), e);
        }
    }

    /** {@link #decode(IonSystem, byte[])} for Ion text. */
    public static IonValue decode(IonSystem system, String ionText) {
        try {
            return system.singleValue(ionText);
        } catch (IonException e) {
            throw new IllegalArgumentException("not exactly one Ion value: " + e.getMessage(), e);
        }
    }
}
