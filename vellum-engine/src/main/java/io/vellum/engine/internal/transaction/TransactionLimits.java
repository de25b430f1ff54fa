package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;

/**
 * The limits of one transaction ({@link LedgerOptions}: QLDB's by default): statement length, parameter, document
 * and transaction size in Ion binary bytes, documents per transaction. Each check refuses with LIMIT_EXCEEDED
 * naming the value and the limit. Sizes are checked against a cheap upper bound first ({@link IonSizeBound}); the
 * exact encoding is computed only when the bound exceeds the limit.
 */
final class TransactionLimits {
    private final LedgerOptions options;

    TransactionLimits(LedgerOptions options) {
        this.options = options;
    }

    /** Refuses a statement that is too long or has a parameter too deep or too large, before it runs. */
    void checkStatement(String statement, List<? extends IonValue> parameters) {
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
    }

    /**
     * Checks a document's depth and size and returns it, with its size bound, as the transaction keeps it: read-only,
     * a copy when the caller's value could still change or belongs to a container, and with every NaN canonical
     * ({@link CanonicalNan}: a copy when it had a NaN payload, so the caller's value, e.g. a parameter the commit
     * digest covers, keeps it).
     */
    CheckedDocument checkedDocument(IonStruct data) {
        // One walk for the depth limit, the size bound and payload NaNs (each was a walk of its own).
        DocumentWalk.Result walk = DocumentWalk.of(data, "the document");
        if (walk.sizeBound() > options.maxDocumentSize()) {
            int size = IonBytes.encode(data).length;
            if (size > options.maxDocumentSize()) {
                throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "document is " + size
                        + " bytes of Ion binary; the limit is " + options.maxDocumentSize());
            }
        }
        IonStruct canonical = walk.hasPayloadNan() ? CanonicalNan.canonicalCopy(data) : data;
        IonStruct copy = canonical.isReadOnly() ? canonical.clone() : canonical;
        if (copy.getContainer() != null) {
            copy = copy.clone();
        }
        copy.makeReadOnly();
        return new CheckedDocument(copy, walk.sizeBound());
    }

    /**
     * A document as the transaction keeps it, with its {@link IonSizeBound#of} (the walk's: a canonical NaN copy has
     * the same bound, every float counting 9 bytes).
     */
    record CheckedDocument(IonStruct data, long sizeBound) {
    }

    /** Refuses {@code write} when it would make transaction {@code id} modify more user documents than allowed. */
    void checkDocumentCount(String id, WriteBuffer writes, PendingWrite write) {
        boolean isNew = !writes.contains(write.documentId());
        if (isNew && !Catalog.TABLE_ID.equals(write.tableId())
                && writes.userDocumentCount() >= options.maxDocumentsPerTransaction()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a transaction may modify at most "
                    + options.maxDocumentsPerTransaction() + " documents: transaction " + id + " would modify "
                    + (writes.userDocumentCount() + 1) + " (adding document " + write.documentId() + " in table "
                    + write.tableName() + ")");
        }
    }

    /**
     * Refuses the statement that makes the transaction's writes exceed {@link LedgerOptions#maxTransactionSize}: the
     * Ion binary bytes of the data of every user-table revision it would commit (deletes count 0). The bound is the
     * buffer's running sum of its writes' bounds, so the check costs nothing unless it is near the limit.
     */
    void checkTransactionSize(String id, WriteBuffer writes) {
        if (writes.userSizeBound() <= options.maxTransactionSize()) {
            return;
        }
        long size = 0;
        for (PendingWrite write : writes.all()) {
            if (write.data() != null && !Catalog.TABLE_ID.equals(write.tableId())) {
                size += IonBytes.encode(write.data()).length;
            }
        }
        if (size > options.maxTransactionSize()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "transaction " + id + " would write " + size
                    + " bytes of documents (Ion binary, " + writes.userDocumentCount() + " documents); a transaction"
                    + " may write at most " + options.maxTransactionSize() + " bytes");
        }
    }
}
