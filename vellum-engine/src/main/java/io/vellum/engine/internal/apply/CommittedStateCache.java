package io.vellum.engine.internal.apply;

import io.vellum.engine.internal.LedgerCore;
import io.vellum.engine.query.StoredDocument;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The latest committed state of recently used documents and index keys, shared by every transaction, so that most
 * reads skip the state store: under a transfer load, RocksDB reads of live versions, revisions and index entries
 * were a quarter of all CPU.
 *
 * <p>Validity. An entry added with {@code since = s} holds the committed state of every snapshot at or after
 * {@code s} for as long as it is present, because of two rules:
 * <ul>
 *   <li>the committer removes the entries of everything a block writes ({@link #invalidate(String)},
 *       {@link #invalidate(IndexKey)}), or replaces them with what the block wrote ({@link #putWritten}), while it
 *       holds the publish lock's write side, before the block becomes visible ({@link LedgerCore#publish});</li>
 *   <li>entries are added ({@link #putDocument}, {@link #putIndex}) only while holding the publish lock's read
 *       side, and only with state as of the newest published block ({@link LedgerCore#cacheIfCurrent}).</li>
 * </ul>
 * So no present entry is older than a published write of its key, and a transaction uses an entry only when its
 * snapshot is at or after the entry's {@code since}; older snapshots read the state store as before. Removal is
 * always safe, so eviction needs no coordination.
 *
 * <p>Bounded: an addition that takes a map over {@code capacity} entries evicts a sixteenth of it (entries of
 * whatever hash buckets the map iterates first, which is close to random). Cached documents are read-only Ion
 * values, safe to share between threads. Thread-safety: all methods may be called concurrently, under the rules
 * above.
 */
public final class CommittedStateCache {
    private record DocumentEntry(long since, String tableId, StoredDocument document) {
    }

    private record IndexEntry(long since, List<String> documentIds) {
    }

    private final int capacity;
    private final Map<String, DocumentEntry> documents = new ConcurrentHashMap<>();
    private final Map<IndexKey, IndexEntry> indexes = new ConcurrentHashMap<>();
    private final AtomicBoolean evicting = new AtomicBoolean();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** @param capacity documents (and, separately, index keys) kept; 0 keeps nothing */
    public CommittedStateCache(int capacity) {
        this.capacity = capacity;
    }

    public boolean enabled() {
        return capacity > 0;
    }

    /** The live revision of a document in a table as of {@code snapshotSequenceNo}, or null when not cached. */
    public StoredDocument document(String tableId, String documentId, long snapshotSequenceNo) {
        DocumentEntry entry = documents.get(documentId);
        if (entry != null && entry.since() <= snapshotSequenceNo && entry.tableId().equals(tableId)) {
            hits.increment();
            return entry.document();
        }
        misses.increment();
        return null;
    }

    /** The ids of the documents an index key lists as of {@code snapshotSequenceNo}, or null when not cached. */
    public List<String> index(IndexKey key, long snapshotSequenceNo) {
        IndexEntry entry = indexes.get(key);
        if (entry != null && entry.since() <= snapshotSequenceNo) {
            hits.increment();
            return entry.documentIds();
        }
        misses.increment();
        return null;
    }

    /** Adds a live document's state as of block {@code since}; call only as {@link LedgerCore#cacheIfCurrent}. */
    public void putDocument(String tableId, StoredDocument document, long since) {
        if (enabled()) {
            documents.put(document.documentId(), new DocumentEntry(since, tableId, document));
            trim(documents, document.documentId());
        }
    }

    /**
     * Records the revision a block being published writes, in place of what was cached; the committer calls this
     * under the publish lock's write side, before the block becomes visible.
     */
    public void putWritten(String tableId, StoredDocument document, long since) {
        if (enabled()) {
            documents.put(document.documentId(), new DocumentEntry(since, tableId, document));
            trim(documents, document.documentId());
        }
    }

    /** Adds an index key's document ids as of block {@code since}; call only as {@link LedgerCore#cacheIfCurrent}. */
    public void putIndex(IndexKey key, List<String> documentIds, long since) {
        if (enabled()) {
            indexes.put(key, new IndexEntry(since, List.copyOf(documentIds)));
            trim(indexes, key);
        }
    }

    /** Forgets a document a block writes; the committer calls this under the publish lock, before publishing it. */
    public void invalidate(String documentId) {
        documents.remove(documentId);
    }

    /** Forgets an index key whose documents a block changes; called like {@link #invalidate(String)}. */
    public void invalidate(IndexKey key) {
        indexes.remove(key);
    }

    /** Forgets everything (a catalog change: tables dropped, indexes created or purged). */
    public void clear() {
        documents.clear();
        indexes.clear();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    int size() {
        return documents.size() + indexes.size();
    }

    /** Evicts when over capacity, sparing {@code added} (just added: likely read next). */
    private <K> void trim(Map<K, ?> map, K added) {
        if (map.size() <= capacity || !evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            int toRemove = map.size() - capacity + capacity / 16;
            for (Iterator<K> keys = map.keySet().iterator(); keys.hasNext() && toRemove > 0; ) {
                if (!keys.next().equals(added)) {
                    keys.remove();
                    toRemove--;
                }
            }
        } finally {
            evicting.set(false);
        }
    }
}
