package io.vellum.engine.transaction;

import java.util.Set;

/**
 * What one committed block changed, as OCC validation needs it: the documents written, every index key whose
 * entries changed (old and new values of indexed fields), the tables written, and whether the catalog changed.
 */
record WriteSummary(long sequenceNo, Set<String> documents, Set<IndexKey> indexKeys, Set<String> tables,
                    boolean catalogChanged) {

    /** Whether a transaction that read {@code reads} before this block was committed must abort. */
    boolean conflictsWith(ReadSet reads) {
        if (catalogChanged) {
            return true;
        }
        for (String table : tables) {
            if (reads.tables.contains(table)) {
                return true;
            }
        }
        for (String document : documents) {
            if (reads.documents.contains(document)) {
                return true;
            }
        }
        for (IndexKey key : indexKeys) {
            if (reads.indexKeys.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
