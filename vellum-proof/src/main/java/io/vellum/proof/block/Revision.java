package io.vellum.proof.block;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.hash.StructHashMemo;
import io.vellum.proof.hash.VerificationException;

/**
 * One revision of a document, as QLDB's committed view, history rows and GetRevision show it:
 * {@code {blockAddress, hash, data, metadata}} (COMPATIBILITY.md §3).
 *
 * <ul>
 *   <li>normal revision: {@code data} non-null, {@code dataHash} null; hash {@code dot(ionHash(metadata), ionHash(data))};</li>
 *   <li>delete: both null; hash {@code ionHash(metadata)} (QLDB's rule is unconfirmed; {@code dot} with the empty
 *       hash gives this, see COMPATIBILITY.md §13.5);</li>
 *   <li>redacted: {@code data} null, {@code dataHash} = the former {@code ionHash(data)}; the hash is unchanged.</li>
 * </ul>
 *
 * <p>The record holds {@code hash} as given (it may be wrong for data from outside: {@link #verifyHash} checks it).
 * {@code data} is kept read-only: a value that is not read-only is copied first. Instances are immutable and
 * thread-safe.
 */
public record Revision(BlockAddress blockAddress, Hash hash, IonStruct data, Hash dataHash, RevisionMetadata metadata)
        implements BlockRevision {
    private static final Set<String> FIELDS = Set.of("blockAddress", "hash", "data", "dataHash", "metadata");

    public Revision {
        Objects.requireNonNull(blockAddress, "blockAddress");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(metadata, "metadata");
        if (data != null && dataHash != null) {
            throw new IllegalArgumentException("a revision has data or dataHash (redacted), not both");
        }
        if (dataHash != null && dataHash.isEmpty()) {
            throw new IllegalArgumentException("dataHash of a redacted revision must be 32 bytes, got empty");
        }
        data = IonEncoding.readOnly(data);
    }

    /** A revision committed in {@code blockAddress}, its hash computed; {@code dataOrNull} null for a delete. */
    public static Revision create(BlockAddress blockAddress, IonStruct dataOrNull, RevisionMetadata metadata) {
        return create(blockAddress, dataOrNull, metadata, null);
    }

    /**
     * {@link #create(BlockAddress, IonStruct, RevisionMetadata)}, the data hashed with {@code memo} (null for none):
     * the same hash, a struct the memo keeps (a statement's parameter copied into the data) not hashed again.
     */
    public static Revision create(BlockAddress blockAddress, IonStruct dataOrNull, RevisionMetadata metadata,
                                  StructHashMemo memo) {
        IonStruct data = IonEncoding.readOnly(dataOrNull);
        Hash hash = hashOf(metadata, data == null ? Hash.EMPTY : memo == null ? IonHash.of(data)
                : IonHash.of(data, memo));
        return new Revision(blockAddress, hash, data, null, metadata);
    }

    /** This revision with {@code data} replaced by its hash; the revision hash stays the same. */
    public Revision redact() {
        if (data == null) {
            throw new IllegalStateException("revision " + metadata.id() + " v" + metadata.version()
                    + (dataHash != null ? " is redacted already" : " is a delete and has no data to redact"));
        }
        return new Revision(blockAddress, hash, null, IonHash.of(data), metadata);
    }

    public boolean isDelete() {
        return data == null && dataHash == null;
    }

    public boolean isRedacted() {
        return dataHash != null;
    }

    /** The hash recomputed from the contents, ignoring the stored {@link #hash}. */
    public Hash computeHash() {
        Hash contentHash = data != null ? IonHash.of(data) : dataHash != null ? dataHash : Hash.EMPTY;
        return hashOf(metadata, contentHash);
    }

    private static Hash hashOf(RevisionMetadata metadata, Hash contentHash) {
        return Dot.dot(metadata.ionHash(), contentHash);
    }

    /**
     * Checks that the stored hash is the one the contents give.
     *
     * @throws VerificationException naming the revision, with the stored (expected) and recomputed hashes
     */
    public void verifyHash() {
        Hash computed = computeHash();
        if (!computed.equals(hash)) {
            throw new VerificationException("revision " + describe() + ": hash = dot(ionHash(metadata), "
                    + (dataHash != null ? "dataHash" : data != null ? "ionHash(data)" : "<no data>") + ")",
                    hash, computed);
        }
    }

    /** How failure messages name this revision: its document id, version and block address. */
    public String describe() {
        return "{id:\"" + metadata.id() + "\",version:" + metadata.version() + "} in block " + blockAddress;
    }

    /**
     * Writes the committed-view struct in QLDB's field order: {@code blockAddress, hash, data | dataHash, metadata}
     * (a delete has neither {@code data} nor {@code dataHash}).
     */
    @Override
    public void writeTo(IonWriter writer) throws IOException {
        writer.stepIn(IonType.STRUCT);
        IonEncoding.writeBlockAddress(writer, "blockAddress", blockAddress);
        IonEncoding.writeHash(writer, "hash", hash);
        if (data != null) {
            IonEncoding.writeValue(writer, "data", data);
        } else if (dataHash != null) {
            IonEncoding.writeHash(writer, "dataHash", dataHash);
        }
        writer.setFieldName("metadata");
        metadata.writeTo(writer);
        writer.stepOut();
    }

    /** The committed-view struct as one Ion binary value (with its local symbol table). */
    public byte[] toIonBinary() {
        return IonEncoding.toBinary(this::writeTo);
    }

    @Override
    public IonStruct toIon(IonSystem system) {
        return IonEncoding.toStruct(system, this::writeTo);
    }

    /**
     * Reads a committed-view revision (GetRevision {@code Revision.IonText}, a history row, an entry of a block's
     * {@code revisions}). The hash is taken as given, not checked.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} naming the offending field
     */
    public static Revision fromIon(IonValue value) {
        return fromIon(value, "revision");
    }

    static Revision fromIon(IonValue value, String path) {
        IonFields fields = IonFields.of(value, path, FIELDS);
        IonStruct data = null;
        if (fields.has("data")) {
            IonValue dataValue = fields.required("data");
            if (dataValue.getType() != IonType.STRUCT) {
                throw IonFields.invalid(fields.path("data"), "must be a struct, got " + dataValue.getType());
            }
            data = (IonStruct) dataValue;
        }
        Hash dataHash = null;
        if (fields.has("dataHash")) {
            if (data != null) {
                throw IonFields.invalid(path, "has both data and dataHash");
            }
            dataHash = fields.hash("dataHash");
            if (dataHash.isEmpty()) {
                throw IonFields.invalid(fields.path("dataHash"), "must be 32 bytes, got empty");
            }
        }
        return new Revision(
                IonFields.blockAddress(fields.required("blockAddress"), fields.path("blockAddress")),
                fields.hash("hash"),
                data,
                dataHash,
                RevisionMetadata.fromIon(fields.required("metadata"), fields.path("metadata")));
    }
}
