package io.vellum.engine.internal.commit;

import io.vellum.engine.internal.apply.IndexKey;
import java.util.Set;

/**
 * What one block changes, as OCC validation needs it: the documents written, every index key whose entries change
 * (old and new values of indexed fields), the tables written, and whether the catalog changes.
 */
public record WriteSummary(long sequenceNo, Set<String> documents, Set<IndexKey> indexKeys, Set<String> tables,
                    boolean catalogChanged) {

    WriteSummary at(long blockSequenceNo) {
        return new WriteSummary(blockSequenceNo, documents, indexKeys, tables, catalogChanged);
    }
}
