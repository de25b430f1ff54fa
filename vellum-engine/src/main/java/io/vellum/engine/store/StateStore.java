package io.vellum.engine.store;

import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.error.LedgerException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB state derived from the journal: current documents, revisions (history), indexes, block
 * locations and Merkle nodes, plus the sequence number of the last applied block.
 *
 * <p>Durability: writes skip RocksDB's write-ahead log, because the journal already is one; column families are
 * flushed atomically ({@code atomic_flush}), so what survives a crash is always a consistent prefix of the journal,
 * described by {@link #lastAppliedSequenceNo()}, and the ledger replays the journal from there on open.
 *
 * <p>Thread-safety: all methods are safe for concurrent use; {@link #write} is called by one committer at a time.
 */
public final class StateStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateStore.class);
    private static final byte[] LAST_APPLIED = "lastApplied".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT = "format".getBytes(StandardCharsets.US_ASCII);
    /**
     * Layout version of the derived state. History: 1 = revisions stored as whole committed views;
     * 2 = revisions stored as sequenceNo + revision without block address; 3 = Merkle nodes keyed by the block
     * that completes them (then level) instead of level then index; 4 = index entries keyed by the hash of the
     * value's PartiQL equality key (EqualityKey: 5, 5.0 and 5e0 are one key) instead of its Ion hash. A store of
     * another version is deleted and rebuilt from the journal on open (it holds nothing the journal does not).
     */
    static final int FORMAT_VERSION = 4;
    /**
     * Table files kept open. Any bound makes RocksDB open files lazily, on first read, so that opening does not grow
     * with the store; this one is above the ~1,100 files of a 10M-revision ledger, so reads at that size never
     * reopen evicted files. Like the default (which keeps every file open), it needs enough file descriptors.
     */
    static final int MAX_OPEN_FILES = 10_000;
    private static final List<String> FAMILIES = List.of("blocks", "merkle", "documents", "revisions", "indexes");

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> familyOptions;
    private final LRUCache cache;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle meta;
    final ColumnFamilyHandle blocks;
    final ColumnFamilyHandle merkle;
    final ColumnFamilyHandle documents;
    final ColumnFamilyHandle revisions;
    final ColumnFamilyHandle indexes;
    private final WriteOptions writeOptions;
    private volatile long lastApplied;
    /**
     * Every native call holds the read side; close takes the write side. A RocksDB handle used after close crashes
     * the JVM, so late callers (a follower, a transaction that outlived its ledger) get UNAVAILABLE instead.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;

    private StateStore(RocksDB db, DBOptions dbOptions, List<ColumnFamilyOptions> familyOptions, LRUCache cache,
                       List<ColumnFamilyHandle> handles) throws RocksDBException {
        this.db = db;
        this.dbOptions = dbOptions;
        this.familyOptions = familyOptions;
        this.cache = cache;
        this.handles = handles;
        this.meta = handles.get(0);
        this.blocks = handles.get(1);
        this.merkle = handles.get(2);
        this.documents = handles.get(3);
        this.revisions = handles.get(4);
        this.indexes = handles.get(5);
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        byte[] value = db.get(meta, LAST_APPLIED);
        this.lastApplied = value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    /**
     * Opens or creates the store in {@code directory}. A store written in another layout version is deleted and
     * recreated empty, so that the ledger replays the whole journal into it.
     */
    public static StateStore open(Path directory) {
        StateStore store = openAsIs(directory);
        int format = store.formatVersion();
        if (format == FORMAT_VERSION || format < 0 && store.lastApplied < 0) {
            if (format < 0) {
                store.writeFormatVersion();
            }
            return store;
        }
        LOG.warn("State store {} has layout version {} but this build uses {}: rebuilding it from the journal",
                directory, format, FORMAT_VERSION);
        store.close();
        deleteRecursively(directory);
        StateStore fresh = openAsIs(directory);
        fresh.writeFormatVersion();
        return fresh;
    }

    private int formatVersion() {
        byte[] value = get(meta, FORMAT, null);
        return value == null ? -1 : ByteBuffer.wrap(value).getInt();
    }

    private void writeFormatVersion() {
        try {
            db.put(meta, FORMAT, ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array());
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot write the state store's format: " + e, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (java.io.IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot delete outdated state store " + directory
                    + ": " + e, e);
        }
    }

    private static StateStore openAsIs(Path directory) {
        try {
            OwnerOnlyFiles.createDirectories(directory);
            LRUCache cache = new LRUCache(256L << 20);
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache).setFilterPolicy(new BloomFilter(10, false));
            ColumnFamilyOptions familyOptions = familyOptions(table);
            // Revisions are written once and never overwritten, under random document ids: in the LSM tree their
            // values were rewritten by every compaction (a third of all CPU under a transfer load). In blob files
            // they are written once at flush and compactions move only the keys and 16-byte blob references.
            ColumnFamilyOptions revisionOptions = familyOptions(table).setEnableBlobFiles(true).setMinBlobSize(0)
                    .setBlobFileSize(256L << 20).setBlobCompressionType(CompressionType.LZ4_COMPRESSION);
            // MAX_OPEN_FILES: RocksDB's default (-1) opens every table file on open, so opening grew with the store:
            // at 10M revisions `blocks` alone has ~1,050 small files (its keys only ever append, so each flush is
            // moved down whole and never merged) and opening them took 150-300 ms of ~200 (docs/SCALE.md).
            DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setAtomicFlush(true).setMaxBackgroundJobs(2).setMaxOpenFiles(MAX_OPEN_FILES);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
            for (String name : FAMILIES) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII),
                        name.equals("revisions") ? revisionOptions : familyOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
            // RocksDB creates its files with the umask's permissions; the directory (0700) is what protects files it
            // creates later, and this narrows those that exist now.
            OwnerOnlyFiles.restrictTree(directory);
            return new StateStore(db, dbOptions, List.of(familyOptions, revisionOptions), cache, handles);
        } catch (Exception e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot open state store in " + directory + ": " + e, e);
        }
    }

    /**
     * Options shared by the column families. Only the bottom level is compressed: upper levels are rewritten by
     * compactions within minutes, and compressing them cost ~20 % of all CPU under a transfer load (snappy in
     * flushes and compactions) for data that lives briefly; the bottom level holds most of the bytes.
     */
    private static ColumnFamilyOptions familyOptions(BlockBasedTableConfig table) {
        return new ColumnFamilyOptions().setTableFormatConfig(table).setWriteBufferSize(64L << 20)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
                .setCompactionStyle(org.rocksdb.CompactionStyle.UNIVERSAL);
    }

    /** The sequence number of the last block whose effects are in the store; -1 when none. */
    public long lastAppliedSequenceNo() {
        return lastApplied;
    }

    /** Runs a native call unless the store is closed. */
    <T> T whileOpen(java.util.function.Supplier<T> call) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "the ledger's state store is closed");
            }
            return call.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** A consistent read view as of now. Close it when done. */
    public StoreSnapshot snapshot() {
        return whileOpen(() -> {
            Snapshot snapshot = db.getSnapshot();
            return new StoreSnapshot(this, snapshot, new ReadOptions().setSnapshot(snapshot));
        });
    }

    /** Releases a snapshot; after close there is nothing left to release (closing the database freed it). */
    void release(Snapshot snapshot, ReadOptions options) {
        lifecycle.readLock().lock();
        try {
            if (!closed) {
                options.close();
                db.releaseSnapshot(snapshot);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Starts a batch of changes that {@link #write} applies atomically. */
    public StoreBatch newBatch() {
        return new StoreBatch(this);
    }

    /** Applies a batch atomically and records {@code appliedSequenceNo} as the last applied block. */
    public void write(StoreBatch batch, long appliedSequenceNo) {
        WriteBatch writeBatch = batch.writeBatch();
        try {
            whileOpen(() -> {
                try {
                    writeBatch.put(meta, LAST_APPLIED, ByteBuffer.allocate(8).putLong(appliedSequenceNo).array());
                    db.write(writeOptions, writeBatch);
                } catch (RocksDBException e) {
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "state store write failed: " + e, e);
                }
                lastApplied = appliedSequenceNo;
                return null;
            });
        } finally {
            writeBatch.close();
        }
    }

    /**
     * Applies a batch atomically without recording progress (for bookkeeping outside the block order, such as
     * clearing redaction markers, from a thread other than the applier's).
     */
    public void writeWithoutProgress(StoreBatch batch) {
        WriteBatch writeBatch = batch.writeBatch();
        try {
            whileOpen(() -> {
                try {
                    db.write(writeOptions, writeBatch);
                } catch (RocksDBException e) {
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "state store write failed: " + e, e);
                }
                return null;
            });
        } finally {
            writeBatch.close();
        }
    }

    /** Where block {@code sequenceNo} is, or null when it is not applied. */
    public BlockLocation block(long sequenceNo) {
        byte[] value = get(blocks, StoreKeys.sequence(sequenceNo), null);
        return value == null ? null : BlockLocation.decode(value);
    }

    /** A stored perfect Merkle subtree hash, or null when not stored. */
    public Hash merkleNode(int level, long index) {
        byte[] value = get(merkle, StoreKeys.merkle(level, index), null);
        return value == null ? null : Hash.of(value);
    }

    ColumnFamilyHandle meta() {
        return meta;
    }

    byte[] get(ColumnFamilyHandle family, byte[] key, ReadOptions options) {
        return whileOpen(() -> {
            try {
                return options == null ? db.get(family, key) : db.get(family, options, key);
            } catch (RocksDBException e) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "state store read failed: " + e, e);
            }
        });
    }

    /** Iterates a column family (from {@code seek}) while holding the store open; see {@link #whileOpen}. */
    <T> T iterate(ColumnFamilyHandle family, ReadOptions options, java.util.function.Function<RocksIterator, T> body) {
        return whileOpen(() -> {
            try (RocksIterator iterator = options == null ? db.newIterator(family) : db.newIterator(family, options)) {
                return body.apply(iterator);
            }
        });
    }

    /** Approximate bytes the store occupies on disk. */
    public long sizeBytes() {
        return whileOpen(() -> {
            try {
                long total = 0;
                for (ColumnFamilyHandle handle : handles) {
                    total += db.getLongProperty(handle, "rocksdb.total-sst-files-size")
                            + db.getLongProperty(handle, "rocksdb.total-blob-file-size");
                }
                return total;
            } catch (RocksDBException e) {
                return -1L;
            }
        });
    }

    /**
     * Starts an atomic flush of every column family's memtable and returns without waiting. Bounds how much of
     * the journal has to be replayed after a crash (what was not flushed is replayed from the journal).
     *
     * <p>{@code allowWriteStall}: without it RocksDB first waits until the flush would not push any column family
     * towards a write stall (too many level-0 files or memtables), i.e. for compactions to catch up, even when not
     * waiting for the flush itself. The committer calls this, so that wait stopped every commit of the ledger: up to
     * 30 s on a busy 2-core machine at 4–9 million revisions, long enough to expire waiting transactions
     * (docs/SCALE.md). With it the flush is only scheduled; RocksDB's own slowdown and stop triggers still apply
     * back-pressure to later writes.
     */
    public void requestFlush() {
        whileOpen(() -> {
            try (FlushOptions options = new FlushOptions().setWaitForFlush(false).setAllowWriteStall(true)) {
                db.flush(options, handles);
            } catch (RocksDBException e) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "state store flush failed: " + e, e);
            }
            return null;
        });
    }

    /** Stops background flushes and compactions until {@link #continueBackgroundWork()}; for tests of stalls. */
    void pauseBackgroundWork() {
        try {
            db.pauseBackgroundWork();
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot pause the state store: " + e, e);
        }
    }

    void continueBackgroundWork() {
        try {
            db.continueBackgroundWork();
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot resume the state store: " + e, e);
        }
    }

    /**
     * Blocks whose journal records still hold data that committed redactions removed from the store
     * ({@link StoreBatch#putRedactionPending}), in sequence order.
     */
    public List<Long> pendingRedactions() {
        byte[] prefix = StoreKeys.REDACTION_PENDING.getBytes(StandardCharsets.US_ASCII);
        return iterate(meta, null, iterator -> {
            List<Long> pending = new ArrayList<>();
            for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                if (key.length != prefix.length + 8 || !java.util.Arrays.equals(key, 0, prefix.length, prefix, 0,
                        prefix.length)) {
                    break;
                }
                pending.add(ByteBuffer.wrap(key, prefix.length, 8).getLong());
            }
            return pending;
        });
    }

    /**
     * Makes overwritten revision values unrecoverable from the store's files (after a redaction): flushes the
     * memtables, then compacts the whole {@code revisions} family with blob garbage collection forced on every
     * blob file, so that no table or blob file holding an older value survives. The replaced files are deleted
     * once no snapshot still reads them. Costs a rewrite of every stored revision: a redaction is rare, an erasure
     * request must be honoured. Blocks until done.
     */
    public void purgeOverwrittenRevisions() {
        whileOpen(() -> {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
                 CompactRangeOptions compaction = new CompactRangeOptions()
                         .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)
                         .setAllowWriteStall(true)) {
                db.flush(flush, handles);
                db.setOptions(revisions, MutableColumnFamilyOptions.builder().setEnableBlobGarbageCollection(true)
                        .setBlobGarbageCollectionAgeCutoff(1.0).setBlobGarbageCollectionForceThreshold(0.0)
                        .build());
                try {
                    db.compactRange(revisions, null, null, compaction);
                } finally {
                    db.setOptions(revisions, MutableColumnFamilyOptions.builder()
                            .setEnableBlobGarbageCollection(false).build());
                }
            } catch (RocksDBException e) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "state store purge after a redaction failed: " + e,
                        e);
            }
            return null;
        });
    }

    /** Flushes memtables of every column family atomically (blocks until done). */
    public void flush() {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, handles);
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "state store flush failed: " + e, e);
        }
    }

    /** RocksDB's per-family compaction statistics (levels, bytes written, write amplification), for diagnosis. */
    public String compactionStatistics() {
        return whileOpen(() -> {
            StringBuilder text = new StringBuilder();
            for (ColumnFamilyHandle handle : handles) {
                try {
                    text.append(db.getProperty(handle, "rocksdb.cfstats-no-file-histogram"));
                } catch (RocksDBException e) {
                    text.append("unavailable: ").append(e.getMessage());
                }
            }
            return text.toString();
        });
    }

    /** Flushes and closes; later calls fail with UNAVAILABLE instead of touching freed native handles. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            flush();
            closed = true;
            Path directory = Path.of(db.getName());
            closeHandles();
            // Files RocksDB created while open (tables flushed, its log) have the umask's permissions, protected by
            // the owner-only directory; narrow them too, so that a copied-out directory keeps owner-only files.
            try {
                OwnerOnlyFiles.restrictTree(directory);
            } catch (java.io.IOException e) {
                LOG.warn("Could not narrow the permissions of {}: {}",
                        directory, e.toString());
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void closeHandles() {
        writeOptions.close();
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        dbOptions.close();
        familyOptions.forEach(ColumnFamilyOptions::close);
        cache.close();
    }
}
