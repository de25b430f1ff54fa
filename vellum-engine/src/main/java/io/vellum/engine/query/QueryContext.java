package io.vellum.engine.query;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a statement may do inside one transaction: the query layer's only view of storage.
 *
 * <p>Every read goes through this interface so the transaction can record it in its read set (document ids
 * with versions, index keys, whole-table scans) for optimistic concurrency validation; every write is
 * buffered in the transaction's write set and is visible to later reads of the same transaction. Errors are
 * {@link io.vellum.error.LedgerException}s with stable codes. Implementations are used by one thread at a time.
 */
public interface QueryContext {

    /** The Ion system for building result values. */
    IonSystem ion();

    /**
     * The active table with this (case-sensitive) name.
     *
     * @throws io.vellum.error.LedgerException NOT_FOUND naming the table when no active table has that name
     */
    TableHandle table(String name);

    /** The table (active or dropped) with this id, if any. */
    Optional<TableHandle> tableById(String tableId);

    /** Every table, active and dropped, in creation order (for {@code information_schema.user_tables}). */
    List<TableHandle> tables();

    /** Every live document of the table (latest, non-deleted revision). Records a whole-table read. */
    Iterator<StoredDocument> scan(TableHandle table);

    /** The live document with this id, if any. Records a read of that document id (absent included). */
    Optional<StoredDocument> get(TableHandle table, String documentId);

    /**
     * The live documents whose top-level {@code field} equals {@code value} by PartiQL's {@code =} (same
     * {@link EqualityKey}: {@code 5} finds 5, 5.0 and 5e0), using the table's index on {@code field}. Records a read
     * of that index key only.
     *
     * @throws IllegalStateException when the table has no index on {@code field} (check {@link TableHandle#indexOn})
     */
    Iterator<StoredDocument> lookup(TableHandle table, String field, IonValue value);

    /**
     * Every committed revision of the table's documents (or of one document), deletes included, ordered by
     * document then version. Revision structs are committed-view shaped.
     */
    Iterator<StoredDocument> history(TableHandle table, Optional<String> documentId);

    /** Inserts a new document; returns its new 22-character id. */
    String insert(TableHandle table, IonStruct data);

    /** Replaces the data of a live document with {@code newData} (a new revision). */
    void update(TableHandle table, String documentId, IonStruct newData);

    /** Deletes a live document (a final revision without data). */
    void delete(TableHandle table, String documentId);

    /** Creates a table. @throws io.vellum.error.LedgerException ALREADY_EXISTS when an active table has the name */
    TableHandle createTable(String name);

    /**
     * Creates a table with tags ({@code CREATE TABLE … WITH (aws_tags = …)}), checked by
     * {@link io.vellum.engine.query.TableTags#check}.
     */
    default TableHandle createTable(String name, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            throw new UnsupportedOperationException("this context keeps no table tags");
        }
        return createTable(name);
    }

    /**
     * Replaces the tags of the table (active or dropped) with this id: a new catalog revision, journaled like any
     * DDL. Returns the table as changed.
     *
     * @throws io.vellum.error.LedgerException NOT_FOUND when no table has the id; INVALID_REQUEST when the tags
     *                                         break {@link io.vellum.engine.query.TableTags#check}
     */
    default TableHandle changeTableTags(String tableId, Map<String, String> tags) {
        throw new UnsupportedOperationException("this context keeps no table tags");
    }

    /** Creates an index on a top-level field; returns the index id. */
    String createIndex(TableHandle table, String field);

    /** Drops (purges) an index by id. */
    void dropIndex(TableHandle table, String indexId);

    /** Marks the table inactive. */
    TableHandle dropTable(TableHandle table);

    /** Reactivates a dropped table by id. */
    TableHandle undropTable(String tableId);

    /**
     * {@code EXEC redact_revision}: asks that the revision of {@code documentId} committed in block
     * {@code blockAddress} of table {@code tableId} have its data removed when the transaction commits (QLDB's rules:
     * not the document's latest revision, not a delete, not redacted already, at most one per transaction).
     *
     * @return QLDB's answer {@code {blockAddress, tableId, documentId, version}}
     * @throws io.vellum.error.LedgerException INVALID_REQUEST naming the violated rule and values; NOT_FOUND for an
     *                                         unknown table, or no such revision at that address
     */
    default IonValue redactRevision(IonValue blockAddress, IonValue tableId, IonValue documentId) {
        throw new io.vellum.error.LedgerException(io.vellum.error.ErrorCode.INVALID_REQUEST,
                "EXEC redact_revision is not supported here");
    }

    /** The transaction's time (used for default history end bounds). */
    Timestamp now();

    /**
     * Called now and then while a statement runs (every few thousand rows), so that a long statement stops when its
     * transaction may no longer run.
     *
     * @throws io.vellum.error.LedgerException TRANSACTION_EXPIRED when the transaction's timeout has passed
     */
    default void checkDeadline() {
    }
}
