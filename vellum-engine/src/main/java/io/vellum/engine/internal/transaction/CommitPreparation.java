package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.Timestamp;
import io.vellum.engine.internal.apply.IndexChange;
import io.vellum.engine.internal.apply.IndexKey;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.engine.internal.commit.CommitRequest;
import io.vellum.engine.internal.commit.ReadSet;
import io.vellum.engine.internal.commit.WriteSummary;
import io.vellum.engine.internal.redaction.RevisionRedaction;
import io.vellum.engine.query.TableHandle;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.StructHashMemo;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns what a transaction did into the {@link CommitRequest} the committer validates and seals, on the
 * transaction's own thread so that the committer's single thread does as little as possible: the revisions and
 * their hashes (block address still unassigned), each revision as the store keeps it, how each write changes each
 * index of its table, {@code transactionInfo} and its hash, and the write summary OCC validates later transactions
 * against. Every written document joins the read set (a concurrent write to it conflicts).
 */
final class CommitPreparation {
    private CommitPreparation() {
    }

    /** Where the transaction stands when it commits. */
    record Position(String transactionId, long snapshotSequenceNo, long deadlineNanos, Hash commitDigest,
                    Timestamp txTime) {
    }

    /**
     * @param redaction     the revision {@code EXEC redact_revision} asked to redact, or null
     * @param redactionInfo that redaction as the block's {@code redactionInfo}, or null
     * @param readFrom      the results of the sealed commits whose writes the transaction read
     *                      ({@link CommitRequest#readFrom()})
     * @param handsOnLocks  whether the committer tells the transaction when its commit is sealed
     *                      ({@link CommitRequest#sealed()}), so that it hands its hot documents' locks on early
     * @param hashMemo      the struct parameters the transaction's statements hashed for the commit digest: data
     *                      holding a copy of one hashes it from there
     */
    static CommitRequest prepare(Position position, WriteBuffer writes, ReadSet reads, CatalogChanges catalog,
                                 List<StatementInfo> statements, RevisionRedaction.Request redaction,
                                 IonStruct redactionInfo,
                                 List<CompletableFuture<BlockAddress>> readFrom, boolean handsOnLocks,
                                 StructHashMemo hashMemo) {
        BlockAddress unassigned = new BlockAddress("unassigned", 0);
        List<Revision> revisions = new ArrayList<>(writes.size());
        Map<String, DocumentInfo> documents = new LinkedHashMap<>();
        Set<String> documentIds = new HashSet<>();
        Set<String> tables = new HashSet<>();
        Set<IndexKey> indexKeys = new HashSet<>();
        Set<IndexKey> membershipKeys = new HashSet<>();
        Map<String, List<IndexChange>> indexChanges = new HashMap<>();
        Map<String, byte[]> storedRevisions = new HashMap<>();
        for (PendingWrite write : writes.all()) {
            Revision revision = Revision.create(unassigned, write.data(),
                    new RevisionMetadata(write.documentId(), write.version(), position.txTime(),
                            position.transactionId()), hashMemo);
            revisions.add(revision);
            storedRevisions.put(write.documentId(), StoredRevision.encodeBody(revision));
            documents.put(write.documentId(), new DocumentInfo(write.tableName(), write.tableId(),
                    writes.statementsOf(write.documentId())));
            documentIds.add(write.documentId());
            tables.add(write.tableId());
            reads.readDocument(write.documentId());
            Optional<TableHandle> table = catalog.current().table(write.tableId());
            if (table.isPresent() && !table.get().indexes().isEmpty()) {
                List<IndexChange> changes = new ArrayList<>(table.get().indexes().size());
                for (TableHandle.IndexInfo index : table.get().indexes()) {
                    IndexChange change = new IndexChange(index.indexId(),
                            IndexChange.valueHash(write.oldData(), index.field()),
                            IndexChange.valueHash(write.data(), index.field()));
                    changes.add(change);
                    if (change.oldValueHash() != null) {
                        indexKeys.add(new IndexKey(write.tableId(), index.indexId(), change.oldValueHash()));
                    }
                    if (change.newValueHash() != null) {
                        indexKeys.add(new IndexKey(write.tableId(), index.indexId(), change.newValueHash()));
                    }
                    if (change.removedValueHash() != null) {
                        membershipKeys.add(new IndexKey(write.tableId(), index.indexId(), change.removedValueHash()));
                    }
                    if (change.addedValueHash() != null) {
                        membershipKeys.add(new IndexKey(write.tableId(), index.indexId(), change.addedValueHash()));
                    }
                }
                indexChanges.put(write.documentId(), changes);
            }
        }
        if (redaction != null) {
            documentIds.add(redaction.documentId()); // two redactions of one document conflict
        }
        WriteSummary summary = new WriteSummary(-1, documentIds, indexKeys, membershipKeys, tables,
                catalog.changed());
        TransactionInfo transactionInfo = new TransactionInfo(List.copyOf(statements), documents);
        CompletableFuture<BlockAddress> result = new CompletableFuture<>();
        CompletableFuture<Long> sealed = null;
        if (handsOnLocks) {
            CompletableFuture<Long> notice = new CompletableFuture<>();
            // Whichever way the commit ends without the committer's notice, the waiting thread goes on.
            result.whenComplete((address, failure) -> notice.complete(CommitRequest.NOT_SEALED_EARLY));
            sealed = notice;
        }
        return new CommitRequest(position.transactionId(), position.snapshotSequenceNo(), position.deadlineNanos(),
                reads, indexChanges, storedRevisions, revisions, transactionInfo, transactionInfo.hash(), summary,
                catalog.changed() ? catalog.current() : null, position.commitDigest(), result,
                redactionInfo, readFrom, sealed);
    }
}
