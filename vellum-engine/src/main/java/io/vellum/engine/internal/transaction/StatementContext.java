package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.IdGenerator;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.apply.IndexKey;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.engine.internal.commit.CommitRequest;
import io.vellum.engine.internal.commit.MillisTimestamp;
import io.vellum.engine.internal.commit.ReadSet;
import io.vellum.engine.internal.redaction.RevisionRedaction;
import io.vellum.engine.query.EqualityKey;
import io.vellum.engine.query.QueryContext;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.TableHandle;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * What a transaction's statements run against ({@link QueryContext}, the query layer's only view of storage): the
 * snapshot ({@link SnapshotReads}) overlaid with the transaction's own buffered writes ({@link WriteBuffer}), every
 * read recorded in its {@link ReadSet}, DDL through {@link CatalogChanges}, documents checked by
 * {@link TransactionLimits}, and at most one {@code EXEC redact_revision}. Its {@link LedgerTransaction} owns the
 * life cycle (open, committed, aborted, expired) and checks it for {@link #checkDeadline()}. Not thread-safe.
 */
final class StatementContext implements QueryContext {
    private final TransactionContext core;
    private final LedgerOptions options;
    private final String id;
    /** The block the reads see; moves forward only when {@link #lockIfHot} may advance the snapshot. */
    private long snapshotSequenceNo;
    private final SnapshotReads snapshot;
    private final HotDocumentLocks locks;
    private final HotDocumentLocks.Owner owner;
    /** Takes the newest published state and registers it as the transaction's (see {@link #advanceSnapshot}). */
    private final Supplier<TransactionSnapshot> newestSnapshot;
    /** Hot documents whose locks this transaction holds. */
    private final Set<String> locked = new HashSet<>(2);
    /** The hot document whose lock a statement died for, or had just taken when a changed read failed it; or null. */
    private String hotDocumentDiedFor;
    /**
     * Hot documents this transaction reads as a sealed, not yet published commit wrote them (handed on with their
     * locks, {@link HotDocumentLocks#sealedWrite}), by document id; null while there is none (most transactions).
     */
    private Map<String, HotDocumentLocks.SealedWrite> readFromSealed;
    /** The sealed writes this transaction's commit handed on with its locks ({@link #handOnLocks}), or null. */
    private Map<String, HotDocumentLocks.SealedWrite> handedOn;
    private final TransactionLimits limits;
    private final ReadSet reads = new ReadSet();
    private final WriteBuffer writes = new WriteBuffer();
    private final CatalogChanges catalog;
    /** The transaction's check that it is still open and within its timeout. */
    private final Runnable deadline;
    /** The revision {@code EXEC redact_revision} asked to redact, or null (at most one per transaction). */
    private RevisionRedaction.Request redaction;

    StatementContext(TransactionContext core, String id, TransactionSnapshot taken, TransactionLimits limits,
                     Runnable deadline, HotDocumentLocks.Owner owner,
                     Supplier<TransactionSnapshot> newestSnapshot, String lockedBeforeSnapshot,
                     HotDocumentLocks.SealedWrite sealedBeforeSnapshot) {
        this.core = core;
        this.options = core.options();
        this.id = id;
        this.snapshotSequenceNo = taken.sequenceNo();
        this.snapshot = new SnapshotReads(core, taken.store(), taken.sequenceNo());
        this.limits = limits;
        this.deadline = deadline;
        this.locks = core.hotDocuments();
        this.owner = owner;
        this.newestSnapshot = newestSnapshot;
        this.catalog = new CatalogChanges(options, core.ion(), snapshot, writes, this::record, taken.catalog());
        if (lockedBeforeSnapshot != null) {
            locked.add(lockedBeforeSnapshot); // taken before the snapshot: nothing to move when it is read
            readFromSealedIfNewer(lockedBeforeSnapshot, sealedBeforeSnapshot);
        }
    }

    long snapshotSequenceNo() {
        return snapshotSequenceNo;
    }

    ReadSet reads() {
        return reads;
    }

    WriteBuffer writes() {
        return writes;
    }

    CatalogChanges catalog() {
        return catalog;
    }

    /** The revision this transaction redacts, or null. */
    RevisionRedaction.Request redaction() {
        return redaction;
    }

    /**
     * Releases the snapshot and every hot document's lock, and forgets the sealed writes its commit handed on (the
     * commit ended: published, or failed); once, when the transaction ends (whichever way).
     */
    void close() {
        try {
            snapshot.close();
        } finally {
            if (!locked.isEmpty()) {
                locks.releaseAll(owner);
            }
            if (handedOn != null) {
                locks.forgetSealed(handedOn);
            }
        }
    }

    // ---- hot documents (HotDocumentLocks) ----

    /**
     * Before the first read of a committed document: if it is hot, takes its lock (waiting as
     * {@link HotDocumentLocks#acquire} says), then moves the transaction to the newest published state, so that it
     * reads what the lock's previous holder committed instead of failing validation because of it.
     */
    private void lockIfHot(String documentId) {
        if (!locks.isHot(documentId) || locked.contains(documentId)) {
            return;
        }
        checkDeadline();
        try {
            if (locks.acquire(documentId, owner) == HotDocumentLocks.Acquired.NOT_TAKEN) {
                return; // its holder is open on this thread: go on as without locks
            }
            locked.add(documentId);
            // Before the snapshot moves: a sealed write is forgotten only once published, so when none is found
            // here, the newest published state taken next holds the document's newest write.
            HotDocumentLocks.SealedWrite sealed = locks.sealedWrite(documentId);
            advanceSnapshot();
            readFromSealedIfNewer(documentId, sealed);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.OCC_CONFLICT) {
                hotDocumentDiedFor = documentId; // the retry queues for it first, holding nothing
            }
            throw e;
        }
    }

    /**
     * Reads {@code documentId}, whose lock this transaction just took, as {@code sealed} wrote it when that write is
     * newer than the snapshot (its commit sealed, maybe not yet published) and the document was not read yet.
     */
    private void readFromSealedIfNewer(String documentId, HotDocumentLocks.SealedWrite sealed) {
        if (sealed == null || sealed.sequenceNo() <= snapshotSequenceNo || snapshot.cached(documentId)
                || writes.contains(documentId)) {
            return;
        }
        if (readFromSealed == null) {
            readFromSealed = new HashMap<>(2);
        }
        readFromSealed.put(documentId, sealed);
    }

    /** The sealed write this transaction reads {@code documentId} of {@code tableId} from, or null. */
    private HotDocumentLocks.SealedWrite sealedRead(String tableId, String documentId) {
        if (readFromSealed == null) {
            return null;
        }
        HotDocumentLocks.SealedWrite sealed = readFromSealed.get(documentId);
        return sealed != null && sealed.tableId().equals(tableId) ? sealed : null;
    }

    /** The results of the sealed commits this transaction read writes of (its commit must follow theirs). */
    List<CompletableFuture<BlockAddress>> readFrom() {
        if (readFromSealed == null) {
            return List.of();
        }
        List<CompletableFuture<BlockAddress>> commits = new ArrayList<>(2);
        for (HotDocumentLocks.SealedWrite sealed : readFromSealed.values()) {
            if (!commits.contains(sealed.commit())) {
                commits.add(sealed.commit());
            }
        }
        return commits;
    }

    /**
     * Whether this transaction's commit hands its locks on once sealed: it holds the lock of a hot document it
     * writes, and runs no DDL and no redaction (those always wait for their commit to be published).
     */
    boolean handsOnLocksWhenSealed() {
        if (catalog.changed() || redaction != null) {
            return false;
        }
        for (String documentId : locked) {
            if (writes.contains(documentId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Early lock release: once the committer says {@code request} is sealed in block {@code sequenceNo} (validated,
     * its place in the journal fixed, not yet durable), leaves this transaction's writes of the hot documents it
     * holds for the next holders and releases every lock it holds. The next holder reads those writes; its own
     * commit is sealed in a later round, refused unless this one committed, and so never acknowledged before it.
     */
    void handOnLocks(CommitRequest request, long sequenceNo) {
        Map<String, HotDocumentLocks.SealedWrite> sealed = new HashMap<>(2);
        for (Revision revision : request.revisions()) {
            String documentId = revision.metadata().id();
            if (!locked.contains(documentId)) {
                continue;
            }
            PendingWrite write = writes.get(documentId);
            StoredDocument document = revision.data() == null ? null
                    : StoredDocument.withLazyView(documentId, revision.metadata().version(), revision.data(), () -> {
                        IonStruct view = StoredRevision.committedView(core.ion(),
                                core.strandId(), sequenceNo, revision);
                        view.makeReadOnly();
                        return view;
                    });
            sealed.put(documentId, new HotDocumentLocks.SealedWrite(write.tableId(), sequenceNo, document,
                    request.result()));
        }
        handedOn = sealed;
        locks.handOnSealed(owner, sealed);
        locked.clear();
    }

    /**
     * For a transaction that commits without writing: when it read a sealed commit's write, waits until every such
     * commit ended and checks that everything it read is what the newest published state holds, so that its reads are
     * those of one committed state (a snapshot mixed with a newer write is not one by itself). Fails with OCC_CONFLICT
     * when a commit it read from failed or a read differs (or cannot be compared: a scan, a history, DDL).
     */
    void confirmReadsOfSealedCommits() throws InterruptedException {
        if (readFromSealed == null) {
            return;
        }
        for (HotDocumentLocks.SealedWrite sealed : readFromSealed.values()) {
            try {
                sealed.commit().get();
            } catch (ExecutionException e) {
                throw readOnlyConflict("the commit of block " + sealed.sequenceNo() + ", whose write it read, failed");
            }
        }
        if (reads.scannedAnyTable() || catalog.changed()) {
            throw readOnlyConflict("it scanned a table or changed the catalog after reading a write not yet published");
        }
        for (String documentId : reads.documentIds()) {
            if (documentId.length() == IdGenerator.LENGTH && !snapshot.cached(documentId)) {
                throw readOnlyConflict("it read a document's history after reading a write not yet published");
            }
        }
        TransactionSnapshot newest = newestSnapshot.get();
        try {
            List<String> changed = snapshot.documentsChangedIn(newest.store());
            if (!changed.isEmpty() || snapshot.indexEntriesChangedIn(newest.store())
                    || newest.catalog() != catalog.committed()) {
                changed.forEach(locks::heat);
                throw readOnlyConflict("what it read on its snapshot (block " + snapshotSequenceNo + ") was changed "
                        + "by a later commit");
            }
            for (Map.Entry<String, HotDocumentLocks.SealedWrite> read : readFromSealed.entrySet()) {
                HotDocumentLocks.SealedWrite sealed = read.getValue();
                long version = sealed.document() == null ? -1 : sealed.document().version();
                if (newest.store().liveVersion(sealed.tableId(), read.getKey()) != version) {
                    throw readOnlyConflict("document " + read.getKey() + " was changed after block "
                            + sealed.sequenceNo() + ", whose write of it it read");
                }
            }
        } finally {
            newest.store().close();
        }
    }

    private LedgerException readOnlyConflict(String why) {
        return new LedgerException(ErrorCode.OCC_CONFLICT, "Optimistic concurrency control (OCC) failure "
                + "encountered while committing the transaction: " + id + ": " + why);
    }

    /** See {@link LedgerTransaction#hotDocumentDiedFor()}. */
    String hotDocumentDiedFor() {
        return hotDocumentDiedFor;
    }

    /**
     * Moves the reads to the newest published state when that is equivalent to having started there: every read made
     * so far reads the same in it (checked value by value), no table was scanned, no DDL or redaction is pending and
     * the catalog is unchanged. When a read differs, the transaction is bound to fail validation: it fails now with
     * OCC_CONFLICT, and the documents that changed become hot. When the check cannot be made (a scan, DDL, history),
     * the transaction keeps its snapshot and validation at commit decides, as without locks.
     */
    private void advanceSnapshot() {
        if (core.committedSequenceNo() == snapshotSequenceNo || reads.scannedAnyTable() || catalog.changed()
                || redaction != null) {
            return;
        }
        for (String documentId : reads.documentIds()) {
            if (documentId.length() == IdGenerator.LENGTH && !snapshot.cached(documentId)) {
                return; // read without the cache (history of a document): cannot be compared
            }
        }
        TransactionSnapshot newest = newestSnapshot.get();
        List<String> changed;
        boolean indexChanged;
        try {
            changed = snapshot.documentsChangedIn(newest.store());
            indexChanged = snapshot.indexEntriesChangedIn(newest.store());
        } catch (RuntimeException e) {
            newest.store().close();
            throw e;
        }
        if (!changed.isEmpty() || indexChanged || newest.catalog() != catalog.committed()) {
            newest.store().close();
            changed.forEach(locks::heat);
            throw new LedgerException(ErrorCode.OCC_CONFLICT, "Optimistic concurrency control (OCC) failure "
                    + "encountered in transaction " + id + ": " + (!changed.isEmpty() ? "document " + changed.get(0)
                    + " it read" : indexChanged ? "an index key it looked up" : "the catalog")
                    + " was changed by a commit after its snapshot (block " + snapshotSequenceNo + ")");
        }
        snapshot.advanceTo(newest.store(), newest.sequenceNo());
        snapshotSequenceNo = newest.sequenceNo();
    }

    /**
     * After this transaction failed validation: makes the documents it read that a later commit changed hot, so that
     * the next transactions reading them queue for them. Reads the newest state once; only on conflicts.
     */
    void heatChangedDocuments() {
        if (!locks.enabled()) {
            return;
        }
        TransactionSnapshot newest = newestSnapshot.get();
        try {
            snapshot.documentsChangedIn(newest.store()).forEach(locks::heat);
        } finally {
            newest.store().close();
        }
    }

    @Override
    public void checkDeadline() {
        deadline.run();
    }

    // ---- QueryContext: reads (the snapshot, overlaid with this transaction's writes) ----

    @Override
    public IonSystem ion() {
        return core.ion();
    }

    @Override
    public Timestamp now() {
        return MillisTimestamp.of(options.clock().millis());
    }

    @Override
    public TableHandle table(String name) {
        return catalog.current().activeTable(name).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "Table '" + name + "' does not exist"));
    }

    @Override
    public Optional<TableHandle> tableById(String tableId) {
        return catalog.current().table(tableId);
    }

    @Override
    public List<TableHandle> tables() {
        return catalog.current().tables();
    }

    @Override
    public Iterator<StoredDocument> scan(TableHandle table) {
        reads.scannedTable(table.tableId());
        List<StoredDocument> documents = snapshot.liveDocuments(table.tableId(), writes::contains);
        for (PendingWrite write : writes.all()) {
            if (write.tableId().equals(table.tableId()) && write.data() != null) {
                documents.add(pending(write));
            }
        }
        return documents.iterator();
    }

    @Override
    public Optional<StoredDocument> get(TableHandle table, String documentId) {
        PendingWrite write = writes.get(documentId);
        if (write != null) {
            return write.tableId().equals(table.tableId()) && write.data() != null
                    ? Optional.of(pending(write)) : Optional.empty();
        }
        if (documentId.length() != IdGenerator.LENGTH) {
            reads.readDocument(documentId);
            return Optional.empty();
        }
        lockIfHot(documentId); // before the read is recorded: the snapshot may move
        HotDocumentLocks.SealedWrite sealed = sealedRead(table.tableId(), documentId);
        if (sealed != null) {
            reads.readDocumentAt(documentId, sealed.sequenceNo());
            return Optional.ofNullable(sealed.document());
        }
        reads.readDocument(documentId);
        return Optional.ofNullable(snapshot.liveCommitted(table.tableId(), documentId));
    }

    @Override
    public Iterator<StoredDocument> lookup(TableHandle table, String field, IonValue value) {
        Optional<TableHandle.IndexInfo> index = catalog.committed().table(table.tableId())
                .flatMap(t -> t.indexOn(field));
        if (index.isEmpty()) {
            // Index created by this transaction: not built yet, so fall back to a scan.
            List<StoredDocument> matches = new ArrayList<>();
            scan(table).forEachRemaining(d -> {
                if (matches(d.data(), field, EqualityKey.hashOf(value))) {
                    matches.add(d);
                }
            });
            return matches.iterator();
        }
        Hash valueHash = EqualityKey.hashOf(value);
        IndexKey key = new IndexKey(table.tableId(), index.get().indexId(), valueHash);
        reads.lookedUp(key);
        List<StoredDocument> documents = new ArrayList<>();
        List<String> entries = snapshot.indexEntries(key);
        for (String documentId : entries) {
            if (!writes.contains(documentId)) {
                lockIfHot(documentId);
                HotDocumentLocks.SealedWrite sealed = sealedRead(table.tableId(), documentId);
                StoredDocument document = sealed != null ? sealed.document()
                        : snapshot.liveCommitted(table.tableId(), documentId);
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        boolean anySealed = false;
        for (String documentId : entries) {
            anySealed |= sealedRead(table.tableId(), documentId) != null; // also those written since
        }
        if (anySealed) {
            // A sealed write of a listed document is newer than the snapshot, so the key's "written" block (which
            // counts every write of its documents) would refuse this transaction: depend on the key's membership
            // and on each listed document instead, which together are what the lookup read.
            reads.lookedUpMembership(key);
            for (String documentId : entries) {
                HotDocumentLocks.SealedWrite sealed = sealedRead(table.tableId(), documentId);
                if (sealed != null) {
                    reads.readDocumentAt(documentId, sealed.sequenceNo());
                } else {
                    reads.readDocument(documentId);
                }
            }
        }
        for (PendingWrite write : writes.all()) {
            if (write.tableId().equals(table.tableId()) && matches(write.data(), field, valueHash)) {
                documents.add(pending(write));
            }
        }
        return documents.iterator();
    }

    private static boolean matches(IonStruct data, String field, Hash valueHash) {
        if (data == null) {
            return false;
        }
        IonValue value = data.get(field);
        return value != null && EqualityKey.hashOf(value).equals(valueHash);
    }

    @Override
    public Iterator<StoredDocument> history(TableHandle table, Optional<String> documentId) {
        HotDocumentLocks.SealedWrite sealed = documentId.isPresent() && readFromSealed != null
                ? readFromSealed.get(documentId.get()) : null;
        if (sealed != null) {
            // The snapshot's history lacks the sealed revision this transaction read, and validation (from that
            // block on) could not tell: no single state has both. (A whole table's history conflicts anyway: the
            // sealed block wrote the table after the snapshot.)
            throw new LedgerException(ErrorCode.OCC_CONFLICT, "Optimistic concurrency control (OCC) failure "
                    + "encountered in transaction " + id + ": it read document " + documentId.get() + " as block "
                    + sealed.sequenceNo() + " wrote it, not yet published, and then its history, which its snapshot"
                    + " (block " + snapshotSequenceNo + ") holds only up to the revision before");
        }
        if (documentId.isPresent()) {
            reads.readDocument(documentId.get());
        } else {
            reads.scannedTable(table.tableId());
        }
        if (documentId.isPresent() && documentId.get().length() != IdGenerator.LENGTH) {
            return new ArrayList<StoredDocument>().iterator();
        }
        return snapshot.history(table.tableId(), documentId.orElse(null)).iterator();
    }

    private StoredDocument pending(PendingWrite write) {
        IonStruct view = core.ion().newEmptyStruct();
        if (write.data() != null) {
            view.put("data", write.data().clone());
        }
        IonStruct metadata = view.put("metadata").newEmptyStruct();
        metadata.put("id").newString(write.documentId());
        metadata.put("version").newInt(write.version());
        metadata.put("txId").newString(id);
        view.makeReadOnly();
        return new StoredDocument(write.documentId(), write.version(), write.data(), view);
    }

    // ---- QueryContext: writes ----

    @Override
    public IonValue redactRevision(IonValue blockAddress, IonValue tableId, IonValue documentId) {
        core.checkWritable(); // read-only or damaged: the same refusal as any write
        if (!core.redactionSupported()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "EXEC redact_revision needs a writable ledger");
        }
        RevisionRedaction.Request request = RevisionRedaction.validate(this, blockAddress, tableId, documentId,
                snapshot.store(), snapshotSequenceNo, core.strandId());
        if (redaction != null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "a transaction can redact at most one revision; "
                    + "this one already redacts " + redaction.describe());
        }
        reads.readDocument(request.documentId());
        redaction = request;
        return request.toIon(core.ion(), core.strandId());
    }

    @Override
    public String insert(TableHandle table, IonStruct data) {
        CatalogChanges.requireActive(table);
        String documentId = options.ids().nextId();
        record(new PendingWrite(table.tableId(), table.name(), documentId, 0, limits.checkedDocument(data), null));
        return documentId;
    }

    @Override
    public void update(TableHandle table, String documentId, IonStruct newData) {
        CatalogChanges.requireActive(table);
        PendingWrite previous = writes.get(documentId);
        if (previous != null) {
            if (previous.data() == null) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "document " + documentId
                        + " was deleted earlier in this transaction");
            }
            record(new PendingWrite(previous.tableId(), previous.tableName(), documentId, previous.version(),
                    limits.checkedDocument(newData), previous.oldData()));
            return;
        }
        StoredDocument current = get(table, documentId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "document " + documentId + " does not exist in table " + table.name()));
        record(new PendingWrite(table.tableId(), table.name(), documentId, current.version() + 1,
                limits.checkedDocument(newData), current.data()));
    }

    @Override
    public void delete(TableHandle table, String documentId) {
        CatalogChanges.requireActive(table);
        PendingWrite previous = writes.get(documentId);
        if (previous != null) {
            if (previous.oldData() == null && previous.version() == 0) {
                writes.discard(documentId); // inserted and deleted in the same transaction: nothing to journal
                return;
            }
            record(PendingWrite.deletion(previous.tableId(), previous.tableName(), documentId, previous.version(),
                    previous.oldData()));
            return;
        }
        StoredDocument current = get(table, documentId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "document " + documentId + " does not exist in table " + table.name()));
        record(PendingWrite.deletion(table.tableId(), table.name(), documentId, current.version() + 1,
                current.data()));
    }

    /** Buffers a write, after the checks every write passes: the ledger takes writes, the document count. */
    private void record(PendingWrite write) {
        core.checkWritable(); // a damaged or read-only ledger refuses the write here, before it is staged
        limits.checkDocumentCount(id, writes, write);
        writes.put(write);
    }

    // ---- QueryContext: DDL ----

    @Override
    public TableHandle createTable(String name) {
        return createTable(name, Map.of());
    }

    @Override
    public TableHandle createTable(String name, Map<String, String> tags) {
        return catalog.createTable(name, tags);
    }

    @Override
    public TableHandle changeTableTags(String tableId, Map<String, String> tags) {
        return catalog.changeTableTags(tableId, tags);
    }

    @Override
    public String createIndex(TableHandle table, String field) {
        return catalog.createIndex(table, field);
    }

    @Override
    public void dropIndex(TableHandle table, String indexId) {
        catalog.dropIndex(table, indexId);
    }

    @Override
    public TableHandle dropTable(TableHandle table) {
        return catalog.dropTable(table);
    }

    @Override
    public TableHandle undropTable(String tableId) {
        return catalog.undropTable(tableId);
    }
}
