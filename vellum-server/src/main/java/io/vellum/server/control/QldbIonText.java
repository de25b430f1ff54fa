package io.vellum.server.control;

import com.amazon.ion.IonException;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonSystemBuilder;
import com.amazon.ion.system.IonTextWriterBuilder;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.Revision;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code IonText} members of QLDB's control plane ({@code Revision}, {@code Block}, addresses, proofs), printed
 * as QLDB prints them: compact Ion text without spaces or newlines, e.g.
 * {@code {blockAddress:{strandId:"…",sequenceNo:100},hash:{{…}},data:{…},metadata:{…}}}, non-ASCII characters
 * written as UTF-8 (JSON carries them as they are). Checked byte for byte against the AWS CLI's real GetRevision
 * and GetBlock outputs. Thread-safe.
 */
public final class QldbIonText {
    /** Shared: an {@code IonSystem} is thread-safe and costly to build. */
    public static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final IonTextWriterBuilder WRITER = IonTextWriterBuilder.standard().immutable();

    private QldbIonText() {
    }

    /** {@code value} as one line of Ion text, without the {@code $ion_1_0} marker. */
    public static String print(IonValue value) {
        StringBuilder text = new StringBuilder(256);
        try (IonWriter writer = WRITER.build(text)) {
            value.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** GetRevision's {@code Revision.IonText}: the committed-view struct. */
    public static String revision(Revision revision) {
        return print(revision.toIon(ION));
    }

    /** GetBlock's {@code Block.IonText}: the block struct of COMPATIBILITY.md §5. */
    public static String block(JournalBlock block) {
        return print(block.toIon(ION));
    }

    /**
     * Parses exactly one Ion value.
     *
     * @throws IllegalArgumentException naming the problem when {@code text} is not one Ion value
     */
    public static IonValue parse(String text) {
        try {
            return ION.singleValue(text);
        } catch (IonException e) {
            throw new IllegalArgumentException("not exactly one Ion value: " + e.getMessage(), e);
        }
    }
}
