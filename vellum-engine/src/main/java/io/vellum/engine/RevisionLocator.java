package io.vellum.engine;

import com.amazon.ion.IonReader;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonReaderBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads from a journal block's Ion binary only what a revision proof needs: the revision hashes, the entries hash
 * list, the previous block hash, and the one revision asked for. Skipping the other revisions' data (length-prefixed
 * in Ion binary) instead of materialising the whole block keeps proof generation cheap for large blocks.
 */
final class RevisionLocator {
    private static final IonReaderBuilder READERS = IonReaderBuilder.standard();

    /** What was found; {@code revisionIndex} is the revision's position in the block's revisions list. */
    record Located(Revision revision, int revisionIndex, List<Hash> revisionHashes, List<Hash> entriesHashList,
                   Hash previousBlockHash) {
    }

    private RevisionLocator() {
    }

    /**
     * @throws LedgerException NOT_FOUND when the block holds no revision of {@code documentId}; CORRUPTION when the
     *                         block is not shaped like a journal block
     */
    static Located locate(IonSystem ion, BlockAddress address, byte[] block, String documentId) {
        List<Hash> revisionHashes = new ArrayList<>();
        List<Hash> entries = new ArrayList<>();
        Hash previous = Hash.EMPTY;
        int found = -1;
        try (IonReader reader = READERS.build(block)) {
            enterBlock(reader, address);
            while (reader.next() != null) {
                switch (reader.getFieldName()) {
                    case "previousBlockHash" -> previous = Hash.of(reader.newBytes());
                    case "entriesHashList" -> {
                        reader.stepIn();
                        while (reader.next() != null) {
                            entries.add(Hash.of(reader.newBytes()));
                        }
                        reader.stepOut();
                    }
                    case "revisions" -> {
                        reader.stepIn();
                        while (reader.next() != null) {
                            if (readRevisionSummary(reader, revisionHashes, documentId)) {
                                found = revisionHashes.size() - 1;
                            }
                        }
                        reader.stepOut();
                    }
                    default -> {
                        // other fields are not needed for the proof
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof LedgerException ledgerException) {
                throw ledgerException;
            }
            throw new LedgerException(ErrorCode.CORRUPTION, "block " + address.sequenceNo() + " cannot be read: " + e, e);
        }
        if (found < 0) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "block " + address.sequenceNo()
                    + " has no revision of document " + documentId);
        }
        return new Located(materialize(ion, address, block, found), found, revisionHashes, entries, previous);
    }

    private static void enterBlock(IonReader reader, BlockAddress address) {
        if (reader.next() != IonType.STRUCT) {
            throw new LedgerException(ErrorCode.CORRUPTION, "block " + address.sequenceNo() + " is not an Ion struct");
        }
        reader.stepIn();
    }

    /** Reads one revision's hash (and whether it is {@code documentId}'s), skipping its data. */
    private static boolean readRevisionSummary(IonReader reader, List<Hash> hashes, String documentId) {
        reader.stepIn();
        Hash hash = null;
        boolean matches = false;
        while (reader.next() != null) {
            String field = reader.getFieldName();
            if ("hash".equals(field)) {
                hash = Hash.of(reader.newBytes());
            } else if ("metadata".equals(field)) {
                reader.stepIn();
                while (reader.next() != null) {
                    if ("id".equals(reader.getFieldName()) && reader.getType() == IonType.STRING) {
                        matches = documentId.equals(reader.stringValue());
                    }
                }
                reader.stepOut();
            }
        }
        reader.stepOut();
        hashes.add(hash);
        return matches;
    }

    private static Revision materialize(IonSystem ion, BlockAddress address, byte[] block, int index)
            throws LedgerException {
        try (IonReader reader = READERS.build(block)) {
            enterBlock(reader, address);
            while (reader.next() != null) {
                if ("revisions".equals(reader.getFieldName())) {
                    reader.stepIn();
                    for (int i = 0; i <= index; i++) {
                        reader.next();
                    }
                    IonValue value = ion.newValue(reader);
                    return Revision.fromIon(value);
                }
            }
        } catch (java.io.IOException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, "block " + address.sequenceNo() + " cannot be read: " + e, e);
        }
        throw new LedgerException(ErrorCode.CORRUPTION, "block " + address.sequenceNo() + " lost its revisions");
    }
}
