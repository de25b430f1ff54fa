package io.vellum.engine.internal.apply;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.internal.redaction.JournalRedactor;
import io.vellum.engine.internal.redaction.RevisionRedaction;
import io.vellum.engine.query.EqualityKey;
import io.vellum.engine.query.TableHandle;
import io.vellum.engine.store.BlockLocation;
import io.vellum.engine.store.StateStore;
import io.vellum.engine.store.StoreBatch;
import io.vellum.engine.store.StoreSnapshot;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.merkle.MerkleNode;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.merkle.PerfectSubtrees;
import io.vellum.proof.block.Revision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns journal blocks into state-store changes: block locations, Merkle nodes, revisions, live versions, index
 * entries and the catalog. The same code applies freshly committed blocks and replays the journal on open, so
 * the state store is always a function of the journal.
 *
 * <p>Blocks accumulate in one pending batch until {@link #writePending()}. A block that changes the catalog is
 * applied alone (the pending batch is written before and after it), so that index builds read settled state.
 * Not thread-safe: owned by the committer (or by the opening thread during replay).
 */
public final class BlockApplier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockApplier.class);
    private final IonSystem ion;
    private final StateStore store;
    private Catalog catalog;
    private StoreBatch batch;
    private long lastInBatch = -1;
    /** Current data of documents changed in the pending batch (null value = deleted), keyed by table+document. */
    private final Map<String, IonStruct> pendingData = new HashMap<>();
    private final Map<Long, Hash> pendingMerkle = new HashMap<>();
    private final PerfectSubtrees merkleNodes = this::merkleNode;
    /**
     * Revisions applied since the last flush request. The store has no write-ahead log, so everything unflushed is
     * replayed from the journal after a crash; flushing every so many revisions keeps that replay (and so reopen
     * time) bounded whatever the journal's length ({@link io.vellum.engine.LedgerOptions#stateFlushRevisions}).
     */
    private long revisionsSinceFlush;
    private final long flushEveryRevisions;

    public BlockApplier(IonSystem ion, StateStore store, Catalog catalog, long flushEveryRevisions) {
        this.flushEveryRevisions = flushEveryRevisions;
        this.ion = ion;
        this.store = store;
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * Adds a block's effects to the pending batch.
     *
     * @param knownIndexChanges per document id, its index changes when the caller computed them already (saves
     *                          reading and hashing old data); may be empty. Ignored for blocks that change the
     *                          catalog, whose index set changes inside the block.
     * @param knownStoredRevisions per document id, its revision already encoded for the store (saves encoding on
     *                             the committer thread); may be empty
     */
    public void apply(JournalBlock block, BlockLocation location, Map<String, List<IndexChange>> knownIndexChanges,
               Map<String, byte[]> knownStoredRevisions) {
        // A redaction block is applied alone too: the revision it redacts must be readable from the store.
        boolean changesCatalog = changesCatalog(block) || block.redactionInfo() != null;
        if (changesCatalog) {
            writePending();
        }
        StoreBatch target = batch();
        long sequenceNo = block.blockAddress().sequenceNo();
        if (lastInBatch >= 0 && sequenceNo != lastInBatch + 1 || lastInBatch < 0 && sequenceNo != store.lastAppliedSequenceNo() + 1) {
            throw new LedgerException(ErrorCode.CORRUPTION, "block " + sequenceNo + " applied out of order after "
                    + Math.max(lastInBatch, store.lastAppliedSequenceNo()));
        }
        target.putBlock(sequenceNo, location);
        target.putMerkleNode(0, sequenceNo, block.blockHash());
        pendingMerkle.put(merkleKey(0, sequenceNo), block.blockHash());
        for (MerkleNode node : MerkleTree.completedBy(sequenceNo, block.blockHash(), merkleNodes)) {
            target.putMerkleNode(node.level(), node.index(), node.hash());
            pendingMerkle.put(merkleKey(node.level(), node.index()), node.hash());
        }
        // Catalog revisions first: the block's user revisions must be indexed by the indexes it creates.
        List<Revision> userRevisions = new ArrayList<>();
        for (BlockRevision entry : block.revisions()) {
            if (entry instanceof Revision revision) {
                DocumentInfo info = block.transactionInfo().documents().get(revision.metadata().id());
                if (info == null) {
                    throw new LedgerException(ErrorCode.CORRUPTION, "block " + sequenceNo + ": revision of document "
                            + revision.metadata().id() + " missing from transactionInfo.documents");
                }
                if (Catalog.TABLE_ID.equals(info.tableId())) {
                    applyCatalogRevision(target, revision, sequenceNo);
                } else {
                    userRevisions.add(revision);
                }
            }
        }
        for (Revision revision : userRevisions) {
            DocumentInfo info = block.transactionInfo().documents().get(revision.metadata().id());
            String tableId = info.tableId();
            if (catalog.table(tableId).isEmpty()) {
                // An imported QLDB journal: its tables exist only as opaque system revisions.
                target.putImplicitTable(tableId, info.tableName());
                catalog = catalog.with(new TableHandle(tableId, info.tableName(), true, List.of()));
            }
            applyRevision(target, tableId, revision, sequenceNo, changesCatalog ? Map.of() : knownIndexChanges,
                    knownStoredRevisions);
        }
        for (RevisionRedaction.Request redaction : RevisionRedaction.fromRedactionInfo(block.redactionInfo(),
                sequenceNo)) {
            redactStoredRevision(target, redaction, sequenceNo);
        }
        lastInBatch = sequenceNo;
        revisionsSinceFlush += block.revisions().size() + 1;
        if (changesCatalog) {
            writePending();
        }
    }

    /** Writes the pending batch atomically (with the last applied sequence number); a no-op when empty. */
    public void writePending() {
        if (batch == null) {
            return;
        }
        store.write(batch, lastInBatch);
        if (revisionsSinceFlush >= flushEveryRevisions) {
            store.requestFlush();
            revisionsSinceFlush = 0;
        }
        batch = null;
        lastInBatch = -1;
        pendingData.clear();
        pendingMerkle.clear();
    }

    private StoreBatch batch() {
        if (batch == null) {
            batch = store.newBatch();
        }
        return batch;
    }

    private static boolean changesCatalog(JournalBlock block) {
        for (DocumentInfo info : block.transactionInfo().documents().values()) {
            if (Catalog.TABLE_ID.equals(info.tableId())) {
                return true;
            }
        }
        return false;
    }

    private void applyCatalogRevision(StoreBatch target, Revision revision, long sequenceNo) {
        String tableId = revision.metadata().id();
        storeRevision(target, Catalog.TABLE_ID, revision, sequenceNo, null);
        TableHandle updated = Catalog.fromDocument(tableId, revision.data());
        TableHandle previous = catalog.table(tableId).orElse(null);
        for (TableHandle.IndexInfo index : updated.indexes()) {
            if (previous == null || previous.indexes().stream().noneMatch(i -> i.indexId().equals(index.indexId()))) {
                buildIndex(target, tableId, index);
            }
        }
        if (previous != null) {
            for (TableHandle.IndexInfo index : previous.indexes()) {
                if (updated.indexes().stream().noneMatch(i -> i.indexId().equals(index.indexId()))) {
                    target.purgeIndex(tableId, index.indexId());
                }
            }
        }
        catalog = catalog.with(updated);
    }

    /** Indexes every live document of the table (the pending batch is empty here, so the store is current). */
    private void buildIndex(StoreBatch target, String tableId, TableHandle.IndexInfo index) {
        try (StoreSnapshot snapshot = store.snapshot()) {
            snapshot.forEachLiveDocument(tableId, (documentId, version) -> {
                IonStruct data = dataOf(snapshot.revision(tableId, documentId, version), documentId);
                IonValue value = data == null ? null : data.get(index.field());
                if (value != null) {
                    target.putIndexEntry(tableId, index.indexId(), EqualityKey.hashOf(value), documentId);
                }
            });
        }
    }

    private void applyRevision(StoreBatch target, String tableId, Revision revision, long sequenceNo,
                               Map<String, List<IndexChange>> knownIndexChanges,
                               Map<String, byte[]> knownStoredRevisions) {
        String documentId = revision.metadata().id();
        List<IndexChange> changes = knownIndexChanges.get(documentId);
        if (changes == null) {
            changes = indexChanges(tableId, revision);
        }
        storeRevision(target, tableId, revision, sequenceNo, knownStoredRevisions.get(documentId));
        for (IndexChange change : changes) {
            if (change.removedValueHash() != null) {
                target.deleteIndexEntry(tableId, change.indexId(), change.removedValueHash(), documentId);
            }
            if (change.addedValueHash() != null) {
                target.putIndexEntry(tableId, change.indexId(), change.addedValueHash(), documentId);
            }
        }
    }

    /** Index changes of a revision computed from its data and its predecessor's (replay, or a DDL block). */
    private List<IndexChange> indexChanges(String tableId, Revision revision) {
        String documentId = revision.metadata().id();
        long version = revision.metadata().version();
        TableHandle table = catalog.table(tableId).orElseThrow(() -> new LedgerException(ErrorCode.CORRUPTION,
                "revision of document " + documentId + " names unknown table " + tableId));
        if (table.indexes().isEmpty()) {
            return List.of();
        }
        IonStruct oldData = version == 0 ? null : previousData(tableId, documentId, version);
        List<IndexChange> changes = new ArrayList<>(table.indexes().size());
        for (TableHandle.IndexInfo index : table.indexes()) {
            changes.add(new IndexChange(index.indexId(), IndexChange.valueHash(oldData, index.field()),
                    IndexChange.valueHash(revision.data(), index.field())));
        }
        return changes;
    }

    private void storeRevision(StoreBatch target, String tableId, Revision revision, long sequenceNo,
                               byte[] knownBody) {
        String documentId = revision.metadata().id();
        byte[] body = knownBody != null ? knownBody : StoredRevision.encodeBody(revision);
        target.putRevision(tableId, documentId, revision.metadata().version(),
                StoredRevision.withSequenceNo(sequenceNo, body));
        if (revision.data() != null) {
            // A redacted revision has no data to show: QLDB never redacts a document's latest revision, so only a
            // hand-made export can end a history with one, and the user view then does not show the document.
            target.putLiveVersion(tableId, documentId, revision.metadata().version());
        } else {
            target.deleteLiveVersion(tableId, documentId);
        }
        pendingData.put(tableId + documentId, revision.data());
    }

    /**
     * Overwrites the stored revision a redaction names with its redacted form ({@code dataHash} instead of
     * {@code data}; hash unchanged) and marks its block's journal record for rewriting ({@link JournalRedactor}).
     * A revision redacted already (a replay, an imported export that shows it redacted) is left as it is.
     */
    private void redactStoredRevision(StoreBatch target, RevisionRedaction.Request redaction, long sequenceNo) {
        byte[] stored;
        try (StoreSnapshot snapshot = store.snapshot()) {
            stored = snapshot.revision(redaction.tableId(), redaction.documentId(), redaction.version());
        }
        if (stored == null) {
            LOG.warn("Block {} redacts {}, which the state store does not hold; nothing to redact", sequenceNo,
                    redaction.describe());
            return;
        }
        long storedSequenceNo = java.nio.ByteBuffer.wrap(stored, 0, 8).getLong();
        Revision revision = Revision.fromIon(StoredRevision.committedView(ion, "strand", stored,
                redaction.documentId()));
        if (revision.data() == null) {
            return;
        }
        target.putRevision(redaction.tableId(), redaction.documentId(), redaction.version(),
                StoredRevision.withSequenceNo(storedSequenceNo, StoredRevision.encodeBody(revision.redact())));
        target.putRedactionPending(storedSequenceNo);
    }

    private IonStruct previousData(String tableId, String documentId, long version) {
        String key = tableId + documentId;
        if (pendingData.containsKey(key)) {
            return pendingData.get(key);
        }
        try (StoreSnapshot snapshot = store.snapshot()) {
            return dataOf(snapshot.revision(tableId, documentId, version - 1), documentId);
        }
    }

    private IonStruct dataOf(byte[] stored, String documentId) {
        return stored == null ? null : StoredRevision.data(ion, stored, documentId);
    }

    private Hash merkleNode(int level, long index) {
        Hash pending = pendingMerkle.get(merkleKey(level, index));
        return pending != null ? pending : store.merkleNode(level, index);
    }

    /** Levels are below 64 and indexes below 2^56 for any journal that fits on a disk. */
    private static long merkleKey(int level, long index) {
        return ((long) level << 56) | index;
    }
}
