package io.vellum.engine.internal.commit;

import io.vellum.engine.internal.apply.IndexKey;
import java.util.HashMap;
import java.util.Map;

/**
 * For OCC validation: the sequence number of the last block that wrote each document, index key and table, and
 * of the last catalog change. A transaction conflicts when anything it read was written after its snapshot.
 *
 * <p>Validation costs one lookup per read item, independent of how many blocks were committed since the snapshot.
 * Entries at or below the oldest active snapshot can never cause a conflict again and are pruned. Owned by the
 * committer thread; not thread-safe.
 */
final class ConflictIndex {
    private static final int PRUNE_THRESHOLD = 50_000;

    private final Map<String, Long> documents = new HashMap<>();
    private final Map<IndexKey, Long> indexKeys = new HashMap<>();
    /** The last block that added a document to or removed one from each index key's list. */
    private final Map<IndexKey, Long> indexMembership = new HashMap<>();
    private final Map<String, Long> tables = new HashMap<>();
    private long catalogChanged = -1;
    /** Writes at or below this sequence number have been forgotten. */
    private long prunedThrough = -1;

    /** Records the writes of a block about to be committed. */
    void record(WriteSummary summary) {
        Long sequenceNo = summary.sequenceNo();
        for (String document : summary.documents()) {
            documents.put(document, sequenceNo);
        }
        for (IndexKey key : summary.indexKeys()) {
            indexKeys.put(key, sequenceNo);
        }
        for (IndexKey key : summary.membershipKeys()) {
            indexMembership.put(key, sequenceNo);
        }
        for (String table : summary.tables()) {
            tables.put(table, sequenceNo);
        }
        if (summary.catalogChanged()) {
            catalogChanged = sequenceNo;
        }
    }

    /** Whether a transaction that read {@code reads} at snapshot {@code snapshotSequenceNo} must abort. */
    boolean conflicts(long snapshotSequenceNo, ReadSet reads) {
        if (snapshotSequenceNo < prunedThrough) {
            return true; // older than anything we remember: cannot prove it safe
        }
        if (catalogChanged > snapshotSequenceNo) {
            return true;
        }
        for (String table : reads.tables) {
            if (writtenAfter(tables.get(table), snapshotSequenceNo)) {
                return true;
            }
        }
        for (String document : reads.documents) {
            if (writtenAfter(documents.get(document), snapshotSequenceNo)) {
                return true;
            }
        }
        for (IndexKey key : reads.indexKeys) {
            if (writtenAfter(indexKeys.get(key), snapshotSequenceNo)) {
                return true;
            }
        }
        if (!reads.documentsReadAt.isEmpty()) {
            for (Map.Entry<String, Long> read : reads.documentsReadAt.entrySet()) {
                if (writtenAfter(documents.get(read.getKey()), read.getValue())) {
                    return true;
                }
            }
        }
        for (IndexKey key : reads.membershipKeys) {
            if (writtenAfter(indexMembership.get(key), snapshotSequenceNo)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why {@link #conflicts} refused a transaction: the first read item written after its snapshot, and by which
     * block. Called only after a conflict, so it may be slower than the check itself.
     */
    String describeConflict(long snapshotSequenceNo, ReadSet reads) {
        String snapshot = " after the transaction's snapshot (block " + snapshotSequenceNo + ")";
        if (snapshotSequenceNo < prunedThrough) {
            return "the snapshot (block " + snapshotSequenceNo + ") is older than the oldest write still remembered"
                    + " (block " + (prunedThrough + 1) + ")";
        }
        if (catalogChanged > snapshotSequenceNo) {
            return "the catalog (tables, indexes) was changed by block " + catalogChanged + snapshot;
        }
        for (String table : reads.tables) {
            if (writtenAfter(tables.get(table), snapshotSequenceNo)) {
                return "scanned table " + table + " was written by block " + tables.get(table) + snapshot;
            }
        }
        for (String document : reads.documents) {
            if (writtenAfter(documents.get(document), snapshotSequenceNo)) {
                return "document " + document + " was written by block " + documents.get(document) + snapshot;
            }
        }
        for (IndexKey key : reads.indexKeys) {
            if (writtenAfter(indexKeys.get(key), snapshotSequenceNo)) {
                return "index " + key.indexId() + " of table " + key.tableId() + " changed for a looked-up value"
                        + " (equality key hash " + key.valueHash() + ") in block " + indexKeys.get(key) + snapshot;
            }
        }
        for (Map.Entry<String, Long> read : reads.documentsReadAt.entrySet()) {
            if (writtenAfter(documents.get(read.getKey()), read.getValue())) {
                return "document " + read.getKey() + " was written by block " + documents.get(read.getKey())
                        + " after block " + read.getValue() + ", whose write of it the transaction read";
            }
        }
        for (IndexKey key : reads.membershipKeys) {
            if (writtenAfter(indexMembership.get(key), snapshotSequenceNo)) {
                return "index " + key.indexId() + " of table " + key.tableId() + " listed other documents for a "
                        + "looked-up value (equality key hash " + key.valueHash() + ") after block "
                        + indexMembership.get(key) + snapshot;
            }
        }
        return "no conflicting write (the check and its description disagree)";
    }

    private static boolean writtenAfter(Long sequenceNo, long snapshotSequenceNo) {
        return sequenceNo != null && sequenceNo > snapshotSequenceNo;
    }

    /**
     * Forgets that blocks after {@code tipSequenceNo} (the last committed block) wrote anything: they were sealed in
     * rounds a replicated ledger's log did not acknowledge, so they never existed, and the next blocks of those
     * numbers are other transactions'. Left in place, such a write would refuse every later transaction that read
     * the same item with a snapshot at the tip, for ever, since no block could commit to move the snapshot past it.
     * Entries after the tip are lowered to the tip, which is conservative: the item's real last write is at or before
     * it, so a transaction with an older snapshot may conflict where it need not, never the other way.
     */
    void forgetAfter(long tipSequenceNo) {
        documents.replaceAll((document, sequenceNo) -> Math.min(sequenceNo, tipSequenceNo));
        indexKeys.replaceAll((key, sequenceNo) -> Math.min(sequenceNo, tipSequenceNo));
        indexMembership.replaceAll((key, sequenceNo) -> Math.min(sequenceNo, tipSequenceNo));
        tables.replaceAll((table, sequenceNo) -> Math.min(sequenceNo, tipSequenceNo));
        catalogChanged = Math.min(catalogChanged, tipSequenceNo);
    }

    /** Forgets writes no active transaction can conflict with, when the index has grown large. */
    void prune(long oldestActiveSnapshot) {
        if (documents.size() + indexKeys.size() + tables.size() < PRUNE_THRESHOLD) {
            return;
        }
        documents.values().removeIf(sequenceNo -> sequenceNo <= oldestActiveSnapshot);
        indexKeys.values().removeIf(sequenceNo -> sequenceNo <= oldestActiveSnapshot);
        indexMembership.values().removeIf(sequenceNo -> sequenceNo <= oldestActiveSnapshot);
        tables.values().removeIf(sequenceNo -> sequenceNo <= oldestActiveSnapshot);
        prunedThrough = Math.max(prunedThrough, oldestActiveSnapshot);
    }

    int size() {
        return documents.size() + indexKeys.size() + indexMembership.size() + tables.size();
    }
}
