package io.vellum.kafka;

import com.amazon.ion.IonException;
import com.amazon.ion.IonList;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.kafka.internal.SharedIon;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.OpaqueRevision;
import io.vellum.proof.block.Revision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns journal blocks into QLDB's stream records (COMPATIBILITY.md §11.2) and back.
 *
 * <p>For one block, {@link #forBlock} makes:
 * <pre>
 * BLOCK_SUMMARY     {qldbStreamArn, recordType:"BLOCK_SUMMARY", payload:{
 *                     blockAddress, transactionId, blockTimestamp, blockHash, entriesHash, previousBlockHash,
 *                     entriesHashList, transactionInfo, redactionInfo (when present),
 *                     revisionSummaries:[ {hash, documentId} | {hash} … ] }}   -- one per revision, in block order
 * REVISION_DETAILS  {qldbStreamArn, recordType:"REVISION_DETAILS", payload:{
 *                     tableInfo:{tableName, tableId}, revision:{blockAddress, hash, data | dataHash, metadata}}}
 *                                                                             -- one per full revision, in block order
 * </pre>
 * Values are copied exactly (no re-encoding of timestamps, decimals or symbols), so a consumer that rebuilds the block
 * ({@link #rebuildBlock}) gets the same hashes. {@code revisionSummaries} is written even when empty (block 0), so
 * consumers never meet a missing list. REVISION_DETAILS are written for user tables only, as QLDB's streams do: a
 * revision of a system table (Vellum journals DDL as revisions of {@code _ql_catalog}; every {@code _ql_} name is
 * reserved for the system) and a revision known only by hash (QLDB's system revisions in imported ledgers) appear as
 * {@code {hash}} summaries with no REVISION_DETAILS, so a consumer that does not filter by table never reads a
 * catalog document as a user document. Blocks rebuilt from the records still verify and chain (the hashes are all
 * there); they equal {@link #asStreamed} of the ledger's blocks.
 *
 * <p>Immutable and thread-safe.
 */
public final class StreamRecords {
    private static final IonSystem ION = SharedIon.SYSTEM;
    /** QLDB reserves names starting {@code _ql_} for system objects; no user table has one. */
    private static final String SYSTEM_TABLE_PREFIX = "_ql_";

    private final String qldbStreamArn;

    /**
     * @param qldbStreamArn written as each record's {@code qldbStreamArn}
     *                      ({@code arn:aws:qldb:<region>:<account>:stream/<ledger>/<streamId>}); null to leave the
     *                      field out (records that do not belong to a stream, e.g. a Server-Sent Events tail)
     */
    public StreamRecords(String qldbStreamArn) {
        this.qldbStreamArn = qldbStreamArn;
    }

    /** The CONTROL record {@code {qldbStreamArn, recordType:"CONTROL", payload:{controlRecordType}}}. */
    public StreamRecord control(ControlRecordType type) {
        IonStruct payload = ION.newEmptyStruct();
        payload.put("controlRecordType").newString(type.name());
        return new StreamRecord(RecordType.CONTROL, type, -1, 0, envelope(RecordType.CONTROL, payload));
    }

    /**
     * The BLOCK_SUMMARY record of {@code block} followed by one REVISION_DETAILS record per full revision.
     *
     * @throws IllegalArgumentException when a revision's document has no entry in {@code transactionInfo.documents}
     *                                  (its table cannot be named; a journal cannot hold such a block unless damaged)
     */
    public List<StreamRecord> forBlock(JournalBlock block) {
        long sequenceNo = block.blockAddress().sequenceNo();
        List<StreamRecord> records = new ArrayList<>(1 + block.revisions().size());
        records.add(new StreamRecord(RecordType.BLOCK_SUMMARY, null, sequenceNo, 0,
                envelope(RecordType.BLOCK_SUMMARY, blockSummary(block))));
        Map<String, DocumentInfo> documents = block.transactionInfo().documents();
        for (BlockRevision entry : block.revisions()) {
            if (entry instanceof Revision revision && !isSystemRevision(block, revision)) {
                DocumentInfo document = documents.get(revision.metadata().id());
                if (document == null) {
                    throw new IllegalArgumentException("block " + block.blockAddress() + ": document "
                            + revision.metadata().id() + " has a revision but no entry in transactionInfo.documents");
                }
                IonStruct payload = ION.newEmptyStruct();
                IonStruct tableInfo = payload.put("tableInfo").newEmptyStruct();
                tableInfo.put("tableName").newString(document.tableName());
                tableInfo.put("tableId").newString(document.tableId());
                payload.put("revision", revision.toIon(ION));
                records.add(new StreamRecord(RecordType.REVISION_DETAILS, null, sequenceNo, records.size(),
                        envelope(RecordType.REVISION_DETAILS, payload)));
            }
        }
        return records;
    }

    /**
     * {@code block} as a consumer rebuilds it from its stream records ({@link #rebuildBlock}): every system-table
     * revision is replaced by an {@link OpaqueRevision} of the same hash, so its hashes, chain and proofs are
     * unchanged.
     */
    public static JournalBlock asStreamed(JournalBlock block) {
        List<BlockRevision> revisions = new ArrayList<>(block.revisions().size());
        for (BlockRevision entry : block.revisions()) {
            revisions.add(entry instanceof Revision revision && isSystemRevision(block, revision)
                    ? new OpaqueRevision(revision.hash()) : entry);
        }
        return new JournalBlock(block.blockAddress(), block.transactionId(), block.blockTimestamp(),
                block.blockHash(), block.entriesHash(), block.previousBlockHash(), block.entriesHashList(),
                block.transactionInfo(), block.redactionInfo(), revisions);
    }

    /** A revision of a system table: {@code transactionInfo.documents} names its table with the reserved {@code _ql_}. */
    private static boolean isSystemRevision(JournalBlock block, Revision revision) {
        DocumentInfo document = block.transactionInfo().documents().get(revision.metadata().id());
        return document != null && document.tableName().startsWith(SYSTEM_TABLE_PREFIX);
    }

    private static IonStruct blockSummary(JournalBlock block) {
        // The block's own encoding (QLDB's field order, values exactly as journaled) without its revisions: a block
        // with an empty revision list is written without the field.
        IonStruct payload = new JournalBlock(block.blockAddress(), block.transactionId(), block.blockTimestamp(),
                block.blockHash(), block.entriesHash(), block.previousBlockHash(), block.entriesHashList(),
                block.transactionInfo(), block.redactionInfo(), List.of()).toIon(ION);
        IonList summaries = payload.put("revisionSummaries").newEmptyList();
        for (BlockRevision entry : block.revisions()) {
            IonStruct summary = summaries.add().newEmptyStruct();
            summary.put("hash").newBlob(entry.hash().toByteArray());
            if (entry instanceof Revision revision && !isSystemRevision(block, revision)) {
                summary.put("documentId").newString(revision.metadata().id());
            }
        }
        return payload;
    }

    private IonStruct envelope(RecordType type, IonStruct payload) {
        IonStruct record = ION.newEmptyStruct();
        if (qldbStreamArn != null) {
            record.put("qldbStreamArn").newString(qldbStreamArn);
        }
        record.put("recordType").newString(type.name());
        record.put("payload", payload);
        record.makeReadOnly();
        return record;
    }

    /**
     * Reads one record from a message value in Ion binary or Ion text.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when the bytes are not exactly one Ion struct
     */
    public static IonStruct parse(byte[] messageValue) {
        try (IonReader reader = ION.newReader(messageValue)) {
            if (reader.next() != IonType.STRUCT) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "a stream record must be one Ion struct");
            }
            IonValue value = ION.newValue(reader);
            if (reader.next() != null) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "a stream record must be exactly one Ion value");
            }
            return (IonStruct) value;
        } catch (IOException | IonException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "not an Ion stream record: " + e.getMessage(), e);
        }
    }

    /** The {@code recordType} of a parsed record. */
    public static RecordType recordType(IonStruct record) {
        IonValue type = record.get("recordType");
        if (!(type instanceof com.amazon.ion.IonText text) || text.isNullValue()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "stream record has no recordType: " + record);
        }
        try {
            return RecordType.valueOf(text.stringValue());
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "unknown recordType " + text.stringValue());
        }
    }

    /** The {@code payload} struct of a parsed record. */
    public static IonStruct payload(IonStruct record) {
        IonValue payload = record.get("payload");
        if (!(payload instanceof IonStruct struct) || struct.isNullValue()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "stream record has no payload struct: " + record);
        }
        return struct;
    }

    /**
     * Rebuilds a journal block as a consumer does (QLDB's {@code StreamJournal.blockSummaryRecordToJournalBlock}):
     * the BLOCK_SUMMARY's payload with {@code revisionSummaries} replaced by {@code revisions}, where a summary with a
     * {@code documentId} becomes the REVISION_DETAILS revision of the same hash and one without becomes a
     * {@code {hash}} revision. Hashes are taken as given; call {@link JournalBlock#verify()}. Records in
     * {@link StreamFormat#JSON} cannot be rebuilt (their Ion types are gone).
     *
     * @param blockSummary    a BLOCK_SUMMARY record
     * @param revisionDetails REVISION_DETAILS records; those of other blocks and duplicates are ignored
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when a record is malformed or a summarised revision
     *                         has no REVISION_DETAILS among {@code revisionDetails}
     */
    public static JournalBlock rebuildBlock(IonStruct blockSummary, Collection<IonStruct> revisionDetails) {
        requireType(blockSummary, RecordType.BLOCK_SUMMARY);
        IonStruct payload = payload(blockSummary);
        BlockAddress address = blockAddress(payload.get("blockAddress"));
        Map<Hash, IonStruct> revisionsByHash = new HashMap<>();
        for (IonStruct details : revisionDetails) {
            requireType(details, RecordType.REVISION_DETAILS);
            IonStruct revision = detailsRevision(details);
            Revision parsed = Revision.fromIon(revision);
            if (parsed.blockAddress().equals(address)) {
                revisionsByHash.put(parsed.hash(), revision);
            }
        }
        IonStruct block = blockWithoutRevisions(payload);
        IonValue summaries = payload.get("revisionSummaries");
        if (summaries != null && !summaries.isNullValue()) {
            if (!(summaries instanceof IonList list)) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "block " + address
                        + ": revisionSummaries must be a list");
            }
            if (!list.isEmpty()) {
                IonList revisions = block.put("revisions").newEmptyList();
                for (IonValue summary : list) {
                    revisions.add(revisionFor(address, summary, revisionsByHash));
                }
            }
        }
        return JournalBlock.fromIon(block);
    }

    private static IonValue revisionFor(BlockAddress address, IonValue summary, Map<Hash, IonStruct> revisionsByHash) {
        if (!(summary instanceof IonStruct struct) || !(struct.get("hash") instanceof com.amazon.ion.IonBlob blob)
                || blob.isNullValue()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "block " + address
                    + ": a revision summary must be {hash, documentId?}, got " + summary);
        }
        Hash hash = Hash.of(blob.getBytes());
        if (!struct.containsKey("documentId")) {
            IonStruct opaque = ION.newEmptyStruct();
            opaque.put("hash").newBlob(hash.toByteArray());
            return opaque;
        }
        IonStruct revision = revisionsByHash.get(hash);
        if (revision == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "block " + address + ": no REVISION_DETAILS for "
                    + "revision " + hash + " of document " + struct.get("documentId"));
        }
        return revision.clone();
    }

    /** The revision struct inside a REVISION_DETAILS record. */
    static IonStruct detailsRevision(IonStruct details) {
        IonValue revision = payload(details).get("revision");
        if (!(revision instanceof IonStruct struct) || struct.isNullValue()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "REVISION_DETAILS has no revision struct: " + details);
        }
        return struct;
    }

    /** {@code {strandId, sequenceNo}} of a record, checked here so that errors name the record's block. */
    static BlockAddress blockAddress(IonValue value) {
        if (value instanceof IonStruct struct && !struct.isNullValue()
                && struct.get("strandId") instanceof com.amazon.ion.IonText strandId && !strandId.isNullValue()
                && struct.get("sequenceNo") instanceof com.amazon.ion.IonInt sequenceNo && !sequenceNo.isNullValue()
                && sequenceNo.longValue() >= 0) {
            return new BlockAddress(strandId.stringValue(), sequenceNo.longValue());
        }
        throw new LedgerException(ErrorCode.INVALID_REQUEST, "blockAddress must be {strandId, sequenceNo}, got "
                + value);
    }

    private static IonStruct blockWithoutRevisions(IonStruct payload) {
        IonStruct block = ION.newEmptyStruct();
        for (IonValue field : payload) {
            if (!field.getFieldName().equals("revisionSummaries")) {
                block.add(field.getFieldName(), field.clone());
            }
        }
        return block;
    }

    private static void requireType(IonStruct record, RecordType expected) {
        RecordType actual = recordType(record);
        if (actual != expected) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "expected a " + expected + " record, got " + actual);
        }
    }
}
