package io.vellum.proof.block;

import com.amazon.ion.IonList;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.Timestamp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.hash.SharedIon;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.merkle.MerkleTree;

/**
 * One journal block, in QLDB's layout (COMPATIBILITY.md §5): what one committed transaction appended.
 *
 * <p>Hashes of a block Vellum {@linkplain #seal seals}:
 * <pre>
 * entriesHashList = [merkleRoot(revision hashes)]   -- only when the block has revisions
 *                 + [ionHash(transactionInfo)]
 *                 + [ionHash(redactionInfo)]        -- only when present
 * entriesHash     = merkleRoot(entriesHashList)
 * blockHash       = dot(entriesHash, previousBlockHash)   -- block 0: previousBlockHash empty, blockHash = entriesHash
 * </pre>
 * A block without revisions has no revisions root in its list (rather than an empty hash, which QLDB never prints
 * there). Blocks read from QLDB keep their list as given, with QLDB's opaque system entries; {@link #verify} only
 * requires the computable entries to be members of it.
 *
 * <p>The record holds hashes as given; {@link #verify} checks them. Immutable and thread-safe; Ion values inside are
 * read-only.
 */
public record JournalBlock(
        BlockAddress blockAddress,
        String transactionId,
        Timestamp blockTimestamp,
        Hash blockHash,
        Hash entriesHash,
        Hash previousBlockHash,
        List<Hash> entriesHashList,
        TransactionInfo transactionInfo,
        IonStruct redactionInfo,
        List<BlockRevision> revisions) {

    private static final Set<String> FIELDS = Set.of("blockAddress", "transactionId", "blockTimestamp", "blockHash",
            "entriesHash", "previousBlockHash", "entriesHashList", "transactionInfo", "redactionInfo", "revisions");

    public JournalBlock {
        Objects.requireNonNull(blockAddress, "blockAddress");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(blockTimestamp, "blockTimestamp");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(entriesHash, "entriesHash");
        Objects.requireNonNull(previousBlockHash, "previousBlockHash");
        entriesHashList = List.copyOf(entriesHashList);
        Objects.requireNonNull(transactionInfo, "transactionInfo");
        redactionInfo = IonEncoding.readOnly(redactionInfo);
        revisions = List.copyOf(revisions);
    }

    /** Seals a block without redaction info; see {@link #seal(BlockAddress, String, Timestamp, Hash, TransactionInfo, IonStruct, List)}. */
    public static JournalBlock seal(BlockAddress blockAddress, String transactionId, Timestamp blockTimestamp,
            Hash previousBlockHash, TransactionInfo transactionInfo, List<BlockRevision> revisions) {
        return seal(blockAddress, transactionId, blockTimestamp, previousBlockHash, transactionInfo, null, revisions);
    }

    /**
     * A new block with Vellum's hashes computed (see the class comment). Revision hashes are taken as they are;
     * every full {@link Revision} must carry {@code blockAddress}.
     *
     * @param previousBlockHash the hash of the block before, empty for block 0
     * @param redactionInfo the redaction request of a redaction block, else null
     */
    public static JournalBlock seal(BlockAddress blockAddress, String transactionId, Timestamp blockTimestamp,
            Hash previousBlockHash, TransactionInfo transactionInfo, IonStruct redactionInfo,
            List<BlockRevision> revisions) {
        return seal(blockAddress, transactionId, blockTimestamp, previousBlockHash, transactionInfo,
                transactionInfo.hash(), redactionInfo, revisions);
    }

    /**
     * {@link #seal(BlockAddress, String, Timestamp, Hash, TransactionInfo, IonStruct, List)} with the transaction
     * info's hash computed beforehand (a committer seals blocks on one thread; their transactions' threads can hash
     * in parallel). {@code transactionInfoHash} must be {@code transactionInfo.hash()}: a wrong value seals a block
     * that fails {@link #verify()} rule 1.
     */
    public static JournalBlock seal(BlockAddress blockAddress, String transactionId, Timestamp blockTimestamp,
            Hash previousBlockHash, TransactionInfo transactionInfo, Hash transactionInfoHash,
            IonStruct redactionInfo, List<BlockRevision> revisions) {
        for (BlockRevision revision : revisions) {
            if (revision instanceof Revision full && !full.blockAddress().equals(blockAddress)) {
                throw new IllegalArgumentException("revision " + full.describe() + " cannot be sealed in block "
                        + blockAddress);
            }
        }
        IonStruct readOnlyRedactionInfo = IonEncoding.readOnly(redactionInfo);
        List<Hash> entries = new ArrayList<>(3);
        if (!revisions.isEmpty()) {
            entries.add(MerkleTree.root(revisionHashes(revisions)));
        }
        entries.add(transactionInfoHash);
        if (readOnlyRedactionInfo != null) {
            entries.add(IonHash.of(readOnlyRedactionInfo));
        }
        Hash entriesHash = MerkleTree.root(entries);
        Hash blockHash = Dot.dot(entriesHash, previousBlockHash);
        return new JournalBlock(blockAddress, transactionId, blockTimestamp, blockHash, entriesHash,
                previousBlockHash, entries, transactionInfo, readOnlyRedactionInfo, revisions);
    }

    private static List<Hash> revisionHashes(List<BlockRevision> revisions) {
        List<Hash> hashes = new ArrayList<>(revisions.size());
        for (BlockRevision revision : revisions) {
            hashes.add(revision.hash());
        }
        return hashes;
    }

    /** The hashes of {@link #revisions}, in order: the leaves of the block's revisions tree. */
    public List<Hash> revisionHashes() {
        return revisionHashes(revisions);
    }

    /** The Merkle root over the revision hashes; empty when the block has no revisions. */
    public Hash revisionsRoot() {
        return MerkleTree.root(revisionHashes());
    }

    /**
     * Checks every hash of the block (COMPATIBILITY.md §5 rules 1–5): (1) {@code ionHash(transactionInfo)} and (2)
     * {@code ionHash(redactionInfo)}, when present, are entries of {@code entriesHashList}; (3) each full revision
     * belongs to this block and its hash matches its contents, and the revisions root is an entry; (4)
     * {@code entriesHash = merkleRoot(entriesHashList)}; (5) {@code blockHash = dot(entriesHash, previousBlockHash)}.
     *
     * @throws VerificationException naming this block's address, the rule, and the expected and computed values
     */
    public void verify() {
        String block = "block " + blockAddress;
        requireEntry(block + " rule 1: ionHash(transactionInfo) must be in entriesHashList", transactionInfo.hash());
        if (redactionInfo != null) {
            requireEntry(block + " rule 2: ionHash(redactionInfo) must be in entriesHashList", IonHash.of(redactionInfo));
        }
        for (int i = 0; i < revisions.size(); i++) {
            if (revisions.get(i) instanceof Revision revision) {
                String where = block + " rule 3: revisions[" + i + "] " + revision.describe();
                if (!revision.blockAddress().equals(blockAddress)) {
                    throw new VerificationException(where + ": blockAddress must be the block's",
                            blockAddress.toString(), revision.blockAddress().toString());
                }
                Hash computed = revision.computeHash();
                if (!computed.equals(revision.hash())) {
                    throw new VerificationException(where + ": hash must be dot(ionHash(metadata), ionHash(data))",
                            revision.hash(), computed);
                }
            }
        }
        if (!revisions.isEmpty()) {
            requireEntry(block + " rule 3: merkleRoot(revision hashes) must be in entriesHashList", revisionsRoot());
        }
        Hash computedEntriesHash = MerkleTree.root(entriesHashList);
        if (!computedEntriesHash.equals(entriesHash)) {
            throw new VerificationException(block + " rule 4: entriesHash must be merkleRoot(entriesHashList)",
                    entriesHash, computedEntriesHash);
        }
        Hash computedBlockHash = Dot.dot(entriesHash, previousBlockHash);
        if (!computedBlockHash.equals(blockHash)) {
            throw new VerificationException(block + " rule 5: blockHash must be dot(entriesHash, previousBlockHash)",
                    blockHash, computedBlockHash);
        }
    }

    private void requireEntry(String rule, Hash computed) {
        if (!entriesHashList.contains(computed)) {
            throw new VerificationException(rule, "one of " + entriesHashList, computed.toString());
        }
    }

    /**
     * Checks the chain rule: this block directly follows {@code previous} on the same strand and its
     * {@code previousBlockHash} is {@code previous.blockHash}. Does not {@link #verify} either block.
     *
     * @throws VerificationException naming both addresses
     */
    public void verifyFollows(JournalBlock previous) {
        BlockAddress expectedAddress = new BlockAddress(previous.blockAddress.strandId(),
                previous.blockAddress.sequenceNo() + 1);
        if (!blockAddress.equals(expectedAddress)) {
            throw new VerificationException("block " + blockAddress + " must directly follow block "
                    + previous.blockAddress, expectedAddress.toString(), blockAddress.toString());
        }
        if (!previousBlockHash.equals(previous.blockHash)) {
            throw new VerificationException("block " + blockAddress + " chain rule: previousBlockHash must be the "
                    + "blockHash of block " + previous.blockAddress, previous.blockHash, previousBlockHash);
        }
    }

    /**
     * The first part of the proof of revision {@code revisionIndex} of this block (COMPATIBILITY.md §7): (a) the audit path of
     * its hash in the revisions tree, (b) the audit path of the revisions root in the {@code entriesHashList} tree,
     * (c) {@code previousBlockHash} (left out for block 0, where it is empty and {@code dot} would ignore it).
     * Folding these onto the revision hash gives {@link #blockHash}; the caller appends the block's inclusion proof.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= revisionIndex < revisions().size()}
     * @throws VerificationException when the revisions root is not an entry of {@code entriesHashList}
     */
    public List<Hash> revisionProofPrefix(int revisionIndex) {
        return revisionProofPrefix(blockAddress, revisionHashes(), entriesHashList, previousBlockHash, revisionIndex);
    }

    /**
     * {@link #revisionProofPrefix(int)} from the parts of a block it needs, for callers that read only those parts.
     *
     * @param revisionHashes the hashes of the block's revisions, in order
     */
    public static List<Hash> revisionProofPrefix(BlockAddress blockAddress, List<Hash> revisionHashes,
            List<Hash> entriesHashList, Hash previousBlockHash, int revisionIndex) {
        Objects.checkIndex(revisionIndex, revisionHashes.size());
        Hash root = MerkleTree.root(revisionHashes);
        int entryIndex = entriesHashList.indexOf(root);
        if (entryIndex < 0) {
            throw new VerificationException("block " + blockAddress
                    + " rule 3: merkleRoot(revision hashes) must be in entriesHashList",
                    "one of " + entriesHashList, root.toString());
        }
        List<Hash> proof = new ArrayList<>(MerkleTree.auditPath(revisionHashes, revisionIndex));
        proof.addAll(MerkleTree.auditPath(entriesHashList, entryIndex));
        if (!previousBlockHash.isEmpty()) {
            proof.add(previousBlockHash);
        }
        return proof;
    }

    /**
     * Writes the block in QLDB's field order: blockAddress, transactionId, blockTimestamp, blockHash, entriesHash,
     * previousBlockHash, entriesHashList, transactionInfo, redactionInfo (when present), revisions (when not empty).
     */
    public void writeTo(IonWriter writer) throws IOException {
        writer.stepIn(IonType.STRUCT);
        IonEncoding.writeBlockAddress(writer, "blockAddress", blockAddress);
        writer.setFieldName("transactionId");
        writer.writeString(transactionId);
        writer.setFieldName("blockTimestamp");
        writer.writeTimestamp(blockTimestamp);
        IonEncoding.writeHash(writer, "blockHash", blockHash);
        IonEncoding.writeHash(writer, "entriesHash", entriesHash);
        IonEncoding.writeHash(writer, "previousBlockHash", previousBlockHash);
        writer.setFieldName("entriesHashList");
        writer.stepIn(IonType.LIST);
        for (Hash entry : entriesHashList) {
            writer.writeBlob(entry.toByteArray());
        }
        writer.stepOut();
        writer.setFieldName("transactionInfo");
        transactionInfo.writeTo(writer);
        if (redactionInfo != null) {
            IonEncoding.writeValue(writer, "redactionInfo", redactionInfo);
        }
        if (!revisions.isEmpty()) {
            writer.setFieldName("revisions");
            writer.stepIn(IonType.LIST);
            for (BlockRevision revision : revisions) {
                revision.writeTo(writer);
            }
            writer.stepOut();
        }
        writer.stepOut();
    }

    public IonStruct toIon(IonSystem system) {
        return IonEncoding.toStruct(system, this::writeTo);
    }

    /** The block as one Ion binary value (with its local symbol table): the journal's record payload. */
    public byte[] toIonBinary() {
        return IonEncoding.toBinary(this::writeTo);
    }

    /**
     * Reads a block as QLDB prints it (GetBlock {@code Block.IonText}, an export, a Vellum journal record): opaque
     * {@code entriesHashList} entries, {@code {hash}}-only revisions, and absent {@code revisions},
     * {@code redactionInfo} or {@code previousBlockHash} (read as empty) are accepted. Hashes are taken as given;
     * call {@link #verify}.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} naming the offending field
     */
    public static JournalBlock fromIon(IonValue value) {
        String path = "block";
        IonFields fields = IonFields.of(value, path, FIELDS);
        BlockAddress address = IonFields.blockAddress(fields.required("blockAddress"), fields.path("blockAddress"));
        List<Hash> entries = new ArrayList<>();
        IonList entryList = fields.list("entriesHashList");
        for (int i = 0; i < entryList.size(); i++) {
            entries.add(IonFields.hash(entryList.get(i), fields.path("entriesHashList") + "[" + i + "]"));
        }
        IonStruct redactionInfo = fields.has("redactionInfo")
                ? IonFields.struct(fields.required("redactionInfo"), fields.path("redactionInfo"))
                : null;
        List<BlockRevision> revisions = new ArrayList<>();
        if (fields.has("revisions")) {
            IonList revisionList = fields.list("revisions");
            for (int i = 0; i < revisionList.size(); i++) {
                revisions.add(revisionFromIon(revisionList.get(i), fields.path("revisions") + "[" + i + "]"));
            }
        }
        return new JournalBlock(
                address,
                fields.string("transactionId"),
                fields.timestamp("blockTimestamp"),
                fields.hash("blockHash"),
                fields.hash("entriesHash"),
                fields.has("previousBlockHash") ? fields.hash("previousBlockHash") : Hash.EMPTY,
                entries,
                TransactionInfo.fromIon(fields.required("transactionInfo"), fields.path("transactionInfo")),
                redactionInfo,
                revisions);
    }

    private static BlockRevision revisionFromIon(IonValue value, String path) {
        IonStruct struct = IonFields.struct(value, path);
        return struct.size() == 1 && struct.containsKey("hash")
                ? OpaqueRevision.fromIon(struct, path)
                : Revision.fromIon(struct, path);
    }

    /**
     * Reads a block from an Ion binary (or text) stream holding exactly one value; see {@link #fromIon}.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when the stream is not exactly one block
     */
    public static JournalBlock fromIonBinary(byte[] ionBytes) {
        IonValue value;
        try (IonReader reader = SharedIon.SYSTEM.newReader(ionBytes)) {
            if (reader.next() == null) {
                throw IonFields.invalid("block", "stream holds no value");
            }
            value = SharedIon.SYSTEM.newValue(reader);
            if (reader.next() != null) {
                throw IonFields.invalid("block", "stream holds more than one value");
            }
            // Nobody else holds this value: read-only now, the parts the block keeps (transactionInfo, each
            // revision's data) are kept as they are instead of each being deep-copied to a read-only value.
            value.makeReadOnly();
        } catch (IOException e) {
            throw IonFields.invalid("block", "stream cannot be read: " + e.getMessage());
        } catch (com.amazon.ion.IonException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "block stream is not valid Ion: " + e.getMessage(), e);
        } catch (LedgerException e) {
            throw e;
        } catch (RuntimeException e) {
            // ion-java's loader fails on some malformed streams with e.g. a NullPointerException (a field name
            // symbol of a struct that resolves to nothing): still a stream that is not a block, never a crash.
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "block stream is not valid Ion (its decoding "
                    + "failed)", e);
        }
        try {
            return fromIon(value);
        } catch (LedgerException e) {
            throw e;
        } catch (RuntimeException e) {
            // A part the model refuses (IllegalArgumentException, a missing name): a value that is not a block.
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "block stream holds a value that is not a valid "
                    + "block", e);
        }
    }
}
