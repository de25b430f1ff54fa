package io.vellum.engine.store;

import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.error.LedgerException;
import java.nio.ByteBuffer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** Changes to apply atomically with {@link StateStore#write}. Not thread-safe. */
public final class StoreBatch {
    private static final byte[] EMPTY = new byte[0];
    private final StateStore store;
    private final WriteBatch batch = new WriteBatch();

    StoreBatch(StateStore store) {
        this.store = store;
    }

    WriteBatch writeBatch() {
        return batch;
    }

    public void putBlock(long sequenceNo, BlockLocation location) {
        put(store.blocks, StoreKeys.sequence(sequenceNo), location.encode());
    }

    public void putMerkleNode(int level, long index, Hash hash) {
        put(store.merkle, StoreKeys.merkle(level, index), hash.toByteArray());
    }

    public void putRevision(String tableId, String documentId, long version, byte[] committedViewIon) {
        put(store.revisions, StoreKeys.revision(tableId, documentId, version), committedViewIon);
    }

    public void putLiveVersion(String tableId, String documentId, long version) {
        put(store.documents, StoreKeys.document(tableId, documentId), ByteBuffer.allocate(8).putLong(version).array());
    }

    public void deleteLiveVersion(String tableId, String documentId) {
        try {
            batch.delete(store.documents, StoreKeys.document(tableId, documentId));
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "state store batch failed: " + e, e);
        }
    }

    public void putIndexEntry(String tableId, String indexId, Hash valueHash, String documentId) {
        put(store.indexes, StoreKeys.indexEntry(tableId, indexId, valueHash, documentId), EMPTY);
    }

    public void deleteIndexEntry(String tableId, String indexId, Hash valueHash, String documentId) {
        try {
            batch.delete(store.indexes, StoreKeys.indexEntry(tableId, indexId, valueHash, documentId));
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "state store batch failed: " + e, e);
        }
    }

    /** Removes every entry of an index (DROP INDEX … WITH (purge = true)). */
    public void purgeIndex(String tableId, String indexId) {
        byte[] prefix = StoreKeys.index(tableId, indexId);
        try {
            batch.deleteRange(store.indexes, prefix, StoreKeys.prefixEnd(prefix));
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "state store batch failed: " + e, e);
        }
    }

    /**
     * Records a table known only from imported blocks (QLDB journals carry tables as opaque system revisions, so an
     * imported ledger learns its tables from {@code transactionInfo.documents}).
     */
    public void putImplicitTable(String tableId, String name) {
        put(store.meta(), StoreKeys.implicitTable(tableId), name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Records that block {@code sequenceNo}'s journal record must be rewritten without the data a redaction removed
     * (written atomically with the redacted revision, so a crash before the rewrite is finished on the next open).
     */
    public void putRedactionPending(long sequenceNo) {
        put(store.meta(), StoreKeys.redactionPending(sequenceNo), EMPTY);
    }

    /** The rewrite of block {@code sequenceNo}'s journal record is done. */
    public void deleteRedactionPending(long sequenceNo) {
        try {
            batch.delete(store.meta(), StoreKeys.redactionPending(sequenceNo));
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "state store batch failed: " + e, e);
        }
    }

    public int count() {
        return batch.count();
    }

    private void put(org.rocksdb.ColumnFamilyHandle family, byte[] key, byte[] value) {
        try {
            batch.put(family, key, value);
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "state store batch failed: " + e, e);
        }
    }
}
