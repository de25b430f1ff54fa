package io.vellum.engine.transaction;

import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.store.BlockLocation;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.BlockRevision;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.Hash;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerException;
import io.vellum.proof.Revision;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single thread that commits: group commit with serializable OCC validation.
 *
 * <p>Each round takes every waiting transaction (up to {@link #MAX_BATCH}), validates each read set against the
 * write summaries of blocks committed after its snapshot (including those accepted earlier in the same round),
 * builds one block per survivor, appends all blocks to the journal with a single force, applies them to the state
 * store in one atomic batch, publishes the new state, and only then completes the waiting commits. A transaction
 * that changes the catalog is committed in a round of its own.
 */
final class Committer implements Runnable {
    static final int MAX_BATCH = 512;

    private final LedgerCore core;
    private final BlockApplier applier;
    private final Clock clock;
    private final BlockingQueue<CommitRequest> queue = new LinkedBlockingQueue<>();
    private final ArrayDeque<CommitRequest> deferred = new ArrayDeque<>();
    private final ConflictIndex conflictIndex = new ConflictIndex();
    private final String strandId;
    private long nextSequenceNo;
    private Hash previousBlockHash;
    private volatile boolean stopping;
    private volatile LedgerException failure;
    /**
     * Held for a whole round, and by the replica's follower path and role changes, so that blocks applied from
     * elsewhere and committed here never interleave, and a role change never falls inside a round.
     */
    private final Object roundLock = new Object();
    private final BlockLog localLog;
    /** Where rounds go; the local journal unless this ledger is a replicated ledger's writer. Under roundLock. */
    private BlockLog blockLog;
    /** Why commits are refused while this ledger is a follower; null while it is a writer. */
    private volatile LedgerException refusal;
    /**
     * Transactions whose snapshot precedes this block conflict: blocks applied from elsewhere are not in the
     * conflict index. -1 while no such block was applied. Under roundLock.
     */
    private long conflictFloor = -1;

    Committer(LedgerCore core, Journal journal, BlockApplier applier, Clock clock, String strandId,
              long nextSequenceNo, Hash previousBlockHash) {
        this.core = core;
        this.localLog = BlockLog.localJournal(journal);
        this.blockLog = localLog;
        this.applier = applier;
        this.clock = clock;
        this.strandId = strandId;
        this.nextSequenceNo = nextSequenceNo;
        this.previousBlockHash = previousBlockHash;
    }

    /** Queues a transaction; its future completes once the block is durable and visible, or fails. */
    void submit(CommitRequest request) {
        LedgerException failed = failure;
        if (failed != null) {
            request.result().completeExceptionally(failed);
            return;
        }
        LedgerException refused = refusal;
        if (refused != null) {
            request.result().completeExceptionally(refused);
            return;
        }
        if (stopping) {
            request.result().completeExceptionally(new LedgerException(ErrorCode.UNAVAILABLE, "the ledger is closing"));
            return;
        }
        queue.add(request);
    }

    /** Stops after committing everything already queued. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        List<CommitRequest> round = new ArrayList<>();
        while (true) {
            try {
                round.clear();
                if (!takeRound(round)) {
                    return;
                }
                commitRound(round);
            } catch (LedgerException e) {
                fail(e, round);
                return;
            } catch (RuntimeException | Error e) {
                fail(new LedgerException(ErrorCode.UNAVAILABLE, "committer failed: " + e, e), round);
                return;
            }
        }
    }

    private boolean takeRound(List<CommitRequest> round) {
        if (deferred.isEmpty()) {
            CommitRequest first;
            try {
                do {
                    first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null && stopping && queue.isEmpty()) {
                        return false;
                    }
                } while (first == null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            deferred.add(first);
        }
        queue.drainTo(deferred, MAX_BATCH);
        // A catalog change runs alone: later transactions of this round must validate against it.
        while (!deferred.isEmpty() && round.size() < MAX_BATCH) {
            CommitRequest next = deferred.peek();
            if (next.changesCatalog() && !round.isEmpty()) {
                break;
            }
            round.add(deferred.poll());
            if (next.changesCatalog()) {
                break;
            }
        }
        return true;
    }

    private void commitRound(List<CommitRequest> round) {
        synchronized (roundLock) {
            LedgerException refused = failure != null ? failure : refusal;
            if (refused != null) {
                round.forEach(request -> request.result().completeExceptionally(refused));
                return;
            }
            commitRoundLocked(round);
        }
    }

    private void commitRoundLocked(List<CommitRequest> round) {
        long now = System.nanoTime();
        List<CommitRequest> accepted = new ArrayList<>(round.size());
        List<JournalBlock> blocks = new ArrayList<>(round.size());
        List<byte[]> payloads = new ArrayList<>(round.size());
        long firstSequenceNo = nextSequenceNo;
        Hash previous = previousBlockHash;
        for (CommitRequest request : round) {
            if (now - request.deadlineNanos() > 0) {
                request.result().completeExceptionally(LedgerTransaction.expired(request.transactionId()));
                continue;
            }
            if (request.snapshotSequenceNo() < conflictFloor) {
                core.conflicts.increment();
                request.result().completeExceptionally(new LedgerException(ErrorCode.OCC_CONFLICT,
                        "Optimistic concurrency control (OCC) failure encountered while committing the transaction: "
                                + request.transactionId() + ": block " + conflictFloor + " was replicated from "
                                + "another writer after its snapshot at block " + request.snapshotSequenceNo()));
                continue;
            }
            if (conflictIndex.conflicts(request.snapshotSequenceNo(), request.reads())) {
                core.conflicts.increment();
                // QLDB's own text first: clients and logs match on it.
                request.result().completeExceptionally(new LedgerException(ErrorCode.OCC_CONFLICT,
                        "Optimistic concurrency control (OCC) failure encountered while committing the transaction: "
                                + request.transactionId() + ": " + conflictIndex.describeConflict(
                                request.snapshotSequenceNo(), request.reads())));
                continue;
            }
            long sequenceNo = firstSequenceNo + accepted.size();
            JournalBlock block = buildBlock(request, new BlockAddress(strandId, sequenceNo), previous);
            previous = block.blockHash();
            accepted.add(request);
            blocks.add(block);
            payloads.add(block.toIonBinary());
            // Later transactions of this round validate against this one, which commits before them.
            conflictIndex.record(request.summary().at(sequenceNo));
        }
        if (accepted.isEmpty()) {
            return;
        }
        List<JournalPosition> positions;
        try {
            positions = blockLog.append(blocks, payloads);
        } catch (LedgerException e) {
            if (refusal == null) {
                throw e; // the local journal failed: that stops the ledger
            }
            // The log stepped this ledger down: nothing of the round is acknowledged, the ledger goes on as follower.
            accepted.forEach(request -> request.result().completeExceptionally(e));
            return;
        }
        nextSequenceNo = firstSequenceNo + accepted.size();
        previousBlockHash = previous;
        core.publish(() -> {
            for (int i = 0; i < blocks.size(); i++) {
                JournalBlock block = blocks.get(i);
                JournalPosition position = positions.get(i);
                applier.apply(block, new BlockLocation(position.segmentFirstSequenceNo(), position.offset(),
                        position.length(), block.blockTimestamp().getMillis(), block.blockHash()),
                        accepted.get(i).indexChanges(), accepted.get(i).storedRevisions());
            }
            applier.writePending();
            cacheWrites(accepted, firstSequenceNo);
            return applier.catalog();
        }, nextSequenceNo - 1);
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).result().complete(blocks.get(i).blockAddress());
        }
        conflictIndex.prune(core.oldestActiveSnapshot());
    }

    /**
     * Brings the committed-state cache up to the round's blocks; runs under the publish lock, before they become
     * visible. Updated documents are cached as written (a document read and updated is likely read again);
     * inserted and deleted ones, and index keys whose documents change, are dropped.
     */
    private void cacheWrites(List<CommitRequest> accepted, long firstSequenceNo) {
        if (!core.cache.enabled()) {
            return;
        }
        for (CommitRequest request : accepted) {
            if (request.changesCatalog()) {
                core.cache.clear();
                return;
            }
        }
        for (int i = 0; i < accepted.size(); i++) {
            CommitRequest request = accepted.get(i);
            long sequenceNo = firstSequenceNo + i;
            for (Revision revision : request.revisions()) {
                String documentId = revision.metadata().id();
                String tableId = request.transactionInfo().documents().get(documentId).tableId();
                if (revision.metadata().version() > 0 && revision.data() != null) {
                    core.cache.putWritten(tableId, written(revision, request.storedRevisions().get(documentId),
                            sequenceNo), sequenceNo);
                } else {
                    core.cache.invalidate(documentId);
                }
                for (IndexChange change : request.indexChanges().getOrDefault(documentId, List.of())) {
                    if (change.removedValueHash() != null) {
                        core.cache.invalidate(new IndexKey(tableId, change.indexId(), change.removedValueHash()));
                    }
                    if (change.addedValueHash() != null) {
                        core.cache.invalidate(new IndexKey(tableId, change.indexId(), change.addedValueHash()));
                    }
                }
            }
        }
    }

    /**
     * A committed revision as a statement sees it, for the cache: its data is the transaction's own read-only value,
     * and the full committed view is decoded from the stored revision only if a query asks for it.
     */
    private StoredDocument written(Revision revision, byte[] storedBody, long sequenceNo) {
        String documentId = revision.metadata().id();
        return StoredDocument.withLazyView(documentId, revision.metadata().version(), revision.data(), () -> {
            com.amazon.ion.IonStruct view = StoredRevision.committedView(core.ion, strandId,
                    StoredRevision.withSequenceNo(sequenceNo, storedBody), documentId);
            view.makeReadOnly();
            return view;
        });
    }

    private JournalBlock buildBlock(CommitRequest request, BlockAddress address, Hash previous) {
        List<BlockRevision> revisions = new ArrayList<>(request.revisions().size());
        for (Revision revision : request.revisions()) {
            revisions.add(new Revision(address, revision.hash(), revision.data(), revision.dataHash(),
                    revision.metadata()));
        }
        long millis = Math.max(clock.millis(), request.revisions().isEmpty() ? 0
                : request.revisions().get(0).metadata().txTime().getMillis());
        return JournalBlock.seal(address, request.transactionId(), com.amazon.ion.Timestamp.forMillis(millis, 0),
                previous, request.transactionInfo(), request.transactionInfoHash(), null, revisions);
    }

    /**
     * Makes commits go through {@code log}, continuing from the local tip (so after a follower's catch-up the first
     * block chains to the last one applied), and accepts commits again.
     */
    void becomeWriter(BlockLog log) {
        synchronized (roundLock) {
            LedgerException failed = failure;
            if (failed != null) {
                throw failed;
            }
            blockLog = log;
            refusal = null;
        }
    }

    /** Refuses every later commit with {@code reason}, including those already queued; waits for a round in flight. */
    void becomeFollower(LedgerException reason) {
        synchronized (roundLock) {
            refusal = reason;
        }
    }

    /** Whether commits are refused (follower role). */
    boolean isFollower() {
        return refusal != null;
    }

    /**
     * Runs {@code work} between rounds with the committer's tip (the sequence number of the last committed block and
     * its hash), the local journal as a log (the follower path never goes through a replicated log) and the applier.
     */
    <T> T atTip(TipWork<T> work) {
        synchronized (roundLock) {
            LedgerException failed = failure;
            if (failed != null) {
                throw failed;
            }
            return work.run(nextSequenceNo - 1, previousBlockHash, localLog, applier);
        }
    }

    /** Records that blocks up to {@code sequenceNo}, ending with {@code blockHash}, were applied from elsewhere. */
    void advancedTo(long sequenceNo, Hash blockHash) {
        synchronized (roundLock) {
            nextSequenceNo = sequenceNo + 1;
            previousBlockHash = blockHash;
            conflictFloor = sequenceNo;
        }
    }

    /**
     * Stops the ledger after the follower path failed to write a verified block (journal or store failure), as a
     * failed round of its own would; between rounds (under roundLock).
     */
    void failedWhileApplying(LedgerException cause) {
        synchronized (roundLock) {
            failure = cause;
            core.failed(cause);
        }
    }

    /** Why the ledger stopped, or null. */
    LedgerException failure() {
        return failure;
    }

    interface TipWork<T> {
        T run(long tipSequenceNo, Hash tipBlockHash, BlockLog localLog, BlockApplier applier);
    }

    private void fail(LedgerException cause, List<CommitRequest> round) {
        failure = cause;
        core.failed(cause);
        for (CommitRequest request : round) {
            request.result().completeExceptionally(cause);
        }
        deferred.forEach(r -> r.result().completeExceptionally(cause));
        CommitRequest request;
        while ((request = queue.poll()) != null) {
            request.result().completeExceptionally(cause);
        }
    }
}
