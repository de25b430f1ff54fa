package io.vellum.proof.block;

import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import io.vellum.proof.hash.Hash;

/** A block revision known only by its hash, printed by QLDB as {@code {hash:{{…}}}} (its system revisions). */
public record OpaqueRevision(Hash hash) implements BlockRevision {
    public OpaqueRevision {
        Objects.requireNonNull(hash, "hash");
    }

    @Override
    public void writeTo(IonWriter writer) throws IOException {
        writer.stepIn(IonType.STRUCT);
        IonEncoding.writeHash(writer, "hash", hash);
        writer.stepOut();
    }

    /** Reads {@code {hash:{{…}}}}. */
    public static OpaqueRevision fromIon(IonValue value) {
        return fromIon(value, "revision");
    }

    static OpaqueRevision fromIon(IonValue value, String path) {
        return new OpaqueRevision(IonFields.of(value, path, Set.of("hash")).hash("hash"));
    }
}
