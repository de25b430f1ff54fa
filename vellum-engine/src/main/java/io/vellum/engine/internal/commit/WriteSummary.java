package io.vellum.engine.internal.commit;

import io.vellum.engine.internal.apply.IndexKey;
import java.util.Set;

/**
 * What one block changes, as OCC validation needs it: the documents written, every index key whose entries change
 * (old and new values of indexed fields), the tables written, and whether the catalog changes.
 *
 * @param indexKeys      every index key of an indexed field of a written document, old and new value, whether or
 *                       not the value changed: a lookup of the key depends on its documents' contents too
 * @param membershipKeys the index keys whose list of documents changes (a value added or removed): a subset of
 *                       {@code indexKeys}, for lookups validated by membership ({@link ReadSet#lookedUpMembership})
 */
public record WriteSummary(long sequenceNo, Set<String> documents, Set<IndexKey> indexKeys,
                           Set<IndexKey> membershipKeys, Set<String> tables, boolean catalogChanged) {

    /** A summary whose index keys all count as membership changes (conservative). */
    public WriteSummary(long sequenceNo, Set<String> documents, Set<IndexKey> indexKeys, Set<String> tables,
                        boolean catalogChanged) {
        this(sequenceNo, documents, indexKeys, indexKeys, tables, catalogChanged);
    }

    WriteSummary at(long blockSequenceNo) {
        return new WriteSummary(blockSequenceNo, documents, indexKeys, membershipKeys, tables, catalogChanged);
    }
}
