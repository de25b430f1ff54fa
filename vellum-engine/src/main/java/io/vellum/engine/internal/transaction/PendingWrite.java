package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;

/**
 * A document change buffered in a transaction.
 *
 * @param tableId    the table (or {@link io.vellum.engine.catalog.Catalog#TABLE_ID} for DDL)
 * @param tableName  the table's name as recorded in {@code transactionInfo.documents}
 * @param documentId the document
 * @param version    the version the new revision will have
 * @param data       the new data, or null for a delete
 * @param oldData    the committed data this change replaces, or null for an insert
 * @param sizeBound  {@link IonSizeBound#of}{@code (data)}, 0 for a delete: carried so that the transaction's size
 *                   check adds up one number per write instead of walking every pending document after each statement
 */
record PendingWrite(String tableId, String tableName, String documentId, long version, IonStruct data,
                    IonStruct oldData, long sizeBound) {

    /** A change whose size bound is computed here (one walk of {@code data}). */
    PendingWrite(String tableId, String tableName, String documentId, long version, IonStruct data,
                 IonStruct oldData) {
        this(tableId, tableName, documentId, version, data, oldData, data == null ? 0 : IonSizeBound.of(data));
    }

    /** A change of a document {@link TransactionLimits#checkedDocument} checked (its walk gave the bound). */
    PendingWrite(String tableId, String tableName, String documentId, long version,
                 TransactionLimits.CheckedDocument data, IonStruct oldData) {
        this(tableId, tableName, documentId, version, data.data(), oldData, data.sizeBound());
    }

    /** The deletion of a document (no data; its size bound is 0). */
    static PendingWrite deletion(String tableId, String tableName, String documentId, long version,
                                 IonStruct oldData) {
        return new PendingWrite(tableId, tableName, documentId, version, null, oldData, 0);
    }
}
