package io.vellum.engine.internal.apply;

import io.vellum.proof.Hash;

/**
 * How one revision changes one index: the value hash whose entry goes away and the one that appears (either null
 * when the field is absent). Computed by the transaction's thread so that the committer only writes entries.
 */
record IndexChange(String indexId, Hash oldValueHash, Hash newValueHash) {

    /** The value hash whose entry this change deletes, or null when the indexed value stays (or was absent). */
    Hash removedValueHash() {
        return oldValueHash != null && !oldValueHash.equals(newValueHash) ? oldValueHash : null;
    }

    /** The value hash whose entry this change adds, or null when the indexed value stays (or becomes absent). */
    Hash addedValueHash() {
        return newValueHash != null && !newValueHash.equals(oldValueHash) ? newValueHash : null;
    }
}
