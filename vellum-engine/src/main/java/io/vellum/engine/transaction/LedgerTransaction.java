package io.vellum.engine.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.CommitResult;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.query.EqualityKey;
import io.vellum.engine.query.QueryContext;
import io.vellum.engine.query.StatementLimits;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.TableHandle;
import io.vellum.engine.query.TableTags;
import io.vellum.engine.store.StoreSnapshot;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.CommitDigest;
import io.vellum.proof.DocumentInfo;
import io.vellum.proof.Dot;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.Hash;
import io.vellum.proof.LedgerException;
import io.vellum.proof.Revision;
import io.vellum.proof.RevisionMetadata;
import io.vellum.proof.StatementInfo;
import io.vellum.proof.TransactionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A transaction on a snapshot: statements read the snapshot plus the transaction's own buffered writes, every read
 * lands in the read set, and commit hands the whole thing to the {@link Committer}.
 *
 * <p>A failed statement is undone (its writes are rolled back) and the transaction stays open, as in QLDB; its
 * text still counts in the commit digest because clients fold a statement in before sending it. Not thread-safe.
 */
final class LedgerTransaction implements Transaction, QueryContext {
    private enum State { OPEN, COMMITTED, ABORTED }

    private final LedgerCore core;
    private final LedgerOptions options;
    private final String id;
    private final long startNanos = System.nanoTime();
    private final StoreSnapshot snapshot;
    private long snapshotSequenceNo;
    private Catalog committedCatalog;
    private Catalog catalog;
    private boolean catalogChanged;
    private final ReadSet reads = new ReadSet();
    private final LinkedHashMap<String, PendingWrite> writes = new LinkedHashMap<>();
    private final List<StatementInfo> statements = new ArrayList<>();
    private final LinkedHashMap<String, List<Integer>> documentStatements = new LinkedHashMap<>();
    /** Undo log of the running statement: document id -> its write before the statement (null = none). */
    private final Map<String, PendingWrite> statementUndo = new LinkedHashMap<>();
    /**
     * Committed documents already read, by id (with the table they were read from). The snapshot never changes, so
     * repeated reads of a document (a SELECT, then the UPDATE that finds it again) decode it once.
     */
    private final Map<String, CachedDocument> committedDocuments = new HashMap<>();
    /** Index lookups already made against the snapshot: document ids by index key. */
    private final Map<IndexKey, List<String>> indexResults = new HashMap<>();
    private Hash digest;
    /** The revision {@code EXEC redact_revision} asked to redact, or null (at most one per transaction). */
    private RevisionRedaction.Request redaction;
    private int statementIndex = -1;
    private State state = State.OPEN;
    /** Why the transaction is aborted, for the error of a later use; the default covers {@link #abort()}. */
    private String abortReason = "its owner aborted it";
    private static final String EXPIRED = "it expired";

    LedgerTransaction(LedgerCore core, String id) {
        this.core = core;
        this.options = core.options;
        this.id = id;
        this.digest = CommitDigest.seed(id);
        this.snapshot = core.beginSnapshot(this);
    }

    /** Called by {@link LedgerCore#beginSnapshot} under its lock. */
    void attach(long sequenceNo, Catalog snapshotCatalog) {
        this.snapshotSequenceNo = sequenceNo;
        this.committedCatalog = snapshotCatalog;
        this.catalog = snapshotCatalog;
    }

