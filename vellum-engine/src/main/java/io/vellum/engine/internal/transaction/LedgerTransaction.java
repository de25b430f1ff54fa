package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.CommitResult;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.engine.internal.apply.IndexKey;
import io.vellum.engine.internal.commit.CommitRequest;
import io.vellum.engine.internal.commit.ReadSet;
import io.vellum.engine.internal.redaction.RevisionRedaction;
import io.vellum.engine.query.EqualityKey;
import io.vellum.engine.query.QueryContext;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.TableHandle;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.hash.Dot;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.StatementInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * A transaction on a snapshot: statements read the snapshot plus the transaction's own buffered writes, every read
 * lands in the read set, and commit hands the whole thing to the committer as a {@link CommitRequest}.
 *
 * <p>This class holds the transaction's life (open, committed, aborted, expired), its commit digest and its
 * statements, and answers the query layer ({@link QueryContext}) by combining its collaborators: the buffered writes
 * and the running statement's undo log ({@link WriteBuffer}), reads of the snapshot ({@link SnapshotReads}), the
 * limits ({@link TransactionLimits}), DDL ({@link CatalogChanges}) and the commit request ({@link CommitPreparation}).
 *
 * <p>A failed statement is undone (its writes are rolled back) and the transaction stays open, as in QLDB; its
 * text still counts in the commit digest because clients fold a statement in before sending it. Not thread-safe.
 */
public final class LedgerTransaction implements Transaction, QueryContext {
    private enum State { OPEN, COMMITTED, ABORTED }

    private static final String EXPIRED = "it expired";

    private final TransactionContext core;
    private final LedgerOptions options;
    private final String id;
    private final long startNanos = System.nanoTime();
    private final long snapshotSequenceNo;
    private final SnapshotReads snapshot;
    private final TransactionLimits limits;
    private final ReadSet reads = new ReadSet();
    private final WriteBuffer writes = new WriteBuffer();
    private final CatalogChanges catalog;
    private final List<StatementInfo> statements = new ArrayList<>();
    private Hash digest;
    /** The revision {@code EXEC redact_revision} asked to redact, or null (at most one per transaction). */
    private RevisionRedaction.Request redaction;
    private State state = State.OPEN;
    /** Why the transaction is aborted, for the error of a later use; the default covers {@link #abort()}. */
    private String abortReason = "its owner aborted it";

    public LedgerTransaction(TransactionContext core, String id) {
        this.core = core;
        this.options = core.options();
        this.id = id;
        this.digest = CommitDigest.seed(id);
        this.limits = new TransactionLimits(options);
        TransactionSnapshot taken = core.beginSnapshot(this);
        this.snapshotSequenceNo = taken.sequenceNo();
        this.snapshot = new SnapshotReads(core, taken.store(), taken.sequenceNo());
        this.catalog = new CatalogChanges(options, core.ion(), snapshot, writes, this::record, taken.catalog());
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
        limits.checkStatement(statement, parameters);
        Timestamp startTime = now();
        Hash statementHash = CommitDigest.statementHash(statement, parameters);
        digest = Dot.dot(digest, statementHash);
        writes.beginStatement(statements.size());
        CatalogChanges.Mark catalogBefore = catalog.mark();
        try {
            List<IonValue> result = core.queries().execute(this, statement, List.copyOf(parameters));
            if (writes.statementWrote()) {
                limits.checkTransactionSize(id, writes);
            }
            statements.add(new StatementInfo(statement, startTime, statementHash));
            return result;
        } catch (RuntimeException e) {
            writes.undoStatement();
            catalog.reset(catalogBefore);
            throw e;
        }
    }

    @Override
    public void checkDeadline() {
        checkOpen();
    }

    private void checkOpen() {
        if (state == State.ABORTED && abortReason.equals(EXPIRED)) {
            throw CommitRequest.expired(id); // as QLDB answers every later use of an expired transaction
        }
        if (state != State.OPEN) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Transaction " + id + " is already "
                    + (state == State.COMMITTED ? "committed" : "aborted: " + abortReason));
        }
        if (System.nanoTime() - startNanos > options.transactionTimeout().toNanos()) {
            abortBecause(EXPIRED);
            throw CommitRequest.expired(id);
        }
    }

    // ---- QueryContext: reads (the snapshot, overlaid with this transaction's writes) ----

    @Override
    public IonSystem ion() {
        return core.ion();
    }

    @Override
    public Timestamp now() {
        return Timestamp.forMillis(options.clock().millis(), 0);
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
        reads.readDocument(documentId);
        if (documentId.length() != io.vellum.engine.IdGenerator.LENGTH) {
            return Optional.empty();
        }
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
        for (String documentId : snapshot.indexEntries(key)) {
            if (!writes.contains(documentId)) {
                StoredDocument document = snapshot.liveCommitted(table.tableId(), documentId);
                if (document != null) {
                    documents.add(document);
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
        if (documentId.isPresent()) {
            reads.readDocument(documentId.get());
        } else {
            reads.scannedTable(table.tableId());
        }
        if (documentId.isPresent() && documentId.get().length() != io.vellum.engine.IdGenerator.LENGTH) {
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
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "EXEC redact_revision is not supported in cluster "
                    + "mode yet");
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
            record(new PendingWrite(previous.tableId(), previous.tableName(), documentId, previous.version(), null,
                    previous.oldData()));
            return;
        }
        StoredDocument current = get(table, documentId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "document " + documentId + " does not exist in table " + table.name()));
        record(new PendingWrite(table.tableId(), table.name(), documentId, current.version() + 1, null,
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
            request = CommitPreparation.prepare(new CommitPreparation.Position(id, snapshotSequenceNo,
                            startNanos + options.transactionTimeout().toNanos(), digest, now()),
                    writes, reads, catalog, statements, redaction,
                    redaction == null ? null : redaction.redactionInfo(core.ion(), core.strandId()));
        } catch (RuntimeException e) {
            abortBecause("its commit failed: " + e.getMessage());
            throw e;
        }
        try {
            core.submit(request);
            BlockAddress address = request.result().get();
            core.countCommit();
            finish(State.COMMITTED);
            if (redaction != null) {
                // The journal no longer holds the data (rewritten before the acknowledgement); now the store's files.
                // The redaction is committed whatever happens here: a failed purge is retried by the next one or open.
                try {
                    core.purgeRedactedRevisions(address.sequenceNo());
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
