package io.vellum.proof.block;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.Timestamp;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.hash.IonHashEncoder;

/**
 * A revision's metadata as QLDB hashes and prints it: {@code {id, version, txTime, txId}} (COMPATIBILITY.md §3).
 * {@code txTime} is kept exactly (precision and offset are part of the hash).
 */
public record RevisionMetadata(String id, long version, Timestamp txTime, String txId) {
    private static final Set<String> FIELDS = Set.of("id", "version", "txTime", "txId");

    public RevisionMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(txTime, "txTime");
        Objects.requireNonNull(txId, "txId");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }

    /** Writes {@code {id:"…",version:N,txTime:T,txId:"…"}} in that field order (QLDB's). */
    public void writeTo(IonWriter writer) throws IOException {
        writer.stepIn(IonType.STRUCT);
        writer.setFieldName("id");
        writer.writeString(id);
        writer.setFieldName("version");
        writer.writeInt(version);
        writer.setFieldName("txTime");
        writer.writeTimestamp(txTime);
        writer.setFieldName("txId");
        writer.writeString(txId);
        writer.stepOut();
    }

    public IonStruct toIon(IonSystem system) {
        return IonEncoding.toStruct(system, this::writeTo);
    }

    /**
     * The Ion Hash of the metadata struct: one of the two inputs of the revision hash. Streamed from the fields
     * (equal to {@code IonHash.of(toIon(system))}, without building the struct):
     * <pre>
     * H(B 0xD0 esc(sorted h("id", 0x80 UTF-8(id)), h("version", int), h("txTime", timestamp),
     *   h("txId", 0x80 UTF-8(txId))) E),    h(name, value) = H(B 0x70 esc(UTF-8(name)) E B esc(value) E)
     * </pre>
     * (scalar layouts in {@link IonHashEncoder}).
     */
    public Hash ionHash() {
        return IonHash.ofStreamed(this::hashTo);
    }

    /** The hashed form of {@link #writeTo}: the same fields with the same values. */
    void hashTo(IonHashEncoder encoder) {
        encoder.stepInStruct();
        encoder.fieldName("id");
        encoder.writeString(id);
        encoder.fieldName("version");
        encoder.writeInt(version);
        encoder.fieldName("txTime");
        encoder.writeTimestamp(txTime);
        encoder.fieldName("txId");
        encoder.writeString(txId);
        encoder.stepOut();
    }

    /**
     * Reads QLDB's metadata struct. Exactly the four fields, each of its type and unannotated, since anything
     * else would not survive re-encoding and would change the revision hash.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} naming the offending field
     */
    public static RevisionMetadata fromIon(IonValue value) {
        return fromIon(value, "metadata");
    }

    static RevisionMetadata fromIon(IonValue value, String path) {
        IonFields fields = IonFields.of(value, path, FIELDS);
        long version = fields.longValue("version");
        if (version < 0) {
            throw IonFields.invalid(fields.path("version"), "must be >= 0, got " + version);
        }
        return new RevisionMetadata(fields.string("id"), version, fields.timestamp("txTime"), fields.string("txId"));
    }
}
