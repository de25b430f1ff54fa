package io.vellum.wallet.account;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.BlockAddress;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Typed reading of one Ion struct the ledger returned (a result row, a document, a stored request). The wallet's
 * statements fix the shapes; a value of another shape was written by something else, and the refusal says which
 * field of what is wrong rather than failing later with a class cast.
 *
 * @param struct the value read
 * @param what   what it is, for messages ("account document 3en4…")
 */
record IonDocument(IonStruct struct, String what) {
    /** {@code value} as a struct. */
    static IonDocument of(IonValue value, String what) {
        if (!(value instanceof IonStruct struct) || value.isNullValue()) {
            throw malformed(what + " must be an Ion struct, got " + (value == null ? "nothing" : value.getType()));
        }
        return new IonDocument(struct, what);
    }

    boolean has(String field) {
        IonValue value = struct.get(field);
        return value != null && !value.isNullValue();
    }

    String text(String field) {
        if (!(struct.get(field) instanceof IonText text) || text.isNullValue()) {
            throw malformed(what + " field " + field + " must be a string, got " + describe(field));
        }
        return text.stringValue();
    }

    long longValue(String field) {
        if (!(struct.get(field) instanceof IonInt number) || number.isNullValue()) {
            throw malformed(what + " field " + field + " must be an integer, got " + describe(field));
        }
        return number.longValue();
    }

    /** A decimal or integer field as an exact BigDecimal; a float is refused, since money is never binary. */
    BigDecimal decimal(String field) {
        IonValue value = struct.get(field);
        if (value instanceof IonDecimal decimal && !decimal.isNullValue()) {
            return decimal.bigDecimalValue();
        }
        if (value instanceof IonInt integer && !integer.isNullValue()) {
            return new BigDecimal(integer.bigIntegerValue());
        }
        throw malformed(what + " field " + field + " must be a decimal, got " + describe(field));
    }

    /** The decimal, or null when the field is absent or null. */
    BigDecimal optionalDecimal(String field) {
        return has(field) ? decimal(field) : null;
    }

    Instant instant(String field) {
        if (!(struct.get(field) instanceof IonTimestamp timestamp) || timestamp.isNullValue()) {
            throw malformed(what + " field " + field + " must be a timestamp, got " + describe(field));
        }
        return Instant.ofEpochMilli(timestamp.getMillis());
    }

    IonDocument struct(String field) {
        return of(struct.get(field), what + " field " + field);
    }

    /** The struct, or null when the field is absent, null or not a struct. */
    IonStruct optionalStruct(String field) {
        return struct.get(field) instanceof IonStruct nested && !nested.isNullValue() ? nested : null;
    }

    BlockAddress blockAddress(String field) {
        IonDocument address = struct(field);
        return new BlockAddress(address.text("strandId"), address.longValue("sequenceNo"));
    }

    private String describe(String field) {
        IonValue value = struct.get(field);
        return value == null ? "no such field" : value.isNullValue() ? "null" : value.getType() + " " + shorten(value);
    }

    private static String shorten(IonValue value) {
        String text = value.getType() == IonType.STRUCT || value.getType() == IonType.LIST ? "" : value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static WalletException malformed(String message) {
        return new WalletException(WalletError.INTERNAL_ERROR, "unexpected ledger data: " + message);
    }
}
