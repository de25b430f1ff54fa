package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.internal.apply.IndexKey;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.store.StoreSnapshot;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A transaction's reads of its snapshot (committed state only; its own writes are layered on top by the
 * transaction), with a read cache for the transaction's life: the snapshot does not change, so repeated reads of a
 * document (a SELECT, then the UPDATE that finds it again) decode it once, and an index key is looked up once. Reads
 * go to the ledger's shared {@code CommittedStateCache} first and fill it while the snapshot is the newest state.
 * Records nothing in the read set (the transaction does). Not thread-safe; {@link #close()} releases the snapshot.
 *
 * <p>{@link #advanceTo} moves the reads to a newer snapshot after a hot document's lock was taken
 * ({@link HotDocumentLocks}); that is only allowed when every read made so far reads the same in the newer one.
 */
final class SnapshotReads implements AutoCloseable {
    private final TransactionContext context;
    private StoreSnapshot snapshot;
    private long sequenceNo;
    /** Committed documents already read, by id (with the table they were read from). */
    private final Map<String, CachedDocument> committedDocuments = new HashMap<>();
    /** Index lookups already made against the snapshot: document ids by index key. */
    private final Map<IndexKey, List<String>> indexResults = new HashMap<>();

    private record CachedDocument(String tableId, StoredDocument document) {
    }

    SnapshotReads(TransactionContext context, StoreSnapshot snapshot, long sequenceNo) {
        this.context = context;
        this.snapshot = snapshot;
        this.sequenceNo = sequenceNo;
    }

    /** The state store as of the snapshot (for checks that read it directly, such as a redaction's). */
    StoreSnapshot store() {
        return snapshot;
    }

    /** The live version of a document in the snapshot, or -1. */
    long liveVersion(String tableId, String documentId) {
        return snapshot.liveVersion(tableId, documentId);
    }

    /** The live documents of a table in the snapshot, except those {@code skip} accepts (by id), in store order. */
    List<StoredDocument> liveDocuments(String tableId, Predicate<String> skip) {
        List<StoredDocument> documents = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        snapshot.forEachLiveDocument(tableId, (documentId, version) -> {
            ids.add(documentId);
            versions.add(version);
        });
        for (int i = 0; i < ids.size(); i++) {
            if (!skip.test(ids.get(i))) {
                documents.add(committed(tableId, ids.get(i), versions.get(i)));
            }
        }
        return documents;
    }

    /** The snapshot's live revision of a document, or null; cached for the transaction's life. */
    StoredDocument liveCommitted(String tableId, String documentId) {
        CachedDocument cached = committedDocuments.get(documentId);
        if (cached != null && cached.tableId().equals(tableId)) {
            return cached.document();
        }
        StoredDocument document = context.cache().document(tableId, documentId, sequenceNo);
        if (document == null) {
            long version = snapshot.liveVersion(tableId, documentId);
            document = version < 0 ? null : committed(tableId, documentId, version);
            if (document != null) {
                StoredDocument found = document;
                context.cacheIfCurrent(sequenceNo, () -> context.cache().putDocument(tableId, found, sequenceNo));
            }
        }
        committedDocuments.put(documentId, new CachedDocument(tableId, document));
        return document;
    }

    /** The document ids an index key lists in the snapshot; looked up once per transaction. */
    List<String> indexEntries(IndexKey key) {
        return indexResults.computeIfAbsent(key, this::committedIndexEntries);
    }

    private List<String> committedIndexEntries(IndexKey key) {
        List<String> documentIds = context.cache().index(key, sequenceNo);
        if (documentIds == null) {
            documentIds = snapshot.indexLookup(key.tableId(), key.indexId(), key.valueHash());
            List<String> found = documentIds;
            context.cacheIfCurrent(sequenceNo, () -> context.cache().putIndex(key, found, sequenceNo));
        }
        return documentIds;
    }

    /** Every revision of one document ({@code documentId} non-null) or of a whole table, as committed views. */
    List<StoredDocument> history(String tableId, String documentId) {
        List<StoredDocument> revisions = new ArrayList<>();
        snapshot.forEachRevision(tableId, documentId, (id, bytes) -> revisions.add(fromView(id,
                StoredRevision.committedView(context.ion(), context.strandId(), bytes, id))));
        return revisions;
    }

    private StoredDocument committed(String tableId, String documentId, long version) {
        byte[] bytes = snapshot.revision(tableId, documentId, version);
        if (bytes == null) {
            throw new LedgerException(ErrorCode.CORRUPTION, "live version " + version + " of document "
                    + documentId + " has no stored revision");
        }
        return fromView(documentId, StoredRevision.committedView(context.ion(), context.strandId(), bytes,
                documentId));
    }

    private static StoredDocument fromView(String documentId, IonStruct view) {
        IonStruct metadata = (IonStruct) view.get("metadata");
        long version = ((com.amazon.ion.IonInt) metadata.get("version")).longValue();
        IonValue data = view.get("data");
        view.makeReadOnly();
        return new StoredDocument(documentId, version, data instanceof IonStruct s ? s : null, view);
    }

    /** The documents read so far (present or absent) whose live version differs in {@code newer}. */
    List<String> documentsChangedIn(StoreSnapshot newer) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, CachedDocument> entry : committedDocuments.entrySet()) {
            CachedDocument read = entry.getValue();
            long readVersion = read.document() == null ? -1 : read.document().version();
            if (newer.liveVersion(read.tableId(), entry.getKey()) != readVersion) {
                changed.add(entry.getKey());
            }
        }
        return changed;
    }

    /** Whether an index key looked up so far lists other documents in {@code newer}. */
    boolean indexEntriesChangedIn(StoreSnapshot newer) {
        for (Map.Entry<IndexKey, List<String>> entry : indexResults.entrySet()) {
            IndexKey key = entry.getKey();
            List<String> now = newer.indexLookup(key.tableId(), key.indexId(), key.valueHash());
            if (!new java.util.HashSet<>(now).equals(new java.util.HashSet<>(entry.getValue()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the read of {@code documentId} went through this cache (so {@link #documentsChangedIn} checks it). */
    boolean cached(String documentId) {
        return committedDocuments.containsKey(documentId);
    }

    /**
     * Reads {@code newer} (as of block {@code newerSequenceNo}) from now on, closing the old snapshot; the caller
     * checked with {@link #documentsChangedIn} and {@link #indexEntriesChangedIn} that every read made so far reads
     * the same there, so the cache stays valid.
     */
    void advanceTo(StoreSnapshot newer, long newerSequenceNo) {
        snapshot.close();
        snapshot = newer;
        sequenceNo = newerSequenceNo;
    }

    @Override
    public void close() {
        snapshot.close();
    }
}
