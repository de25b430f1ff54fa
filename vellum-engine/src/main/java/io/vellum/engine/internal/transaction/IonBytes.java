package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.IonBinary;
import io.vellum.error.LedgerException;

/** Ion binary encoding and decoding of stored values. */
final class IonBytes {
    private IonBytes() {
    }

    static byte[] encode(IonValue value) {
        return IonBinary.encode(value);
    }

    static IonStruct decodeStruct(IonSystem ion, byte[] bytes, String what) {
        IonValue value = ion.singleValue(bytes);
        if (value instanceof IonStruct struct) {
            return struct;
        }
        throw new LedgerException(ErrorCode.CORRUPTION, what + " is not an Ion struct");
    }
}
