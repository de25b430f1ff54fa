package io.vellum.proof.block;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonWriter;
import java.io.IOException;
import io.vellum.proof.hash.Hash;

/**
 * An entry of a block's {@code revisions}: a full {@link Revision}, or an {@link OpaqueRevision} of which only the
 * hash is known (QLDB's internal system revisions). Either way its hash is a leaf of the block's revisions tree.
 */
public sealed interface BlockRevision permits Revision, OpaqueRevision {
    /** The revision hash, a leaf of the block's revisions Merkle tree. */
    Hash hash();

    /** Writes the entry as QLDB prints it inside a block. */
    void writeTo(IonWriter writer) throws IOException;

    default IonStruct toIon(IonSystem system) {
        return IonEncoding.toStruct(system, this::writeTo);
    }
}