    static LedgerException expired(String transactionId) {
        return new LedgerException(ErrorCode.TRANSACTION_EXPIRED, "Transaction " + transactionId + " has expired");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Hash commitDigest() {
        return digest;
    }

    @Override
    public List<IonValue> execute(String statement, List<? extends IonValue> parameters) {
        checkOpen();
        if (statement.length() > options.maxStatementLength()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "statement is " + statement.length()
                    + " characters; the limit is " + options.maxStatementLength());
        }
        for (int i = 0; i < parameters.size(); i++) {
            // Before anything recursive (size bound, hashing, encoding) touches the value.
            StatementLimits.checkValueDepth(parameters.get(i), "parameter " + (i + 1));
            if (IonSizeBound.of(parameters.get(i)) <= options.maxParameterSize()) {
                continue;
            }
            int size = IonBytes.encode(parameters.get(i)).length;
            if (size > options.maxParameterSize()) {
                throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "parameter " + (i + 1) + " is " + size
                        + " bytes of Ion binary; the limit is " + options.maxParameterSize());
            }
        }
        Timestamp startTime = now();
        Hash statementHash = CommitDigest.statementHash(statement, parameters);
        digest = Dot.dot(digest, statementHash);
        statementIndex = statements.size();
        statementUndo.clear();
        Catalog catalogBefore = catalog;
        boolean catalogChangedBefore = catalogChanged;
        try {
            List<IonValue> result = core.queries.execute(this, statement, List.copyOf(parameters));
            if (!statementUndo.isEmpty()) {
                checkTransactionSize();
            }
            statements.add(new StatementInfo(statement, startTime, statementHash));
            return result;
        } catch (RuntimeException e) {
            undoStatement();
            catalog = catalogBefore;
            catalogChanged = catalogChangedBefore;
            throw e;
        }
    }

    private void undoStatement() {
        for (Map.Entry<String, PendingWrite> entry : statementUndo.entrySet()) {
            if (entry.getValue() == null) {
                writes.remove(entry.getKey());
            } else {
                writes.put(entry.getKey(), entry.getValue());
            }
            List<Integer> indexes = documentStatements.get(entry.getKey());
            if (indexes != null) {
                indexes.remove(Integer.valueOf(statementIndex));
                if (indexes.isEmpty()) {
                    documentStatements.remove(entry.getKey());
                }
            }
        }
        statementUndo.clear();
    }

    @Override
    public void checkDeadline() {
        checkOpen();
    }

    private void checkOpen() {
        if (state == State.ABORTED && abortReason.equals(EXPIRED)) {
            throw expired(id); // as QLDB answers every later use of an expired transaction
        }
        if (state != State.OPEN) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Transaction " + id + " is already "
                    + (state == State.COMMITTED ? "committed" : "aborted: " + abortReason));
        }
        if (System.nanoTime() - startNanos > options.transactionTimeout().toNanos()) {
            abortBecause(EXPIRED);
            throw expired(id);
        }
    }

    // ---- QueryContext: reads ----

    @Override
    public IonSystem ion() {
        return core.ion;
    }

    @Override
    public Timestamp now() {
        return Timestamp.forMillis(options.clock().millis(), 0);
    }

    @Override
    public TableHandle table(String name) {
        return catalog.activeTable(name).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "Table '" + name + "' does not exist"));
    }

    @Override
    public Optional<TableHandle> tableById(String tableId) {
        return catalog.table(tableId);
    }

    @Override
    public List<TableHandle> tables() {
        return catalog.tables();
    }

    @Override
    public Iterator<StoredDocument> scan(TableHandle table) {
        reads.tables.add(table.tableId());
        List<StoredDocument> documents = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        snapshot.forEachLiveDocument(table.tableId(), (documentId, version) -> {
            ids.add(documentId);
            versions.add(version);
        });
        for (int i = 0; i < ids.size(); i++) {
            if (!writes.containsKey(ids.get(i))) {
                documents.add(committed(table.tableId(), ids.get(i), versions.get(i)));
            }
        }
        for (PendingWrite write : writes.values()) {
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
        reads.documents.add(documentId);
        if (documentId.length() != io.vellum.engine.IdGenerator.LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(liveCommitted(table.tableId(), documentId));
    }

    private record CachedDocument(String tableId, StoredDocument document) {
    }

    /** The snapshot's live revision of a document, or null; cached for the transaction's life. */
    private StoredDocument liveCommitted(String tableId, String documentId) {
        CachedDocument cached = committedDocuments.get(documentId);
        if (cached != null && cached.tableId().equals(tableId)) {
            return cached.document();
        }
        StoredDocument document = core.cache.document(tableId, documentId, snapshotSequenceNo);
        if (document == null) {
            long version = snapshot.liveVersion(tableId, documentId);
            document = version < 0 ? null : committed(tableId, documentId, version);
            if (document != null) {
                StoredDocument found = document;
                core.cacheIfCurrent(snapshotSequenceNo,
                        () -> core.cache.putDocument(tableId, found, snapshotSequenceNo));
            }
        }
        committedDocuments.put(documentId, new CachedDocument(tableId, document));
        return document;
    }

    @Override
    public Iterator<StoredDocument> lookup(TableHandle table, String field, IonValue value) {
        Optional<TableHandle.IndexInfo> index = committedCatalog.table(table.tableId()).flatMap(t -> t.indexOn(field));
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
        reads.indexKeys.add(key);
        List<String> documentIds = indexResults.computeIfAbsent(key, this::committedIndexEntries);
        List<StoredDocument> documents = new ArrayList<>();
        for (String documentId : documentIds) {
            if (!writes.containsKey(documentId)) {
                StoredDocument document = liveCommitted(table.tableId(), documentId);
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        for (PendingWrite write : writes.values()) {
            if (write.tableId().equals(table.tableId()) && matches(write.data(), field, valueHash)) {
                documents.add(pending(write));
            }
        }
        return documents.iterator();
    }

    /** The document ids an index key lists in the snapshot. */
    private List<String> committedIndexEntries(IndexKey key) {
        List<String> documentIds = core.cache.index(key, snapshotSequenceNo);
        if (documentIds == null) {
            documentIds = snapshot.indexLookup(key.tableId(), key.indexId(), key.valueHash());
            List<String> found = documentIds;
            core.cacheIfCurrent(snapshotSequenceNo, () -> core.cache.putIndex(key, found, snapshotSequenceNo));
        }
        return documentIds;
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
        if (documentId.isPresent()) {
            reads.documents.add(documentId.get());
        } else {
            reads.tables.add(table.tableId());
        }
        List<StoredDocument> revisions = new ArrayList<>();
        if (documentId.isPresent() && documentId.get().length() != io.vellum.engine.IdGenerator.LENGTH) {
            return revisions.iterator();
        }
        snapshot.forEachRevision(table.tableId(), documentId.orElse(null), (id, bytes) ->
                revisions.add(fromView(id, StoredRevision.committedView(core.ion, core.strandId(), bytes, id))));
        return revisions.iterator();
    }

    private StoredDocument committed(String tableId, String documentId, long version) {
        byte[] bytes = snapshot.revision(tableId, documentId, version);
        if (bytes == null) {
            throw new LedgerException(ErrorCode.CORRUPTION, "live version " + version + " of document "
                    + documentId + " has no stored revision");
        }
        return fromView(documentId, StoredRevision.committedView(core.ion, core.strandId(), bytes, documentId));
    }

    private static StoredDocument fromView(String documentId, IonStruct view) {
        IonStruct metadata = (IonStruct) view.get("metadata");
        long version = ((com.amazon.ion.IonInt) metadata.get("version")).longValue();
        IonValue data = view.get("data");
        view.makeReadOnly();
        return new StoredDocument(documentId, version, data instanceof IonStruct s ? s : null, view);
    }

    private StoredDocument pending(PendingWrite write) {
        IonStruct view = core.ion.newEmptyStruct();
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
                snapshot, snapshotSequenceNo, core.strandId());
        if (redaction != null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "a transaction can redact at most one revision; "
                    + "this one already redacts " + redaction.describe());
        }
        reads.documents.add(request.documentId());
        redaction = request;
        return request.toIon(core.ion, core.strandId());
    }

    @Override
    public String insert(TableHandle table, IonStruct data) {
        requireActive(table);
        String documentId = options.ids().nextId();
        record(new PendingWrite(table.tableId(), table.name(), documentId, 0, checkedData(data), null));
        return documentId;
    }

    @Override
    public void update(TableHandle table, String documentId, IonStruct newData) {
        requireActive(table);
        PendingWrite previous = writes.get(documentId);
        if (previous != null) {
            if (previous.data() == null) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "document " + documentId
                        + " was deleted earlier in this transaction");
            }
            record(new PendingWrite(previous.tableId(), previous.tableName(), documentId, previous.version(),
                    checkedData(newData), previous.oldData()));
            return;
        }
        StoredDocument current = get(table, documentId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "document " + documentId + " does not exist in table " + table.name()));
        record(new PendingWrite(table.tableId(), table.name(), documentId, current.version() + 1,
                checkedData(newData), current.data()));
    }

    @Override
    public void delete(TableHandle table, String documentId) {
        requireActive(table);
        PendingWrite previous = writes.get(documentId);
        if (previous != null) {
            if (previous.oldData() == null && previous.version() == 0) {
                // Inserted and deleted in the same transaction: nothing to journal.
                statementUndo.putIfAbsent(documentId, previous);
                writes.remove(documentId);
                documentStatements.remove(documentId);
                return;
            }
            record(new PendingWrite(previous.tableId(), previous.tableName(), documentId, previous.version(), null,
                    previous.oldData()));
            return;
        }
        StoredDocument current = get(table, documentId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "document " + documentId + " does not exist in table " + table.name()));
        record(new PendingWrite(table.tableId(), table.name(), documentId, current.version() + 1, null,
                current.data()));
    }

    private void requireActive(TableHandle table) {
        if (!table.active()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "table " + table.name() + " (" + table.tableId()
                    + ") is dropped");
        }
    }

    private IonStruct checkedData(IonStruct data) {
        StatementLimits.checkValueDepth(data, "the document");
        if (IonSizeBound.of(data) > options.maxDocumentSize()) {
            checkEncodedSize(data);
        }
        IonStruct copy = data.isReadOnly() ? data.clone() : data;
        if (copy.getContainer() != null) {
            copy = copy.clone();
        }
        copy.makeReadOnly();
        return copy;
    }

    private void checkEncodedSize(IonStruct data) {
        int size = IonBytes.encode(data).length;
        if (size > options.maxDocumentSize()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "document is " + size
                    + " bytes of Ion binary; the limit is " + options.maxDocumentSize());
        }
    }

    private void record(PendingWrite write) {
        core.checkWritable(); // a damaged or read-only ledger refuses the write here, before it is staged
        boolean isNew = !writes.containsKey(write.documentId());
        if (isNew && !Catalog.TABLE_ID.equals(write.tableId())
                && userDocumentCount() >= options.maxDocumentsPerTransaction()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a transaction may modify at most "
                    + options.maxDocumentsPerTransaction() + " documents: transaction " + id + " would modify "
                    + (userDocumentCount() + 1) + " (adding document " + write.documentId() + " in table "
                    + write.tableName() + ")");
        }
        statementUndo.putIfAbsent(write.documentId(), writes.get(write.documentId()));
        writes.put(write.documentId(), write);
        List<Integer> indexes = documentStatements.computeIfAbsent(write.documentId(), k -> new ArrayList<>());
        // A change made outside any statement (a table's tags changed through the control plane) names none.
        if (statementIndex >= 0 && !indexes.contains(statementIndex)) {
            indexes.add(statementIndex);
        }
    }

    /**
     * Refuses the statement that makes the transaction's writes exceed {@link LedgerOptions#maxTransactionSize}: the
     * Ion binary bytes of the data of every user-table revision it would commit (deletes count 0). Cheap upper bounds
     * first; the exact encodings only when the bounds exceed the limit.
     */
    private void checkTransactionSize() {
        long bound = 0;
        for (PendingWrite write : writes.values()) {
            if (write.data() != null && !Catalog.TABLE_ID.equals(write.tableId())) {
                bound += IonSizeBound.of(write.data());
            }
        }
        if (bound <= options.maxTransactionSize()) {
            return;
        }
        long size = 0;
        for (PendingWrite write : writes.values()) {
            if (write.data() != null && !Catalog.TABLE_ID.equals(write.tableId())) {
                size += IonBytes.encode(write.data()).length;
            }
        }
        if (size > options.maxTransactionSize()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "transaction " + id + " would write " + size
                    + " bytes of documents (Ion binary, " + userDocumentCount() + " documents); a transaction may write"
                    + " at most " + options.maxTransactionSize() + " bytes");
        }
    }

    private long userDocumentCount() {
        return writes.values().stream().filter(w -> !Catalog.TABLE_ID.equals(w.tableId())).count();
    }

    // ---- QueryContext: DDL ----

    @Override
    public TableHandle createTable(String name) {
        return createTable(name, Map.of());
    }

    @Override
    public TableHandle createTable(String name, Map<String, String> tags) {
        if (catalog.activeTable(name).isPresent()) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "Table '" + name + "' already exists");
        }
        if (catalog.activeCount() >= options.maxActiveTables()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a ledger may have at most "
                    + options.maxActiveTables() + " active tables");
        }
        if (catalog.tables().size() >= options.maxTotalTables()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a ledger may have at most "
                    + options.maxTotalTables() + " tables including dropped ones");
        }
        if (name.startsWith("_ql_") || name.isEmpty() || name.length() > 128) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "invalid table name '" + name
                    + "': 1 to 128 characters, not starting with the reserved prefix _ql_");
        }
        return changeCatalog(new TableHandle(options.ids().nextId(), name, true, List.of(), TableTags.check(tags)));
    }

    @Override
    public TableHandle changeTableTags(String tableId, Map<String, String> tags) {
        TableHandle current = catalog.table(tableId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "no table has id " + tableId));
        return changeCatalog(current.withTags(TableTags.check(tags)));
    }

    @Override
    public String createIndex(TableHandle table, String field) {
        TableHandle current = currentTable(table);
        if (field.isEmpty() || field.length() > 128) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "index field name must be 1 to 128 characters, got '"
                    + field + "'");
        }
        if (current.indexOn(field).isPresent()) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "table " + table.name()
                    + " already has an index on " + field);
        }
        if (current.indexes().size() >= options.maxIndexesPerTable()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a table may have at most "
                    + options.maxIndexesPerTable() + " indexes");
        }
        String indexId = options.ids().nextId();
        List<TableHandle.IndexInfo> indexes = new ArrayList<>(current.indexes());
        indexes.add(new TableHandle.IndexInfo(indexId, field, "ONLINE"));
        changeCatalog(new TableHandle(current.tableId(), current.name(), current.active(), indexes, current.tags()));
        return indexId;
    }

    @Override
    public void dropIndex(TableHandle table, String indexId) {
        TableHandle current = currentTable(table);
        List<TableHandle.IndexInfo> indexes = new ArrayList<>(current.indexes());
        if (!indexes.removeIf(i -> i.indexId().equals(indexId))) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "table " + table.name() + " has no index " + indexId);
        }
        changeCatalog(new TableHandle(current.tableId(), current.name(), current.active(), indexes, current.tags()));
    }

    @Override
    public TableHandle dropTable(TableHandle table) {
        TableHandle current = currentTable(table);
        requireActive(current);
        return changeCatalog(new TableHandle(current.tableId(), current.name(), false, current.indexes(),
                current.tags()));
    }

    @Override
    public TableHandle undropTable(String tableId) {
        TableHandle current = catalog.table(tableId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "no table has id " + tableId));
        if (current.active()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "table " + current.name() + " is not dropped");
        }
        if (catalog.activeTable(current.name()).isPresent()) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "an active table is already named '"
                    + current.name() + "'");
        }
        return changeCatalog(new TableHandle(current.tableId(), current.name(), true, current.indexes(),
                current.tags()));
    }

    private TableHandle currentTable(TableHandle table) {
        return catalog.table(table.tableId()).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "Table '" + table.name() + "' does not exist"));
    }

    private TableHandle changeCatalog(TableHandle table) {
        PendingWrite previous = writes.get(table.tableId());
        long version;
        if (previous != null) {
            version = previous.version();
        } else {
            long committed = snapshot.liveVersion(Catalog.TABLE_ID, table.tableId());
            version = committed < 0 ? 0 : committed + 1;
        }
        IonStruct document = Catalog.toDocument(core.ion, table);
        document.makeReadOnly();
        record(new PendingWrite(Catalog.TABLE_ID, Catalog.TABLE_NAME, table.tableId(), version, document, null));
        catalog = catalog.with(table);
        catalogChanged = true;
        return table;
    }

    // ---- commit / abort ----

    @Override
    public CommitResult commit(Hash clientCommitDigest) {
        checkOpen();
        if (!digest.equals(clientCommitDigest)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "CommitDigest mismatch for transaction " + id
                    + ": the client sent " + clientCommitDigest + " but the statements received hash to " + digest);
        }
        return commit();
    }

    @Override
    public CommitResult commit() {
        checkOpen();
        if (writes.isEmpty() && redaction == null) {
            finish(State.COMMITTED);
            return new CommitResult(id, digest, null);
        }
        CommitRequest request;
        try {
            request = prepare();
        } catch (RuntimeException e) {
            abortBecause("its commit failed: " + e.getMessage());
            throw e;
        }
        try {
            core.submit(request);
            BlockAddress address = request.result().get();
            core.commits.increment();
            finish(State.COMMITTED);
            if (redaction != null) {
                // The journal no longer holds the data (rewritten before the acknowledgement); now the store's files.
                // The redaction is committed whatever happens here: a failed purge is retried by the next one or open.
                try {
                    core.redactor.purgeStore(address.sequenceNo());
                } catch (LedgerException e) {
                    org.slf4j.LoggerFactory.getLogger(LedgerTransaction.class).error("Purging the state store after "
                            + "the redaction in block {} failed; the next redaction or open retries: {}",
                            address.sequenceNo(), e.getMessage());
                }
            }
            return new CommitResult(id, digest, address);
        } catch (ExecutionException e) {
            abortBecause("its commit failed: " + e.getCause().getMessage());
            if (e.getCause() instanceof LedgerException ledgerException) {
                throw new LedgerException(ledgerException.code(), ledgerException.getMessage(), ledgerException);
            }
            throw new LedgerException(ErrorCode.UNAVAILABLE, "commit failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortBecause("it was interrupted while committing");
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while committing " + id
                    + "; the outcome is unknown until the ledger is reopened", e);
        } catch (RuntimeException e) {
            abortBecause("its commit failed: " + e.getMessage());
            throw e;
        }
    }

    private CommitRequest prepare() {
        Timestamp txTime = now();
        BlockAddress unassigned = new BlockAddress("unassigned", 0);
        List<Revision> revisions = new ArrayList<>(writes.size());
        Map<String, DocumentInfo> documents = new LinkedHashMap<>();
        Set<String> documentIds = new HashSet<>();
        Set<String> tables = new HashSet<>();
        Set<IndexKey> indexKeys = new HashSet<>();
        Map<String, List<IndexChange>> indexChanges = new HashMap<>();
        Map<String, byte[]> storedRevisions = new HashMap<>();
        for (PendingWrite write : writes.values()) {
            Revision revision = Revision.create(unassigned, write.data(),
                    new RevisionMetadata(write.documentId(), write.version(), txTime, id));
            revisions.add(revision);
            storedRevisions.put(write.documentId(), StoredRevision.encodeBody(revision));
            documents.put(write.documentId(), new DocumentInfo(write.tableName(), write.tableId(),
                    List.copyOf(documentStatements.getOrDefault(write.documentId(), List.of()))));
            documentIds.add(write.documentId());
            tables.add(write.tableId());
            reads.documents.add(write.documentId());
            Optional<TableHandle> table = catalog.table(write.tableId());
            if (table.isPresent() && !table.get().indexes().isEmpty()) {
                List<IndexChange> changes = new ArrayList<>(table.get().indexes().size());
                for (TableHandle.IndexInfo index : table.get().indexes()) {
                    IndexChange change = new IndexChange(index.indexId(), valueHash(write.oldData(), index.field()),
                            valueHash(write.data(), index.field()));
                    changes.add(change);
                    if (change.oldValueHash() != null) {
                        indexKeys.add(new IndexKey(write.tableId(), index.indexId(), change.oldValueHash()));
                    }
                    if (change.newValueHash() != null) {
                        indexKeys.add(new IndexKey(write.tableId(), index.indexId(), change.newValueHash()));
                    }
                }
                indexChanges.put(write.documentId(), changes);
            }
        }
        if (redaction != null) {
            documentIds.add(redaction.documentId()); // two redactions of one document conflict
        }
        WriteSummary summary = new WriteSummary(-1, documentIds, indexKeys, tables, catalogChanged);
        TransactionInfo transactionInfo = new TransactionInfo(List.copyOf(statements), documents);
        return new CommitRequest(id, snapshotSequenceNo, startNanos + options.transactionTimeout().toNanos(), reads,
                indexChanges, storedRevisions, revisions, transactionInfo, transactionInfo.hash(),
                summary, catalogChanged ? catalog : null, digest, new CompletableFuture<>(),
                redaction == null ? null : redaction.redactionInfo(core.ion, core.strandId()));
    }

    /** The index key of a top-level field's value ({@link EqualityKey#hashOf}); null when the document or field is absent. */
    static Hash valueHash(IonStruct data, String field) {
        if (data == null) {
            return null;
        }
        IonValue value = data.get(field);
        return value == null ? null : EqualityKey.hashOf(value);
    }

    @Override
    public void abort() {
        if (state == State.OPEN) {
            finish(State.ABORTED);
        }
    }

    @Override
    public void close() {
        abort();
    }

    private void abortBecause(String reason) {
        if (state == State.OPEN) {
            abortReason = reason;
            finish(State.ABORTED);
        }
    }

    private void finish(State finalState) {
        if (state != State.OPEN) {
            return;
        }
        state = finalState;
        core.endSnapshot(this);
        snapshot.close();
    }
}
