package io.vellum.kafka;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The consumer side of a stream: rebuilds journal blocks from records that arrive in any order (records of one block
 * may sit in different partitions) and possibly more than once (delivery is at-least-once). A block is returned once,
 * as soon as its BLOCK_SUMMARY and the REVISION_DETAILS of every summarised document revision have arrived; later
 * copies of its records are counted as duplicates and dropped. The caller verifies what it gets
 * ({@link JournalBlock#verify()}, {@link JournalBlock#verifyFollows}).
 *
 * <p>Memory: records of incomplete blocks, plus the set of completed sequence numbers above the highest one below
 * which all are complete (small when blocks arrive roughly in order). Not thread-safe: one per consuming thread.
 */
public final class BlockAssembler {
    private final Map<Long, IonStruct> summaries = new HashMap<>();
    private final Map<Long, Map<Hash, IonStruct>> details = new HashMap<>();
    /** Every block below this sequence number has been returned. */
    private long completedBelow;
    private final TreeSet<Long> completedAbove = new TreeSet<>();
    private final List<ControlRecordType> controlRecords = new ArrayList<>();
    private long duplicateRecords;

    /**
     * Takes one record (as {@link StreamRecords#parse} returns it).
     *
     * @return the block this record completed, if any
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when the record is malformed
     */
    public Optional<JournalBlock> add(IonStruct record) {
        RecordType type = StreamRecords.recordType(record);
        switch (type) {
            case CONTROL -> {
                controlRecords.add(controlType(record));
                return Optional.empty();
            }
            case BLOCK_SUMMARY -> {
                long sequenceNo = StreamRecords.blockAddress(StreamRecords.payload(record).get("blockAddress"))
                        .sequenceNo();
                if (isCompleted(sequenceNo) || summaries.putIfAbsent(sequenceNo, record) != null) {
                    duplicateRecords++;
                    return Optional.empty();
                }
                return tryComplete(sequenceNo);
            }
            case REVISION_DETAILS -> {
                IonStruct revision = StreamRecords.detailsRevision(record);
                long sequenceNo = StreamRecords.blockAddress(revision.get("blockAddress")).sequenceNo();
                if (!(revision.get("hash") instanceof IonBlob blob) || blob.isNullValue()) {
                    throw new LedgerException(ErrorCode.INVALID_REQUEST, "REVISION_DETAILS revision has no hash: "
                            + record);
                }
                if (isCompleted(sequenceNo) || details.computeIfAbsent(sequenceNo, s -> new LinkedHashMap<>())
                        .putIfAbsent(Hash.of(blob.getBytes()), record) != null) {
                    duplicateRecords++;
                    return Optional.empty();
                }
                return tryComplete(sequenceNo);
            }
            default -> throw new IllegalStateException("unhandled record type " + type);
        }
    }

    private Optional<JournalBlock> tryComplete(long sequenceNo) {
        IonStruct summary = summaries.get(sequenceNo);
        if (summary == null) {
            return Optional.empty();
        }
        Map<Hash, IonStruct> arrived = details.getOrDefault(sequenceNo, Map.of());
        IonValue summaryList = StreamRecords.payload(summary).get("revisionSummaries");
        if (summaryList instanceof com.amazon.ion.IonList list) {
            for (IonValue entry : list) {
                if (entry instanceof IonStruct struct && struct.containsKey("documentId")
                        && struct.get("hash") instanceof IonBlob hash && !hash.isNullValue()
                        && !arrived.containsKey(Hash.of(hash.getBytes()))) {
                    return Optional.empty();
                }
            }
        }
        JournalBlock block = StreamRecords.rebuildBlock(summary, arrived.values());
        summaries.remove(sequenceNo);
        details.remove(sequenceNo);
        markCompleted(sequenceNo);
        return Optional.of(block);
    }

    private boolean isCompleted(long sequenceNo) {
        return sequenceNo < completedBelow || completedAbove.contains(sequenceNo);
    }

    private void markCompleted(long sequenceNo) {
        completedAbove.add(sequenceNo);
        while (completedAbove.remove(completedBelow)) {
            completedBelow++;
        }
    }

    private static ControlRecordType controlType(IonStruct record) {
        IonValue type = StreamRecords.payload(record).get("controlRecordType");
        if (!(type instanceof IonText text) || text.isNullValue()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "CONTROL record has no controlRecordType: " + record);
        }
        try {
            return ControlRecordType.valueOf(text.stringValue());
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "unknown controlRecordType " + text.stringValue());
        }
    }

    /** Records dropped because they had arrived before (same block summary, or same block and revision hash). */
    public long duplicateRecords() {
        return duplicateRecords;
    }

    /** CONTROL records seen, in arrival order (duplicates included). */
    public List<ControlRecordType> controlRecords() {
        return List.copyOf(controlRecords);
    }

    /** Blocks of which some but not all records have arrived. */
    public int incompleteBlocks() {
        java.util.Set<Long> pending = new java.util.HashSet<>(summaries.keySet());
        pending.addAll(details.keySet());
        return pending.size();
    }
}
