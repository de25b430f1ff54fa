package io.vellum.engine.store;

import io.vellum.proof.hash.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * A consistent read view of the {@link StateStore}. Thread-safe for reads; close exactly once.
 */
public final class StoreSnapshot implements AutoCloseable {
    private final StateStore store;
    private final Snapshot snapshot;
    private final ReadOptions options;

    StoreSnapshot(StateStore store, Snapshot snapshot, ReadOptions options) {
        this.store = store;
        this.snapshot = snapshot;
        this.options = options;
    }

    /** The latest live version of a document, or -1 when it does not exist or is deleted. */
    public long liveVersion(String tableId, String documentId) {
        byte[] value = store.get(store.documents, StoreKeys.document(tableId, documentId), options);
        return value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    /** A revision's committed-view Ion binary, or null. */
    public byte[] revision(String tableId, String documentId, long version) {
        return store.get(store.revisions, StoreKeys.revision(tableId, documentId, version), options);
    }

    /** Calls {@code consumer(documentId, version)} for every live document of the table, in id order. */
    public void forEachLiveDocument(String tableId, BiConsumer<String, Long> consumer) {
        byte[] prefix = StoreKeys.table(tableId);
        store.iterate(store.documents, options, iterator -> {
            for (iterator.seek(prefix); iterator.isValid() && startsWith(iterator.key(), prefix); iterator.next()) {
                consumer.accept(StoreKeys.documentIdOfDocumentKey(iterator.key()),
                        ByteBuffer.wrap(iterator.value()).getLong());
            }
            return null;
        });
    }

    /** The ids of live documents whose indexed value hashes to {@code valueHash}. */
    public List<String> indexLookup(String tableId, String indexId, Hash valueHash) {
        byte[] prefix = StoreKeys.indexValue(tableId, indexId, valueHash);
        List<String> ids = new ArrayList<>(1);
        store.iterate(store.indexes, options, iterator -> {
            for (iterator.seek(prefix); iterator.isValid() && startsWith(iterator.key(), prefix); iterator.next()) {
                ids.add(StoreKeys.documentIdOfIndexEntry(iterator.key()));
            }
            return null;
        });
        return ids;
    }

    /**
     * Every stored revision of the table (or of one document when {@code documentId} is non-null), ordered by
     * document id then version; calls {@code consumer(documentId, committedViewIon)}.
     */
    public void forEachRevision(String tableId, String documentId, BiConsumer<String, byte[]> consumer) {
        byte[] prefix = documentId == null ? StoreKeys.table(tableId) : StoreKeys.document(tableId, documentId);
        store.iterate(store.revisions, options, iterator -> {
            for (iterator.seek(prefix); iterator.isValid() && startsWith(iterator.key(), prefix); iterator.next()) {
                consumer.accept(StoreKeys.documentIdOfDocumentKey(iterator.key()), iterator.value());
            }
            return null;
        });
    }

    /** Calls {@code consumer(tableId, name)} for every table known only from imported blocks. */
    public void forEachImplicitTable(BiConsumer<String, String> consumer) {
        byte[] prefix = StoreKeys.IMPLICIT_TABLE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        store.iterate(store.meta(), options, iterator -> {
            for (iterator.seek(prefix); iterator.isValid() && startsWith(iterator.key(), prefix); iterator.next()) {
                String tableId = new String(iterator.key(), prefix.length, iterator.key().length - prefix.length,
                        java.nio.charset.StandardCharsets.US_ASCII);
                consumer.accept(tableId, new String(iterator.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        store.release(snapshot, options);
    }
}
