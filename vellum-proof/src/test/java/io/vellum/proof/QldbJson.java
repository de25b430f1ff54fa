package io.vellum.proof;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import java.util.Base64;

/**
 * Down-converted QLDB JSON (history rows printed by sample apps) back to Ion: hash strings to blobs, txTime strings
 * to timestamps. The JSON form loses Ion types, so only these two fields are converted; data is taken as is.
 */
final class QldbJson {
    private QldbJson() {
    }

    /** A history row or committed-view revision printed as JSON, as the Ion struct QLDB returned. */
    static IonStruct revision(IonValue jsonRow) {
        IonStruct row = (IonStruct) jsonRow.clone();
        String hash = ((IonText) row.get("hash")).stringValue();
        row.put("hash", Vectors.ION.newBlob(Base64.getDecoder().decode(hash)));
        IonStruct metadata = (IonStruct) row.get("metadata");
        String txTime = ((IonText) metadata.get("txTime")).stringValue();
        metadata.put("txTime", Vectors.ION.newTimestamp(Timestamp.valueOf(txTime)));
        return row;
    }
}
