package io.vellum.engine.internal.commit;

import io.vellum.engine.internal.apply.IndexKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a transaction read, at the granularity OCC validates: document ids (present or absent), index keys looked
 * up, and tables scanned. Every transaction also depends on the catalog. Not thread-safe.
 *
 * <p>Reads are of the transaction's snapshot, except documents read from a commit that was sealed but not yet
 * published when a hot document's lock was handed on early ({@link #readDocumentAt}): those are validated against
 * writes after the block that wrote them. An index key whose documents include such a document is validated for
 * its membership only ({@link #lookedUpMembership}); the contents of its documents are then validated document by
 * document.
 */
public final class ReadSet {
    final Set<String> documents = new HashSet<>();
    final Set<IndexKey> indexKeys = new HashSet<>();
    final Set<String> tables = new HashSet<>();
    /** Documents read as written by a sealed commit: the block that wrote what was read, by document id. */
    final Map<String, Long> documentsReadAt = new HashMap<>(2);
    /** Index keys whose list of documents (not their contents) was read on the snapshot. */
    final Set<IndexKey> membershipKeys = new HashSet<>(2);

    /** Records that the transaction read document {@code documentId} (whether or not it exists) on its snapshot. */
    public void readDocument(String documentId) {
        if (!documentsReadAt.containsKey(documentId)) {
            documents.add(documentId);
        }
    }

    /**
     * Records that the transaction read document {@code documentId} as block {@code sequenceNo} wrote it (a sealed
     * commit's write, handed on with the document's lock): it conflicts only with writes after that block.
     */
    public void readDocumentAt(String documentId, long sequenceNo) {
        documents.remove(documentId);
        documentsReadAt.put(documentId, sequenceNo);
    }

    /** Records that the transaction looked up index key {@code key}. */
    public void lookedUp(IndexKey key) {
        if (!membershipKeys.contains(key)) {
            indexKeys.add(key);
        }
    }

    /**
     * Records that the transaction depends only on which documents index key {@code key} lists, because it recorded
     * a read of each of them itself (one of them read from a sealed commit, {@link #readDocumentAt}).
     */
    public void lookedUpMembership(IndexKey key) {
        indexKeys.remove(key);
        membershipKeys.add(key);
    }

    /** The documents read so far on the snapshot (unmodifiable view; not those read from sealed commits). */
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
