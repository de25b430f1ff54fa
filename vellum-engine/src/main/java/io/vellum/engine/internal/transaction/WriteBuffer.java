package io.vellum.engine.internal.transaction;

import io.vellum.engine.catalog.Catalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transaction's buffered writes (at most one pending change per document, in first-write order), which statements
 * wrote each document, and the undo log of the running statement, so that a failed statement is rolled back while
 * the transaction stays open (as in QLDB). Checks nothing: the transaction checks writability and limits before
 * {@link #put}. Keeps the number of user documents written and the sum of their size bounds as it changes, so the
 * limits checked after every statement cost one comparison each instead of a walk over every pending write. Not
 * thread-safe.
 */
final class WriteBuffer {
    private final LinkedHashMap<String, PendingWrite> writes = new LinkedHashMap<>();
    private final LinkedHashMap<String, List<Integer>> documentStatements = new LinkedHashMap<>();
    /** Undo log of the running statement: document id -> its write before the statement (null = none). */
    private final Map<String, PendingWrite> statementUndo = new LinkedHashMap<>();
    /** Index of the running (or last) statement; -1 before the first, so a change made outside any names none. */
    private int statementIndex = -1;
    /** Writes of user-table documents (not catalog documents) in {@link #writes}. */
    private long userDocuments;
    /** The sum of {@link PendingWrite#sizeBound} over the user-table writes in {@link #writes}. */
    private long userSizeBound;

    /** Starts statement number {@code index}: its writes are undone together by {@link #undoStatement()}. */
    void beginStatement(int index) {
        statementIndex = index;
        statementUndo.clear();
    }

    /** Whether the running statement has written anything (so far). */
    boolean statementWrote() {
        return !statementUndo.isEmpty();
    }

    /** Rolls back every write of the running statement, and its mention in the documents' statement lists. */
    void undoStatement() {
        for (Map.Entry<String, PendingWrite> entry : statementUndo.entrySet()) {
            if (entry.getValue() == null) {
                forget(writes.remove(entry.getKey()));
            } else {
                forget(writes.put(entry.getKey(), entry.getValue()));
                count(entry.getValue());
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

    /** The pending change of a document, or null when the transaction has not written it. */
    PendingWrite get(String documentId) {
        return writes.get(documentId);
    }

    boolean contains(String documentId) {
        return writes.containsKey(documentId);
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    int size() {
        return writes.size();
    }

    /** Every pending change, in the order documents were first written. */
    Collection<PendingWrite> all() {
        return writes.values();
    }

    /** Buffers {@code write} (replacing the document's earlier change) and records the running statement for it. */
    void put(PendingWrite write) {
        statementUndo.putIfAbsent(write.documentId(), writes.get(write.documentId()));
        forget(writes.put(write.documentId(), write));
        count(write);
        List<Integer> indexes = documentStatements.computeIfAbsent(write.documentId(), k -> new ArrayList<>());
        // A change made outside any statement (a table's tags changed through the control plane) names none.
        if (statementIndex >= 0 && !indexes.contains(statementIndex)) {
            indexes.add(statementIndex);
        }
    }

    /** Forgets a document inserted and then deleted by this transaction: there is nothing to journal for it. */
    void discard(String documentId) {
        statementUndo.putIfAbsent(documentId, writes.get(documentId));
        forget(writes.remove(documentId));
        documentStatements.remove(documentId);
    }

    /** The indexes of the statements that wrote {@code documentId}, for {@code transactionInfo.documents}. */
    List<Integer> statementsOf(String documentId) {
        return List.copyOf(documentStatements.getOrDefault(documentId, List.of()));
    }

    /** Documents of user tables written (catalog documents of DDL do not count against the per-transaction limit). */
    long userDocumentCount() {
        return userDocuments;
    }

    /**
     * The sum of the size bounds of the user-table documents written (deletes count 0): an upper bound of the Ion
     * binary bytes {@link TransactionLimits#checkTransactionSize} measures.
     */
    long userSizeBound() {
        return userSizeBound;
    }

    /** Adds a write now in {@link #writes} to the running counts. */
    private void count(PendingWrite write) {
        if (!Catalog.TABLE_ID.equals(write.tableId())) {
            userDocuments++;
            userSizeBound += write.sizeBound();
        }
    }

    /** Takes a write no longer in {@link #writes} (null: there was none) out of the running counts. */
    private void forget(PendingWrite write) {
        if (write != null && !Catalog.TABLE_ID.equals(write.tableId())) {
            userDocuments--;
            userSizeBound -= write.sizeBound();
        }
    }
}
