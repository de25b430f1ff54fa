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
 */
record PendingWrite(String tableId, String tableName, String documentId, long version, IonStruct data,
                    IonStruct oldData) {
}
