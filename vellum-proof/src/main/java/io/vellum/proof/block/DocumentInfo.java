package io.vellum.proof.block;

import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import io.vellum.proof.hash.IonHashEncoder;

/**
 * What a committed transaction did to one document, as recorded in the block's {@code transactionInfo.documents}
 * (keyed by document id): the table and the indexes (into {@code transactionInfo.statements}) of the statements
 * that wrote it.
 */
public record DocumentInfo(String tableName, String tableId, List<Integer> statements) {
    public DocumentInfo {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(tableId, "tableId");
        statements = List.copyOf(statements);
    }

    /** Writes {@code {tableName, tableId, statements:[…]}} in QLDB's field order. */
    public void writeTo(IonWriter writer) throws IOException {
        writer.stepIn(IonType.STRUCT);
        writer.setFieldName("tableName");
        writer.writeString(tableName);
        writer.setFieldName("tableId");
        writer.writeString(tableId);
        writer.setFieldName("statements");
        writer.stepIn(IonType.LIST);
        for (int statement : statements) {
            writer.writeInt(statement);
        }
        writer.stepOut();
        writer.stepOut();
    }

    /** The hashed form of {@link #writeTo}: the same fields with the same values (layout in {@link TransactionInfo}). */
    void hashTo(IonHashEncoder encoder) {
        encoder.stepInStruct();
        encoder.fieldName("tableName");
        encoder.writeString(tableName);
        encoder.fieldName("tableId");
        encoder.writeString(tableId);
        encoder.fieldName("statements");
        encoder.stepInList();
        for (int statement : statements) {
            encoder.writeInt(statement);
        }
        encoder.stepOut();
        encoder.stepOut();
    }
}
