package io.vellum.proof.block;

import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import com.amazon.ion.Timestamp;
import java.io.IOException;
import java.util.Objects;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHashEncoder;

/**
 * One statement of a committed transaction, as recorded in the block's {@code transactionInfo.statements}:
 * its text, when it started, and {@link CommitDigest#statementHash} of it.
 */
public record StatementInfo(String statement, Timestamp startTime, Hash statementDigest) {
    public StatementInfo {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(statementDigest, "statementDigest");
    }

    /** Writes {@code {statement, startTime, statementDigest}} in QLDB's field order. */
    public void writeTo(IonWriter writer) throws IOException {
        writer.stepIn(IonType.STRUCT);
        writer.setFieldName("statement");
        writer.writeString(statement);
        writer.setFieldName("startTime");
        writer.writeTimestamp(startTime);
        IonEncoding.writeHash(writer, "statementDigest", statementDigest);
        writer.stepOut();
    }

    /** The hashed form of {@link #writeTo}: the same fields with the same values (layout in {@link TransactionInfo}). */
    void hashTo(IonHashEncoder encoder) {
        encoder.stepInStruct();
        encoder.field(StatementTextHashes.fieldHash(statement)); // = fieldName("statement"), writeString(statement)
        encoder.fieldName("startTime");
        encoder.writeTimestamp(startTime);
        encoder.fieldName("statementDigest");
        encoder.writeBlob(statementDigest.toByteArray());
        encoder.stepOut();
    }
}
