package io.vellum.proof.verify;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonException;
import com.amazon.ion.IonList;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.SharedIon;

/**
 * QLDB's {@code Proof.IonText}: an Ion list of hash blobs, {@code [{{base64}},{{base64}}]}, bottom-up.
 * Thread-safe.
 */
public final class ProofText {
    private ProofText() {
    }

    /** The proof as QLDB prints it: {@code [{{…}},{{…}}]}, no spaces. */
    public static String format(List<Hash> proof) {
        StringBuilder text = new StringBuilder(2 + proof.size() * 49).append('[');
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < proof.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append("{{").append(base64.encodeToString(proof.get(i).toByteArray())).append("}}");
        }
        return text.append(']').toString();
    }

    /**
     * Parses a {@code Proof.IonText}: exactly one Ion list whose elements are unannotated 32-byte blobs.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} naming what is wrong (and at which index)
     */
    public static List<Hash> parse(String ionText) {
        IonValue value;
        try {
            value = SharedIon.SYSTEM.singleValue(ionText);
        } catch (IonException e) {
            throw invalid("must be exactly one Ion value (an Ion list of blobs): " + e.getMessage());
        }
        if (value.getType() != IonType.LIST || value.isNullValue() || value.getTypeAnnotationSymbols().length > 0) {
            throw invalid("must be an unannotated Ion list of blobs, got " + value.getType());
        }
        IonList list = (IonList) value;
        List<Hash> proof = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            IonValue entry = list.get(i);
            if (entry.getType() != IonType.BLOB || entry.isNullValue() || entry.getTypeAnnotationSymbols().length > 0) {
                throw invalid("entry " + i + " must be an unannotated blob {{…}}, got " + entry);
            }
            byte[] bytes = ((IonBlob) entry).getBytes();
            if (bytes.length != Hash.LENGTH) {
                throw invalid("entry " + i + " must be " + Hash.LENGTH + " bytes, got " + bytes.length);
            }
            proof.add(Hash.of(bytes));
        }
        return proof;
    }

    private static LedgerException invalid(String problem) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, "proof IonText " + problem);
    }
}
