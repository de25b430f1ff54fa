package io.vellum.engine.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Ion binary encoding and decoding of stored values. */
final class IonBytes {
    private static final IonBinaryWriterBuilder WRITERS = IonBinaryWriterBuilder.standard().immutable();

    private IonBytes() {
    }

    static byte[] encode(IonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (IonWriter writer = WRITERS.build(out)) {
            value.writeTo(writer);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory Ion encoding failed", e);
        }
        return out.toByteArray();
    }

    static IonStruct decodeStruct(IonSystem ion, byte[] bytes, String what) {
        IonValue value = ion.singleValue(bytes);
        if (value instanceof IonStruct struct) {
            return struct;
        }
        throw new LedgerException(ErrorCode.CORRUPTION, what + " is not an Ion struct");
    }
}
