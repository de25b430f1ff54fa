package io.vellum.engine.internal.apply;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The state store's encoding of one revision, and its decoding into the committed view.
 *
 * <p>Layout: {@code sequenceNo} of the revision's block (8 bytes, big-endian), then the revision without its block
 * address as one Ion binary value: {@code {hash, data | dataHash, metadata}} (data absent for a delete). The block
 * address is {@code {strandId: <the ledger's strand>, sequenceNo}}, so leaving it out lets a transaction's own
 * thread encode the revision before the committer has chosen its block.
 */
public final class StoredRevision {
    private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

    private StoredRevision() {
    }

    /** The Ion part: the revision without its block address. */
    public static byte[] encodeBody(Revision revision) {
        Encoder encoder = ENCODERS.get();
        try {
            encoder.writer.stepIn(IonType.STRUCT);
            encoder.writer.setFieldName("hash");
            encoder.writer.writeBlob(revision.hash().toByteArray());
            if (revision.data() != null) {
                encoder.writer.setFieldName("data");
                revision.data().writeTo(encoder.writer);
            } else if (revision.dataHash() != null) {
                encoder.writer.setFieldName("dataHash");
                encoder.writer.writeBlob(revision.dataHash().toByteArray());
            }
            encoder.writer.setFieldName("metadata");
            revision.metadata().writeTo(encoder.writer);
            encoder.writer.stepOut();
            encoder.writer.finish();
            byte[] bytes = encoder.out.toByteArray();
            encoder.out.reset();
            return bytes;
        } catch (IOException | RuntimeException e) {
            ENCODERS.remove(); // never reuse a writer left mid-value
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The stored value: {@code sequenceNo} followed by {@code body}. */
    public static byte[] withSequenceNo(long sequenceNo, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putLong(sequenceNo).put(body).array();
    }

    /** The committed view {@code {blockAddress, hash, data, metadata}} of a stored value. */
    public static IonStruct committedView(IonSystem ion, String strandId, byte[] stored, String documentId) {
        IonStruct body = body(ion, stored, documentId);
        IonStruct view = ion.newEmptyStruct();
        IonStruct address = view.put("blockAddress").newEmptyStruct();
        address.put("strandId").newString(strandId);
        address.put("sequenceNo").newInt(ByteBuffer.wrap(stored, 0, 8).getLong());
        List<IonValue> fields = new ArrayList<>(4);
        body.forEach(fields::add);
        for (IonValue field : fields) {
            String name = field.getFieldName();
            field.removeFromContainer();
            view.add(name, field);
        }
        return view;
    }

    /**
     * The committed view of {@code revision} in block {@code sequenceNo}, built from the revision's values instead of
     * decoded from its stored form: the same value, field for field and in the same order, as
     * {@link #committedView(IonSystem, String, byte[], String)} of {@code withSequenceNo(sequenceNo,
     * encodeBody(revision))} (a property test compares the two), at a deep copy's cost instead of a parse's. The
     * revision's data is copied, so it stays a value of its own.
     */
    public static IonStruct committedView(IonSystem ion, String strandId, long sequenceNo, Revision revision) {
        IonStruct view = ion.newEmptyStruct();
        IonStruct address = view.put("blockAddress").newEmptyStruct();
        address.put("strandId").newString(strandId);
        address.put("sequenceNo").newInt(sequenceNo);
        view.put("hash").newBlob(revision.hash().toByteArray());
        if (revision.data() != null) {
            view.put("data", ion.clone(revision.data()));
        } else if (revision.dataHash() != null) {
            view.put("dataHash").newBlob(revision.dataHash().toByteArray());
        }
        IonStruct metadata = view.put("metadata").newEmptyStruct();
        metadata.put("id").newString(revision.metadata().id());
        metadata.put("version").newInt(revision.metadata().version());
        metadata.put("txTime").newTimestamp(revision.metadata().txTime());
        metadata.put("txId").newString(revision.metadata().txId());
        return view;
    }

    /** The data of a stored value, or null for a delete. */
    public static IonStruct data(IonSystem ion, byte[] stored, String documentId) {
        IonValue data = body(ion, stored, documentId).get("data");
        return data instanceof IonStruct struct ? struct : null;
    }

    private static IonStruct body(IonSystem ion, byte[] stored, String documentId) {
        IonValue value = ion.singleValue(stored, 8, stored.length - 8);
        if (value instanceof IonStruct struct) {
            return struct;
        }
        throw new LedgerException(ErrorCode.CORRUPTION, "stored revision of " + documentId + " is not an Ion struct");
    }

    private static final class Encoder {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        final IonWriter writer = IonBinaryWriterBuilder.standard().build(out);
    }
}
