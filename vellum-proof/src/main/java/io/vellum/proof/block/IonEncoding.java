package io.vellum.proof.block;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.vellum.proof.hash.Hash;

/**
 * Turns a record's single writer-based encoder ({@code writeTo(IonWriter)}) into a DOM value or Ion binary, so
 * each structure has exactly one encoder whatever form the caller wants.
 */
final class IonEncoding {
    private IonEncoding() {
    }

    /** Something that writes exactly one Ion value. */
    @FunctionalInterface
    interface Encoder {
        void writeTo(IonWriter writer) throws IOException;
    }

    /** The value {@code encoder} writes, as a struct of {@code system} without a container. */
    static IonStruct toStruct(IonSystem system, Encoder encoder) {
        IonDatagram datagram = system.newDatagram();
        try (IonWriter writer = system.newWriter(datagram)) {
            encoder.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IonValue value = datagram.get(0);
        value.removeFromContainer();
        return (IonStruct) value;
    }

    /**
     * A binary writer kept per thread: building one costs more than encoding a small value. After
     * {@link IonWriter#finish()} the next value starts a fresh stream (version marker and symbol table), so every
     * result is a standalone Ion binary stream.
     */
    private static final class ReusableWriter {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        final IonWriter writer = IonBinaryWriterBuilder.standard().build(out);
        boolean inUse;
    }

    private static final ThreadLocal<ReusableWriter> WRITERS = ThreadLocal.withInitial(ReusableWriter::new);

    /** The value {@code encoder} writes, as an Ion binary stream (version marker, symbol table, value). */
    static byte[] toBinary(Encoder encoder) {
        ReusableWriter reusable = WRITERS.get();
        if (reusable.inUse) {
            return toBinaryWithNewWriter(encoder); // an encoder that itself encodes to binary
        }
        reusable.inUse = true;
        try {
            encoder.writeTo(reusable.writer);
            reusable.writer.finish();
            byte[] bytes = reusable.out.toByteArray();
            reusable.out.reset();
            reusable.inUse = false;
            return bytes;
        } catch (IOException | RuntimeException e) {
            WRITERS.remove(); // the writer may be mid-value: never reuse it
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    private static byte[] toBinaryWithNewWriter(Encoder encoder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(out)) {
            encoder.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code value} itself when read-only, else a read-only deep copy (the caller's value is left untouched). */
    @SuppressWarnings("unchecked")
    static <T extends IonValue> T readOnly(T value) {
        if (value == null || value.isReadOnly()) {
            return value;
        }
        T copy = (T) value.clone();
        copy.makeReadOnly();
        return copy;
    }

    static void writeHash(IonWriter writer, String fieldName, Hash hash) throws IOException {
        writer.setFieldName(fieldName);
        writer.writeBlob(hash.toByteArray());
    }

    static void writeBlockAddress(IonWriter writer, String fieldName, BlockAddress address) throws IOException {
        writer.setFieldName(fieldName);
        writer.stepIn(com.amazon.ion.IonType.STRUCT);
        writer.setFieldName("strandId");
        writer.writeString(address.strandId());
        writer.setFieldName("sequenceNo");
        writer.writeInt(address.sequenceNo());
        writer.stepOut();
    }

    /** Writes {@code value} (annotations included) as field {@code fieldName} of the current struct. */
    static void writeValue(IonWriter writer, String fieldName, IonValue value) {
        writer.setFieldName(fieldName);
        value.writeTo(writer);
    }
}
