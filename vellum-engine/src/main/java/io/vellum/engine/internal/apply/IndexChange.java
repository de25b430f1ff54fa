package io.vellum.engine.internal.apply;

import io.vellum.proof.hash.Hash;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.EqualityKey;

/**
 * How one revision changes one index: the value hash whose entry goes away and the one that appears (either null
 * when the field is absent). Computed by the transaction's thread so that the committer only writes entries.
 */
public record IndexChange(String indexId, Hash oldValueHash, Hash newValueHash) {

    /** The value hash whose entry this change deletes, or null when the indexed value stays (or was absent). */
    public Hash removedValueHash() {
        return oldValueHash != null && !oldValueHash.equals(newValueHash) ? oldValueHash : null;
    }

    /** The value hash whose entry this change adds, or null when the indexed value stays (or becomes absent). */
    public Hash addedValueHash() {
        return newValueHash != null && !newValueHash.equals(oldValueHash) ? newValueHash : null;
    }

    /**
     * The index key of a top-level field's value ({@link EqualityKey#hashOf}); null when the document or field is
     * absent.
     */
    public static Hash valueHash(IonStruct data, String field) {
        if (data == null) {
            return null;
        }
        IonValue value = data.get(field);
        return value == null ? null : EqualityKey.hashOf(value);
    }
}
