package io.vellum.engine.internal.commit;

import io.vellum.engine.internal.apply.IndexKey;
import java.util.HashSet;
import java.util.Set;

/**
 * What a transaction read, at the granularity OCC validates: document ids (present or absent), index keys looked
 * up, and tables scanned. Every transaction also depends on the catalog. Not thread-safe.
 */
public final class ReadSet {
    final Set<String> documents = new HashSet<>();
    final Set<IndexKey> indexKeys = new HashSet<>();
    final Set<String> tables = new HashSet<>();

    /** Records that the transaction read document {@code documentId} (whether or not it exists). */
    public void readDocument(String documentId) {
        documents.add(documentId);
    }

    /** Records that the transaction looked up index key {@code key}. */
    public void lookedUp(IndexKey key) {
        indexKeys.add(key);
    }

    /** The documents read so far (unmodifiable view). */
    public Set<String> documentIds() {
        return java.util.Collections.unmodifiableSet(documents);
    }

    /** Whether the transaction scanned (or read the history of) any whole table. */
    public boolean scannedAnyTable() {
        return !tables.isEmpty();
    }

    /** Records that the transaction scanned (or read the history of) the whole table {@code tableId}. */
    public void scannedTable(String tableId) {
        tables.add(tableId);
    }
}
