package io.vellum.engine.internal.redaction;

import com.amazon.ion.IonList;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import io.vellum.proof.hash.Dot;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.block.RevisionMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal payload of a block after a redaction rewrote it: the block without the fields its other fields
 * determine, padded to the length of the record it replaces, so the rewrite happens in place
 * ({@link io.vellum.engine.journal.Journal#rewrite}).
 *
 * <p>Why compact: replacing {@code data} by its 32-byte {@code dataHash} can make the block longer than before (a
 * small document's data is shorter than a hash), and the record cannot grow in place. Leaving out what is derived
 * always frees more than the hash needs: the block's {@code blockHash} and {@code entriesHash} (recomputed as
 * {@code merkleRoot(entriesHashList)} and {@code dot(entriesHash, previousBlockHash)}), and each full revision's
 * {@code hash} and {@code blockAddress} (recomputed from its metadata and data or dataHash, and the block's address).
 * Decoding recomputes them; the caller then checks the block hash against the one the state store recorded when
 * the block was first applied, so a payload that decodes to another block is caught.
 *
 * <p>Payload format (Ion binary): {@code vellum_redacted_block_v1::{blockAddress, transactionId, blockTimestamp,
 * previousBlockHash, entriesHashList, transactionInfo, redactionInfo?, revisions:[ {data | dataHash, metadata} |
 * {hash} ]}} followed by Ion NOP padding (type 0 pad values, which every Ion reader skips) up to the record's
 * length. The annotation's {@code _v1} is this payload format's version; records never rewritten keep the full
 * block of {@link JournalBlock#toIonBinary()}, so journals written before redaction existed read unchanged.
 */
public final class RedactedBlockRecord {
    static final String ANNOTATION = "vellum_redacted_block_v1";

    private RedactedBlockRecord() {
    }

    /**
     * The compact payload of {@code block}, padded to exactly {@code length} bytes.
     *
     * @throws LedgerException INTERNAL-like UNAVAILABLE when it cannot fit (it always fits: see the class comment)
     */
    public static byte[] encode(IonSystem ion, JournalBlock block, int length) {
        IonStruct compact = block.toIon(ion);
        compact.remove("blockHash");
        compact.remove("entriesHash");
        IonValue revisions = compact.get("revisions");
        if (revisions instanceof IonList list) {
            for (IonValue entry : list) {
                IonStruct revision = (IonStruct) entry;
                if (!(revision.size() == 1 && revision.containsKey("hash"))) {
                    revision.remove("hash");
                    revision.remove("blockAddress");
                }
            }
        }
        compact.setTypeAnnotations(ANNOTATION);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        try (IonWriter writer = ion.newBinaryWriter(out)) {
            compact.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] encoded = out.toByteArray();
        if (encoded.length > length) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the redacted block " + block.blockAddress()
                    .sequenceNo() + " needs " + encoded.length + " bytes, more than its record's " + length);
        }
        byte[] padded = new byte[length];
        System.arraycopy(encoded, 0, padded, 0, encoded.length);
        writePadding(padded, encoded.length, length - encoded.length);
        return padded;
    }

    /** Whether {@code payload} is a compact redacted block (checked after a full block failed to decode). */
    public static boolean isCompact(IonSystem ion, byte[] payload) {
        try (IonReader reader = ion.newReader(payload)) {
            return reader.next() != null && List.of(reader.getTypeAnnotations()).contains(ANNOTATION);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The full block of a compact payload, its derived fields recomputed. */
    public static JournalBlock decode(IonSystem ion, byte[] payload) {
        IonValue value;
        try (IonReader reader = ion.newReader(payload)) {
            reader.next();
            value = ion.newValue(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IonStruct block = (IonStruct) value;
        block.clearTypeAnnotations();
        IonValue address = block.get("blockAddress");
        if (block.get("revisions") instanceof IonList list) {
            for (IonValue entry : list) {
                IonStruct revision = (IonStruct) entry;
                if (revision.containsKey("metadata")) {
                    Hash metadataHash = RevisionMetadata.fromIon(revision.get("metadata")).ionHash();
                    Hash content = revision.containsKey("data") ? IonHash.of(revision.get("data"))
                            : revision.containsKey("dataHash") ? Hash.of(((com.amazon.ion.IonLob) revision
                            .get("dataHash")).getBytes()) : Hash.EMPTY;
                    revision.put("blockAddress", address.clone());
                    revision.put("hash").newBlob(Dot.dot(metadataHash, content).toByteArray());
                }
            }
        }
        List<Hash> entries = new ArrayList<>();
        for (IonValue entry : (IonList) block.get("entriesHashList")) {
            entries.add(Hash.of(((com.amazon.ion.IonLob) entry).getBytes()));
        }
        Hash entriesHash = MerkleTree.root(entries);
        Hash previous = block.get("previousBlockHash") instanceof com.amazon.ion.IonLob lob
                ? Hash.of(lob.getBytes()) : Hash.EMPTY;
        block.put("entriesHash").newBlob(entriesHash.toByteArray());
        block.put("blockHash").newBlob(Dot.dot(entriesHash, previous).toByteArray());
        return JournalBlock.fromIon(block);
    }

    /** Ion 1.0 NOP padding of exactly {@code size} bytes at {@code at}: pad values {@code 0x0L} / {@code 0x0E len}. */
    private static void writePadding(byte[] target, int at, int size) {
        while (size > 0) {
            if (size <= 14) {
                target[at] = (byte) (size - 1); // type 0, L = size - 1 zero bytes follow
                return;
            }
            int lengthBytes = varUIntSize(size - 2);
            int payload = size - 1 - lengthBytes;
            if (varUIntSize(payload) != lengthBytes) {
                target[at] = 0x00; // a one-byte pad, then try the rest
                at++;
                size--;
                continue;
            }
            target[at] = 0x0E;
            for (int i = lengthBytes - 1; i >= 0; i--) {
                int group = (payload >>> (7 * i)) & 0x7F;
                target[at + lengthBytes - i] = (byte) (i == 0 ? group | 0x80 : group);
            }
            return; // the payload bytes are zeros already
        }
    }

    private static int varUIntSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }
}
