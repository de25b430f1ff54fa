package io.vellum.engine.internal.redaction;

import io.vellum.engine.internal.LedgerCore;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.engine.store.BlockLocation;
import io.vellum.engine.store.StoreBatch;
import io.vellum.engine.store.StoreSnapshot;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes redacted data from where it still lies after a redaction block is applied: the journal record of the
 * block that committed the revision, and the state store's files.
 *
 * <p>Order, and what a crash at each point leaves (see docs/DECISIONS.md, "Redaction"):
 * <ol>
 *   <li>The redaction commits as a normal block (durable in the journal, hashes unchanged elsewhere).</li>
 *   <li>Applying it overwrites the stored revision with its redacted form and records
 *       {@code redactionPending:<block>} in the same atomic store batch. A crash before the store is flushed
 *       replays the redaction block on open, which does this again.</li>
 *   <li>{@link #rewriteJournal()}, still on the committer thread and before the commit is acknowledged, rewrites
 *       each pending block's record in place ({@link io.vellum.engine.journal.Journal#rewrite}, crash-safe through
 *       a redo file) as a {@link RedactedBlockRecord}: every revision the store holds redacted loses its data.
 *       Idempotent: a record already rewritten is left alone.</li>
 *   <li>{@link #purgeStore()}, once no snapshot older than the redaction is open, compacts the state store so no
 *       file keeps the overwritten value, and only then clears the pending markers. A crash before that leaves the
 *       markers, and the next open rewrites (a no-op by then) and purges again.</li>
 * </ol>
 */
public final class JournalRedactor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalRedactor.class);
    private final LedgerCore core;
    /** Blocks whose journal record is rewritten and whose pending marker waits for the store's purge. */
    private final java.util.Set<Long> rewritten = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public JournalRedactor(LedgerCore core) {
        this.core = core;
    }

    /** Rewrites the journal record of every block with a pending redaction; returns how many were pending. */
    public int rewriteJournal() {
        List<Long> pending = core.store().pendingRedactions();
        for (long sequenceNo : pending) {
            rewrite(sequenceNo);
            rewritten.add(sequenceNo);
        }
        return pending.size();
    }

    private void rewrite(long sequenceNo) {
        BlockLocation location = core.store().block(sequenceNo);
        JournalBlock block = core.readBlock(sequenceNo, location);
        List<BlockRevision> revisions = new ArrayList<>(block.revisions().size());
        boolean changed = false;
        try (StoreSnapshot snapshot = core.store().snapshot()) {
            for (BlockRevision entry : block.revisions()) {
                if (entry instanceof Revision revision && revision.data() != null) {
                    DocumentInfo info = block.transactionInfo().documents().get(revision.metadata().id());
                    byte[] stored = info == null ? null : snapshot.revision(info.tableId(), revision.metadata().id(),
                            revision.metadata().version());
                    if (stored != null && StoredRevision.committedView(core.ion(), core.strandId(), stored,
                            revision.metadata().id()).containsKey("dataHash")) {
                        revisions.add(revision.redact());
                        changed = true;
                        continue;
                    }
                }
                revisions.add(entry);
            }
        }
        if (!changed) {
            return; // rewritten before a crash, or the stored revision was never redacted
        }
        JournalBlock redacted = new JournalBlock(block.blockAddress(), block.transactionId(), block.blockTimestamp(),
                block.blockHash(), block.entriesHash(), block.previousBlockHash(), block.entriesHashList(),
                block.transactionInfo(), block.redactionInfo(), revisions);
        byte[] payload = RedactedBlockRecord.encode(core.ion(), redacted, location.length());
        core.journal().rewrite(sequenceNo, new JournalPosition(location.segmentFirstSequenceNo(), location.offset(),
                location.length()), payload);
        JournalBlock reread = core.readBlock(sequenceNo, location); // checks the block hash is unchanged
        LOG.info("Block {}: journal record rewritten without redacted data ({} revisions, block hash {})",
                sequenceNo, reread.revisions().size(), reread.blockHash());
    }

    /**
     * Compacts the state store so that no file keeps an overwritten revision, then clears the pending markers.
     * Waits (up to the transaction timeout) for snapshots taken before {@code redactionSequenceNo} to close: an
     * open snapshot would keep the old value alive through the compaction.
     *
     * @return whether it purged (false when old snapshots stayed open; the markers then stay for the next try)
     */
    public synchronized boolean purgeStore(long redactionSequenceNo) {
        long deadline = System.nanoTime() + core.options().transactionTimeout().toNanos() * 2;
        while (core.oldestActiveSnapshot() < redactionSequenceNo) {
            if (System.nanoTime() > deadline || core.isClosed()) {
                LOG.warn("Redaction in block {}: snapshots older than it stayed open; the state store is purged on "
                        + "the next redaction or open", redactionSequenceNo);
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while erasing redacted data");
            }
        }
        List<Long> done = new ArrayList<>(rewritten);
        core.store().purgeOverwrittenRevisions();
        StoreBatch batch = core.store().newBatch();
        for (long sequenceNo : done) {
            batch.deleteRedactionPending(sequenceNo);
        }
        core.store().writeWithoutProgress(batch);
        rewritten.removeAll(done);
        return true;
    }
}
