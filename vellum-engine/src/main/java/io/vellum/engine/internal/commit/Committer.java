package io.vellum.engine.internal.commit;

import io.vellum.engine.internal.apply.BlockApplier;
import io.vellum.engine.internal.apply.IndexChange;
import io.vellum.engine.internal.apply.IndexKey;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.engine.internal.redaction.RevisionRedaction;
import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.store.BlockLocation;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.BlockRevision;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The single thread that commits: group commit with serializable OCC validation.
 *
 * <p>Each round takes every waiting transaction (up to {@link #MAX_BATCH}), validates each read set against the
 * write summaries of blocks committed after its snapshot (including those accepted earlier in the same round),
 * builds one block per survivor, appends all blocks to the journal with a single force, applies them to the state
 * store in one atomic batch, publishes the new state, and only then completes the waiting commits. A transaction
 * that changes the catalog is committed in a round of its own.
 */
public final class Committer implements Runnable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Committer.class);
    static final int MAX_BATCH = 512;

    private final CommitContext core;
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
    /** Set once {@link #run} ended: nothing takes requests from the queue any more. */
    private volatile boolean exited;
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
    /**
     * Rounds sealed and handed to a {@link BlockLog.Pipelined} log, not yet acknowledged, oldest first. Changed by
     * the committer thread under roundLock only (role changes wait, under roundLock, until it is empty).
     */
    private final ArrayDeque<InFlightRound> inFlight = new ArrayDeque<>();
    /** Where the next sealed round continues while rounds are in flight (tentative tip); under roundLock. */
    private long sealNextSequenceNo;
    private Hash sealPreviousBlockHash;
    private volatile Thread committerThread;
    /** Whether the committer is parked waiting for a new request or for the oldest round in flight to settle. */
    private volatile boolean parked;
    /**
     * For a linger (committer thread): when the previous round was taken (0: none yet), how many transactions it
     * took, and their arrival rate over the time since the round before it.
     */
    private long lastSealNanos;
    private int lastRoundRequests;
    private double arrivalRate;
    /** The log whose rounds the three fields above describe. */
    private BlockLog rateLog;
    /** The local journal's linger (single-node mode); committer thread. */
    private final JournalLinger journalLinger;
    /**
     * While the committer lingers: how many queued transactions end the wait (a submit that brings the queue to it
     * wakes the committer); 0 otherwise. Waking it per arrival instead would cost a wake-up per commit.
     */
    private volatile int lingerWake;
    /** Rounds the committer lingered before sealing (for this package's tests). */
    private volatile long lingeredRounds;

    /**
     * @param commitLinger the longest the committer waits for more transactions before it commits a round to the
     *                     local journal (an adaptive wait, see {@link JournalLinger}); zero: never
     */
    public Committer(CommitContext core, Journal journal, BlockApplier applier, Clock clock, String strandId,
              long nextSequenceNo, Hash previousBlockHash, java.time.Duration commitLinger) {
        this.core = core;
        this.journalLinger = new JournalLinger(commitLinger.toNanos());
        this.localLog = BlockLog.localJournal(journal);
        this.blockLog = localLog;
        this.applier = applier;
        this.clock = clock;
        this.strandId = strandId;
        this.nextSequenceNo = nextSequenceNo;
        this.previousBlockHash = previousBlockHash;
    }

    /** Queues a transaction; its future completes once the block is durable and visible, or fails. */
    public void submit(CommitRequest request) {
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
        // The committer may have ended (stopped, or failed) between the checks above and the add, after it last
        // looked at the queue: it sets `exited` before its last drain, so either that drain takes this request or
        // this read sees `exited`. Without it such a commit waited for its result forever.
        if (exited && queue.remove(request)) {
            request.result().completeExceptionally(endedRefusal());
            return;
        }
        int wake = lingerWake;
        if (parked || wake > 0 && (queue.size() >= wake || request.changesCatalog())) {
            LockSupport.unpark(committerThread);
        }
    }

    /** Why a request the ended committer will not take is refused: its failure, or the ledger's closing. */
    private LedgerException endedRefusal() {
        LedgerException failed = failure;
        return failed != null ? failed : new LedgerException(ErrorCode.UNAVAILABLE, "the ledger is closing");
    }

    /** Stops after committing everything already queued. */
    public void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        committerThread = Thread.currentThread();
        try {
            commitUntilStoppedOrFailed();
        } finally {
            exited = true; // before the drain: see submit
            CommitRequest left;
            while ((left = queue.poll()) != null) {
                left.result().completeExceptionally(endedRefusal());
            }
        }
    }

    private void commitUntilStoppedOrFailed() {
        List<CommitRequest> round = new ArrayList<>();
        while (true) {
            try {
                round.clear();
                if (!inFlight.isEmpty()) {
                    boolean waiting = !deferred.isEmpty() || !queue.isEmpty();
                    if (inFlight.peek().replication().isSettled() || inFlight.size() >= pipelineDepth()) {
                        completeOldestRound();
                        continue;
                    }
                    if (!waiting) {
                        parkUntilSomethingToDo();
                        continue;
                    }
                }
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

    /** Parks until a request arrives or the oldest round in flight settles (both unpark this thread). */
    private void parkUntilSomethingToDo() {
        parked = true;
        try {
            if (deferred.isEmpty() && queue.isEmpty() && !inFlight.peek().replication().isSettled()) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
            }
        } finally {
            parked = false;
        }
    }

    /** Rounds that may be in flight at once: more than one only for a pipelined log. Committer thread. */
    private int pipelineDepth() {
        return blockLog instanceof BlockLog.Pipelined pipelined ? Math.max(1, pipelined.depth()) : 1;
    }

    private boolean takeRound(List<CommitRequest> round) {
        // Those waiting as the previous round was acknowledged (for a linger's population).
        int waitingAtStart = deferred.size() + queue.size();
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
        BlockLog.CommitLinger linger = lingerPolicy(); // after the wait for a first request: the role may change
        if (!linger.isOff()) {
            linger(linger, waitingAtStart);
        }
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
        if (!linger.isOff()) {
            if (rateLog != blockLog) { // a new writer term or role: the old log's rate says nothing of this one
                rateLog = blockLog;
                lastSealNanos = 0;
            }
            long now = System.nanoTime();
            arrivalRate = lastSealNanos == 0 ? 0 : BlockLog.CommitLinger.requestsPerSecond(round.size(),
                    now - lastSealNanos);
            lastSealNanos = now;
            lastRoundRequests = round.size();
        }
        return true;
    }

    /**
     * The linger of the round about to be sealed: the pipelined log's, while no round is in flight (rounds in flight
     * gather the next round anyway); the local journal's own in single-node mode ({@link JournalLinger}); off for
     * any other log.
     */
    private BlockLog.CommitLinger lingerPolicy() {
        BlockLog log = blockLog;
        if (log instanceof BlockLog.Pipelined pipelined) {
            return inFlight.isEmpty() ? pipelined.linger() : BlockLog.CommitLinger.OFF;
        }
        return log == localLog ? journalLinger.policy() : BlockLog.CommitLinger.OFF;
    }

    /**
     * Waits for more transactions before the round is sealed when {@code linger} says it pays (see
     * {@link BlockLog.CommitLinger}): until its deadline, until the round holds the transactions expected, until a
     * catalog change arrives (sealed alone anyway), or until {@link #MAX_BATCH}, whichever is first.
     */
    private void linger(BlockLog.CommitLinger linger, int waitingAtStart) {
        if (sealsAtOnce(deferred, blockLog == localLog)) {
            return;
        }
        long start = System.nanoTime();
        int population = lastRoundRequests + waitingAtStart;
        BlockLog.CommitLinger.Wait wait = linger.decide(start, deferred.size(), population, arrivalRate);
        if (!wait.waits(start, deferred.size())) {
            return;
        }
        int until = Math.min(wait.until(), MAX_BATCH);
        lingeredRounds++; // committer thread only
        // Sleeps through the wait and is woken once (by the submit that completes it), not per arrival.
        lingerWake = until - deferred.size();
        try {
            long now = start;
            while (queue.size() < lingerWake && !stopping && wait.deadlineNanos() - now > 0
                    && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(this, wait.deadlineNanos() - now);
                if (queue.stream().anyMatch(CommitRequest::changesCatalog)) {
                    break; // sealed alone anyway: waiting longer only delays it
                }
                now = System.nanoTime();
            }
        } finally {
            lingerWake = 0;
        }
        queue.drainTo(deferred, MAX_BATCH - deferred.size());
        if (blockLog instanceof BlockLog.Pipelined pipelined) {
            pipelined.lingered(System.nanoTime() - start, deferred.size());
        }
    }

    /**
     * Whether a round holding {@code held} is sealed without lingering: a catalog change is sealed alone anyway, and
     * on the local journal's path a transaction holding hot documents' locks hands them on when its commit is sealed
     * (early lock release), so every transaction queued on those locks could only arrive after the round, and a
     * linger would hold all of them back by its bound.
     *
     * @param locksHandedOnAtSeal whether the round's path notices sealed commits early (the local journal's)
     */
    static boolean sealsAtOnce(java.util.Collection<CommitRequest> held, boolean locksHandedOnAtSeal) {
        for (CommitRequest request : held) {
            if (request.changesCatalog() || locksHandedOnAtSeal && request.holdsHotLocks()) {
                return true;
            }
        }
        return false;
    }

    private void commitRound(List<CommitRequest> round) {
        synchronized (roundLock) {
            LedgerException refused = failure != null ? failure : refusal;
            if (refused != null) {
                round.forEach(request -> request.result().completeExceptionally(refused));
                return;
            }
            if (blockLog instanceof BlockLog.Pipelined pipelined) {
                sealRoundLocked(round, pipelined);
            } else {
                commitRoundLocked(round);
            }
        }
    }

    private void commitRoundLocked(List<CommitRequest> round) {
        SealedRound sealed = seal(round, nextSequenceNo, previousBlockHash, true);
        if (sealed.accepted().isEmpty()) {
            return;
        }
        List<JournalPosition> positions;
        long appendStart = System.nanoTime();
        try {
            positions = blockLog.append(sealed.blocks(), sealed.payloads());
            if (blockLog == localLog) {
                journalLinger.appended(System.nanoTime() - appendStart);
            }
        } catch (LedgerException e) {
            if (refusal == null) {
                throw e; // the local journal failed: that stops the ledger
            }
            // The log stepped this ledger down: nothing of the round is acknowledged, the ledger goes on as follower.
            sealed.accepted().forEach(request -> request.result().completeExceptionally(e));
            conflictIndex.forgetAfter(nextSequenceNo - 1);
            return;
        }
        long firstSequenceNo = nextSequenceNo;
        nextSequenceNo = firstSequenceNo + sealed.accepted().size();
        previousBlockHash = sealed.lastBlockHash();
        publishRound(sealed.accepted(), sealed.blocks(), positions, firstSequenceNo);
        if (sealed.accepted().stream().anyMatch(request -> request.redactionInfo() != null)) {
            rewriteRedactedRecords();
        }
        for (int i = 0; i < sealed.accepted().size(); i++) {
            sealed.accepted().get(i).result().complete(sealed.blocks().get(i).blockAddress());
        }
        conflictIndex.prune(core.oldestActiveSnapshot());
    }

    /**
     * Removes the data redactions of this round removed from the store from the journal records that still hold
     * it, before the commits are acknowledged. The redactions are committed whatever happens here: a failure leaves
     * the pending markers, and the next open finishes the rewrite.
     */
    private void rewriteRedactedRecords() {
        try {
            core.rewriteRedactedJournalRecords();
        } catch (LedgerException e) {
            LOG.error("Rewriting journal records after a redaction failed; the next open finishes it: {}",
                    e.getMessage());
        }
    }

    /** The transactions of a round that passed validation, their sealed blocks and payloads, in commit order. */
    private record SealedRound(List<CommitRequest> accepted, List<JournalBlock> blocks, List<byte[]> payloads,
                               Hash lastBlockHash) {
    }

    /**
     * Validates each request of {@code round} (deadline, replicated blocks, OCC) and seals a block for each survivor,
     * numbered from {@code firstSequenceNo} and chained from {@code previous}. Later transactions of the round
     * validate against earlier ones, which commit before them. Refused requests are failed here.
     */
    private SealedRound seal(List<CommitRequest> round, long firstSequenceNo, Hash previous) {
        return seal(round, firstSequenceNo, previous, false);
    }

    /**
     * As {@link #seal(List, long, Hash)}; with {@code noticeSealed}, tells each accepted transaction that holds hot
     * documents' locks ({@link CommitRequest#sealed()}) its block's sequence number at once, so that its thread hands
     * the locks on while the round is being made durable (early lock release: docs/DECISIONS.md, "Hot documents,
     * session 11"). Only the non-pipelined path does: there a round is published and acknowledged, or the ledger
     * stopped or stepped down, before the next round is validated, so every commit that read a sealed one is
     * validated after it ended (see {@link #admissible}).
     */
    private SealedRound seal(List<CommitRequest> round, long firstSequenceNo, Hash previous, boolean noticeSealed) {
        long now = System.nanoTime();
        List<CommitRequest> accepted = new ArrayList<>(round.size());
        List<JournalBlock> blocks = new ArrayList<>(round.size());
        List<byte[]> payloads = new ArrayList<>(round.size());
        for (CommitRequest request : round) {
            if (!admissible(request, now)) {
                continue;
            }
            long sequenceNo = firstSequenceNo + accepted.size();
            JournalBlock block = buildBlock(request, new BlockAddress(strandId, sequenceNo), previous);
            previous = block.blockHash();
            accepted.add(request);
            blocks.add(block);
            payloads.add(block.toIonBinary());
            conflictIndex.record(request.summary().at(sequenceNo));
            if (noticeSealed && request.sealed() != null) {
                request.sealed().complete(sequenceNo); // one wake-up of the holder's thread; no lock taken here
            }
        }
        return new SealedRound(accepted, blocks, payloads, previous);
    }

    /** A round sealed on the tentative tip and handed to a pipelined log. */
    private record InFlightRound(List<CommitRequest> accepted, List<JournalBlock> blocks, List<byte[]> payloads,
                                 long firstSequenceNo, Hash lastBlockHash, BlockLog.Round replication) {
    }

    /**
     * The sealing stage of the pipelined path: validates and seals a round on top of the rounds still in flight
     * (their writes are in the conflict index, so later transactions validate against them as if committed; if one
     * of them fails, every later round fails too, so nothing validated against it is acknowledged) and hands it to
     * the log without waiting.
     */
    private void sealRoundLocked(List<CommitRequest> round, BlockLog.Pipelined log) {
        if (inFlight.isEmpty()) {
            sealNextSequenceNo = nextSequenceNo;
            sealPreviousBlockHash = previousBlockHash;
        }
        long firstSequenceNo = sealNextSequenceNo;
        SealedRound sealed = seal(round, firstSequenceNo, sealPreviousBlockHash);
        List<CommitRequest> accepted = sealed.accepted();
        List<JournalBlock> blocks = sealed.blocks();
        List<byte[]> payloads = sealed.payloads();
        Hash previous = sealed.lastBlockHash();
        if (accepted.isEmpty()) {
            return;
        }
        BlockLog.Round replication;
        try {
            replication = log.submit(blocks, payloads);
        } catch (LedgerException e) {
            if (refusal == null) {
                throw e;
            }
            accepted.forEach(request -> request.result().completeExceptionally(e));
            if (inFlight.isEmpty()) {
                conflictIndex.forgetAfter(nextSequenceNo - 1); // else when the rounds in flight fail
            }
            return;
        }
        inFlight.add(new InFlightRound(accepted, blocks, payloads, firstSequenceNo, previous, replication));
        Thread self = Thread.currentThread();
        replication.whenSettled(() -> LockSupport.unpark(self));
        sealNextSequenceNo = firstSequenceNo + accepted.size();
        sealPreviousBlockHash = previous;
    }

    /**
     * The replication and apply stages of the pipelined path for the oldest round in flight, and every round after
     * it that the cluster acknowledged already (typically those one Kafka transaction carried): waits (without the
     * round lock, so that the log can step the ledger down meanwhile) until the cluster acknowledged the oldest,
     * then forces them to the local journal with one force, applies and publishes them and acknowledges their
     * commits. Rounds complete strictly in the order they were sealed. A round the cluster did not acknowledge fails
     * its commits and those of every later round in flight (the log stepped the ledger down); a local journal
     * failure stops the ledger.
     */
    private void completeOldestRound() {
        InFlightRound head = inFlight.peek();
        try {
            head.replication().awaitReplicated();
        } catch (LedgerException e) {
            if (refusal == null) {
                throw e;
            }
            // Every later round was sealed on top of this one: none of them is appended or acknowledged, whatever
            // the log says of it (the log's contract is that none of them reaches the cluster either).
            List<InFlightRound> failed;
            synchronized (roundLock) {
                failed = new ArrayList<>(inFlight);
                inFlight.clear();
                conflictIndex.forgetAfter(nextSequenceNo - 1); // a writer elected again must not conflict with them
                roundLock.notifyAll();
            }
            for (InFlightRound round : failed) {
                round.accepted().forEach(request -> request.result().completeExceptionally(e));
            }
            return;
        }
        List<InFlightRound> ready = new ArrayList<>();
        ready.add(head);
        List<CommitRequest> accepted = new ArrayList<>(head.accepted());
        List<JournalBlock> blocks = new ArrayList<>(head.blocks());
        List<byte[]> payloads = new ArrayList<>(head.payloads());
        java.util.Iterator<InFlightRound> later = inFlight.iterator();
        later.next();
        while (later.hasNext()) {
            InFlightRound next = later.next();
            if (!next.replication().isSettled()) {
                break;
            }
            try {
                next.replication().awaitReplicated(); // settled: returns or throws at once
            } catch (LedgerException e) {
                break; // failed: the next call of this method fails it and every round after it
            }
            ready.add(next);
            accepted.addAll(next.accepted());
            blocks.addAll(next.blocks());
            payloads.addAll(next.payloads());
        }
        InFlightRound last = ready.get(ready.size() - 1);
        synchronized (roundLock) {
            List<JournalPosition> positions = ((BlockLog.Pipelined) blockLog).appendLocally(blocks, payloads);
            for (int i = 0; i < ready.size(); i++) {
                inFlight.poll();
            }
            nextSequenceNo = head.firstSequenceNo() + blocks.size();
            previousBlockHash = last.lastBlockHash();
            publishRound(accepted, blocks, positions, head.firstSequenceNo());
            if (accepted.stream().anyMatch(request -> request.redactionInfo() != null)) {
                rewriteRedactedRecords();
            }
            roundLock.notifyAll();
        }
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).result().complete(blocks.get(i).blockAddress());
        }
        conflictIndex.prune(core.oldestActiveSnapshot());
    }

    /** Whether a request may go into the round being sealed; fails it (expired, conflict) when not. */
    private boolean admissible(CommitRequest request, long now) {
        if (now - request.deadlineNanos() > 0) {
            request.result().completeExceptionally(CommitRequest.expired(request.transactionId()));
            return false;
        }
        if (!request.readFrom().isEmpty() && !everyCommitReadFromSucceeded(request)) {
            return false;
        }
        if (request.snapshotSequenceNo() < conflictFloor) {
            core.conflictDetected();
            request.result().completeExceptionally(new LedgerException(ErrorCode.OCC_CONFLICT,
                    "Optimistic concurrency control (OCC) failure encountered while committing the transaction: "
                            + request.transactionId() + ": block " + conflictFloor + " was replicated from "
                            + "another writer after its snapshot at block " + request.snapshotSequenceNo()));
            return false;
        }
        if (conflictIndex.conflicts(request.snapshotSequenceNo(), request.reads())) {
            core.conflictDetected();
            request.result().completeExceptionally(new LedgerException(ErrorCode.OCC_CONFLICT,
                    "Optimistic concurrency control (OCC) failure encountered while committing the transaction: "
                            + request.transactionId() + ": " + conflictIndex.describeConflict(
                            request.snapshotSequenceNo(), request.reads())));
            return false;
        }
        return true;
    }

    /**
     * Whether every sealed commit whose writes {@code request} read has committed (published and acknowledged); fails
     * {@code request} with a retryable OCC_CONFLICT when one failed, or (never on the non-pipelined path, where a
     * round ends before the next is validated) has not ended yet: a transaction is never sealed on top of a write
     * that may still fail, so it can never be acknowledged when a commit it read from is not.
     */
    private boolean everyCommitReadFromSucceeded(CommitRequest request) {
        for (java.util.concurrent.CompletableFuture<BlockAddress> dependency : request.readFrom()) {
            if (!dependency.isDone() || dependency.isCompletedExceptionally()) {
                core.conflictDetected();
                request.result().completeExceptionally(new LedgerException(ErrorCode.OCC_CONFLICT,
                        "Optimistic concurrency control (OCC) failure encountered while committing the transaction: "
                                + request.transactionId() + ": it read a hot document's write of a commit that "
                                + (dependency.isDone() ? "failed" : "had not ended when it was validated")));
                return false;
            }
        }
        return true;
    }

    private void publishRound(List<CommitRequest> accepted, List<JournalBlock> blocks,
                              List<JournalPosition> positions, long firstSequenceNo) {
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
        }, firstSequenceNo + blocks.size() - 1);
    }

    /**
     * Brings the committed-state cache up to the round's blocks; runs under the publish lock, before they become
     * visible. Updated documents are cached as written (a document read and updated is likely read again);
     * inserted and deleted ones, and index keys whose documents change, are dropped.
     */
    private void cacheWrites(List<CommitRequest> accepted, long firstSequenceNo) {
        if (!core.cache().enabled()) {
            return;
        }
        for (CommitRequest request : accepted) {
            if (request.changesCatalog()) {
                core.cache().clear();
                return;
            }
        }
        for (int i = 0; i < accepted.size(); i++) {
            CommitRequest request = accepted.get(i);
            long sequenceNo = firstSequenceNo + i;
            for (RevisionRedaction.Request redaction : RevisionRedaction.fromRedactionInfo(request.redactionInfo(),
                    sequenceNo)) {
                core.cache().invalidate(redaction.documentId());
            }
            for (Revision revision : request.revisions()) {
                String documentId = revision.metadata().id();
                String tableId = request.transactionInfo().documents().get(documentId).tableId();
                if (revision.metadata().version() > 0 && revision.data() != null) {
                    core.cache().putWritten(tableId, written(revision, sequenceNo), sequenceNo);
                } else {
                    core.cache().invalidate(documentId);
                }
                for (IndexChange change : request.indexChanges().getOrDefault(documentId, List.of())) {
                    if (change.removedValueHash() != null) {
                        core.cache().invalidate(new IndexKey(tableId, change.indexId(), change.removedValueHash()));
                    }
                    if (change.addedValueHash() != null) {
                        core.cache().invalidate(new IndexKey(tableId, change.indexId(), change.addedValueHash()));
                    }
                }
            }
        }
    }

    /**
     * A committed revision as a statement sees it, for the cache: its data is the transaction's own read-only value,
     * and the full committed view is built from the revision (the same value its stored form decodes to, without
     * the decoding) only if a query asks for it.
     */
    private StoredDocument written(Revision revision, long sequenceNo) {
        String documentId = revision.metadata().id();
        return StoredDocument.withLazyView(documentId, revision.metadata().version(), revision.data(), () -> {
            com.amazon.ion.IonStruct view = StoredRevision.committedView(core.ion(), strandId, sequenceNo, revision);
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
        return JournalBlock.seal(address, request.transactionId(), MillisTimestamp.of(millis),
                previous, request.transactionInfo(), request.transactionInfoHash(), request.redactionInfo(), revisions);
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
            awaitNoRoundInFlight();
            blockLog = log;
            refusal = null;
        }
    }

    /** Refuses every later commit with {@code reason}, including those already queued; waits for a round in flight. */
    void becomeFollower(LedgerException reason) {
        synchronized (roundLock) {
            refusal = reason;
            if (Thread.currentThread() != committerThread) {
                awaitNoRoundInFlight(); // the committer itself (a log stepping down) drains them after returning
            }
        }
    }

    /**
     * Waits (under roundLock, which waiting releases) until no pipelined round is in flight: each completes or fails
     * on the committer thread. Returns at once when the ledger stopped.
     */
    private void awaitNoRoundInFlight() {
        while (!inFlight.isEmpty() && failure == null) {
            try {
                roundLock.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting for commit rounds in "
                        + "flight");
            }
        }
    }

    /** Rounds the committer lingered before sealing, so far (for tests). */
    long lingeredRounds() {
        return lingeredRounds;
    }

    /** Transactions submitted and not yet taken into a round (for tests that need them queued first). */
    int queued() {
        return queue.size();
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
        // Rounds in flight are never acknowledged once the ledger stopped (what reached the cluster's log of them is
        // in the topic unacknowledged, like a writer that crashed after the cluster committed).
        synchronized (roundLock) {
            for (InFlightRound inFlightRound : inFlight) {
                inFlightRound.accepted().forEach(request -> request.result().completeExceptionally(cause));
            }
            roundLock.notifyAll();
        }
        deferred.forEach(r -> r.result().completeExceptionally(cause));
        CommitRequest request;
        while ((request = queue.poll()) != null) {
            request.result().completeExceptionally(cause);
        }
    }
}
