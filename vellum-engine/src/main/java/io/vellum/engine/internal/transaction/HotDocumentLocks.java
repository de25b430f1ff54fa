package io.vellum.engine.internal.transaction;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Adaptive locks on the few documents that recently made transactions fail OCC validation ("hot" documents): a
 * transaction that reads a hot document first takes its exclusive lock and holds it until it ends, so that
 * transactions updating the same hot document run one after the other instead of failing and retrying each other.
 *
 * <p>Locks never replace validation: the committer validates every transaction exactly as without them, so they
 * cannot change what commits or a single hash, only how often a transaction has to be retried.
 *
 * <p>Rules (see docs/DECISIONS.md, "Hot documents"):
 * <ul>
 *   <li><b>Hot</b>: a document is hot for {@link #HOT_FOR_NANOS} after a conflict on it or a wait for its lock; at
 *       most {@link #MAX_HOT_DOCUMENTS} documents are remembered, the least recently heated forgotten first.</li>
 *   <li><b>Order</b>: waiters are granted the lock oldest {@link Owner#priorityNanos() priority} first (a retried
 *       transaction keeps its first attempt's priority, so a transaction that lost often goes first), ties by
 *       {@link Owner#serial()}, the order the attempts began.</li>
 *   <li><b>Deadlock</b> (wait-die): a transaction that holds no hot lock may always wait: nobody waits for it, so it
 *       cannot close a cycle. One that already holds a hot lock waits for another only while it is older than that
 *       lock's holder: it dies at once with the ordinary retryable {@link ErrorCode#OCC_CONFLICT} when it asks and
 *       the holder is older, and while waiting when the lock is handed to an older waiter. So every lock holder that
 *       waits is older than the holder it waits for, and a cycle of holders would have to be older than itself.
 *       Every wait is also bounded by the waiter's own deadline and the table's {@code maxWait}, after which it
 *       dies the same way.</li>
 *   <li><b>Release</b>: {@link #releaseAll} when the transaction ends in any way (commit, abort, expiry, a failed
 *       commit). A holder past its own deadline can never commit (the committer refuses expired transactions), so
 *       a waiter takes its lock over without waiting for the holder's owner to notice.</li>
 *   <li><b>Early hand-off</b> (docs/DECISIONS.md, "Hot documents, session 11"): a holder whose commit is sealed
 *       (validated, its block's place in the journal fixed) but not yet durable hands its locks on with
 *       {@link #handOnSealed}, leaving its writes of them as {@link SealedWrite}s for the next holders to read
 *       ({@link #sealedWrite}); validation and the committer make sure nothing that read them is acknowledged
 *       before, or without, that commit.</li>
 *   <li><b>Wake-ups</b>: each waiter sleeps on a condition of its own. A change of a lock wakes only the waiter
 *       first in its queue, and, when the lock is granted, the waiters that hold other locks (they re-check
 *       wait-die against the new holder): a hot document with dozens of waiters hands its lock on with one wake-up,
 *       not one per waiter, each of which would contend for this table's lock before the next holder could run.</li>
 * </ul>
 *
 * <p>Thread-safe: one table per ledger is shared by all its transactions. {@link #isHot} is lock-free (it runs for
 * every committed document a transaction reads); everything else runs under one lock, which only transactions that
 * touch hot documents reach.
 */
public final class HotDocumentLocks {
    /** How long a document stays hot after its last conflict or lock wait. */
    public static final long HOT_FOR_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** At most this many hot documents are remembered. */
    public static final int MAX_HOT_DOCUMENTS = 1024;

    /**
     * Who holds or waits for locks: one transaction, for all its attempts the same {@code priorityNanos}.
     *
     * @param priorityNanos  {@link System#nanoTime()} when the first attempt of the work started; smaller is older
     * @param serial         unique per owner, to order owners of equal priority and tell attempts apart
     * @param deadlineNanos  {@link System#nanoTime()} after which this attempt is expired and can no longer commit
     * @param boundToThread  whether the transaction runs on the thread that takes its locks until it ends (an
     *                       embedded caller's), so that a request from that thread for one of its locks cannot be
     *                       from anyone it would wait for ({@link Acquired#NOT_TAKEN}); false for a transaction whose
     *                       requests come from whichever thread serves them (a server session's): its locks are
     *                       then waited for from every thread
     */
    public record Owner(long priorityNanos, long serial, long deadlineNanos, boolean boundToThread) {
        /** An owner bound to the thread that takes its locks. */
        public Owner(long priorityNanos, long serial, long deadlineNanos) {
            this(priorityNanos, serial, deadlineNanos, true);
        }

        boolean olderThan(Owner other) {
            long difference = priorityNanos - other.priorityNanos;
            return difference < 0 || (difference == 0 && serial < other.serial);
        }

        boolean expiredAt(long nowNanos) {
            return nowNanos - deadlineNanos > 0;
        }
    }

    /** What {@link #acquire} did. */
    public enum Acquired {
        /** The lock was free (or already the owner's). */
        AT_ONCE,
        /** The owner waited for it. */
        AFTER_WAITING,
        /**
         * Not taken: the holder took it on this very thread, which would then wait for itself (a transaction run
         * while another one is open on the same thread, e.g. inside {@code Ledger.execute}'s function). The
         * transaction goes on without the lock, as without locks (validation decides).
         */
        NOT_TAKEN
    }

    private static final class DocumentLock {
        Owner holder;
        /** The thread that took the lock for {@link #holder}, or null when the holder is not bound to a thread. */
        Thread holderThread;
        final List<Waiter> waiters = new ArrayList<>();
    }

    /** A waiting owner and the condition that wakes its thread alone. */
    private record Waiter(Owner owner, long arrival, Condition turn) {
    }

    /**
     * A hot document as a commit that was sealed but not yet published wrote it, handed on with its lock.
     *
     * @param tableId    the document's table
     * @param sequenceNo the block that writes it
     * @param document   the document as that block leaves it (a committed view), or null when the block deletes it
     * @param commit     the commit's result: a transaction that reads {@code document} depends on it
     */
    public record SealedWrite(String tableId, long sequenceNo, io.vellum.engine.query.StoredDocument document,
                              java.util.concurrent.CompletableFuture<io.vellum.proof.block.BlockAddress> commit) {
    }

    private final long maxWaitNanos;
    /**
     * The newest sealed write handed on with each hot document's lock, until its commit ended (its holder's thread
     * removes it then: the published state holds it, or it failed). Written before the lock is released and read
     * by the next holder after it took the lock.
     */
    private final Map<String, SealedWrite> sealedWrites = new ConcurrentHashMap<>();
    private final AtomicLong handedOnSealed = new AtomicLong();
    /** When each hot document was last heated ({@link System#nanoTime()}); read without locking by every read. */
    private final Map<String, Long> hot = new ConcurrentHashMap<>();
    private final AtomicLong lastHeat = new AtomicLong(
            System.nanoTime());
    /** Published for {@link #isHot}: true once anything was ever hot, so that a ledger never contended pays nothing. */
    private volatile boolean anyHot;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, DocumentLock> locks = new HashMap<>();
    private final Map<Owner, List<String>> held = new HashMap<>();
    private long arrivals;
    /** How many times a waiting thread was woken by a change of a lock (for tests and diagnostics). */
    private long wakeUps;

    /**
     * @param maxWaitNanos the longest one wait for a lock may last; 0 turns locking off ({@link #isHot} is then
     *                     always false)
     */
    public HotDocumentLocks(long maxWaitNanos) {
        if (maxWaitNanos < 0) {
            throw new IllegalArgumentException("maxWaitNanos must not be negative, got " + maxWaitNanos);
        }
        this.maxWaitNanos = maxWaitNanos;
    }

    /** Whether locking is on. */
    public boolean enabled() {
        return maxWaitNanos > 0;
    }

    /** Records that {@code documentId} caused a conflict or a lock wait just now: it is hot. */
    public void heat(String documentId) {
        if (!enabled()) {
            return;
        }
        // Strictly increasing stamps, so that "least recently heated" is never a tie.
        hot.put(documentId, lastHeat.accumulateAndGet(System.nanoTime(), (last, now) -> Math.max(last + 1, now)));
        anyHot = true;
        if (hot.size() > MAX_HOT_DOCUMENTS) {
            forgetLeastRecentlyHeated();
        }
    }

    /** Rare (only beyond {@link #MAX_HOT_DOCUMENTS}): one pass to find the oldest entry. */
    private synchronized void forgetLeastRecentlyHeated() {
        while (hot.size() > MAX_HOT_DOCUMENTS) {
            String oldest = null;
            long oldestHeated = 0;
            for (Map.Entry<String, Long> entry : hot.entrySet()) {
                if (oldest == null || entry.getValue() - oldestHeated < 0) {
                    oldest = entry.getKey();
                    oldestHeated = entry.getValue();
                }
            }
            hot.remove(oldest);
        }
    }

    /** Whether a transaction must lock {@code documentId} before reading it. */
    public boolean isHot(String documentId) {
        if (!anyHot) {
            return false;
        }
        Long heated = hot.get(documentId);
        return heated != null && System.nanoTime() - heated < HOT_FOR_NANOS;
    }

    /**
     * Takes the lock of {@code documentId} for {@code owner}, waiting as the class's rules say; returns at once if
     * {@code owner} holds it already.
     *
     * @return whether it was taken at once, after waiting, or not at all (a holder on this very thread)
     * @throws LedgerException OCC_CONFLICT when wait-die makes {@code owner} die or the wait reaches its bound;
     *                         UNAVAILABLE when the waiting thread is interrupted
     */
    public Acquired acquire(String documentId, Owner owner) {
        lock.lock();
        try {
            DocumentLock document = locks.computeIfAbsent(documentId, id -> new DocumentLock());
            if (owner.equals(document.holder)) {
                return Acquired.AT_ONCE;
            }
            takeOverExpired(document, System.nanoTime());
            if (document.holder == null && document.waiters.isEmpty()) {
                grant(documentId, document, owner);
                return Acquired.AT_ONCE;
            }
            if (document.holder != null && document.holderThread == Thread.currentThread()) {
                return Acquired.NOT_TAKEN;
            }
            if (document.holder != null && held.containsKey(owner) && !owner.olderThan(document.holder)) {
                throw diedYounger(documentId);
            }
            heat(documentId);
            await(documentId, document, owner);
            return Acquired.AFTER_WAITING;
        } finally {
            lock.unlock();
        }
    }

    private void await(String documentId, DocumentLock document, Owner owner) {
        Waiter waiter = new Waiter(owner, arrivals++, lock.newCondition());
        insertByPriority(document.waiters, waiter);
        long start = System.nanoTime();
        long limit = Math.min(maxWaitNanos, owner.deadlineNanos - start);
        try {
            while (true) {
                long now = System.nanoTime();
                takeOverExpired(document, now);
                if (document.holder == null && document.waiters.get(0) == waiter) {
                    document.waiters.remove(0);
                    grant(documentId, document, owner);
                    wakeLockHolders(document); // they re-check wait-die against the new holder
                    return;
                }
                if (document.holder != null && held.containsKey(owner) && !owner.olderThan(document.holder)) {
                    // The lock went to an older waiter: waiting for it while holding a lock could close a cycle.
                    document.waiters.remove(waiter);
                    wakeFirst(document);
                    throw diedYounger(documentId);
                }
                long remaining = limit - (now - start);
                if (remaining <= 0) {
                    document.waiters.remove(waiter);
                    forgetIfUnused(documentId, document);
                    wakeFirst(document); // the next waiter may be first now
                    throw died(documentId, "it waited " + TimeUnit.NANOSECONDS.toMillis(now - start)
                            + " ms for the document's lock, the most it may");
                }
                long untilHolderExpires = document.holder == null ? remaining
                        : document.holder.deadlineNanos - now + 1;
                waiter.turn().awaitNanos(Math.max(1, Math.min(remaining, untilHolderExpires)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            document.waiters.remove(waiter);
            forgetIfUnused(documentId, document);
            wakeFirst(document);
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the lock of hot document "
                    + documentId, e);
        }
    }

    /** Releases every lock {@code owner} holds; called once when its transaction ends, whichever way. */
    public void releaseAll(Owner owner) {
        lock.lock();
        try {
            List<String> documents = held.remove(owner);
            if (documents == null) {
                return;
            }
            for (String documentId : documents) {
                DocumentLock document = locks.get(documentId);
                if (document != null && owner.equals(document.holder)) {
                    document.holder = null;
                    document.holderThread = null;
                    forgetIfUnused(documentId, document);
                    wakeFirst(document);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands {@code owner}'s locks on before its commit is durable: leaves {@code writes} (its sealed commit's writes
     * of hot documents whose locks it holds, by document id) for the next holders, then releases every lock it holds.
     * A newer sealed write of a document (a later block) is never replaced by an older one.
     */
    public void handOnSealed(Owner owner, Map<String, SealedWrite> writes) {
        handedOnSealed.incrementAndGet();
        for (Map.Entry<String, SealedWrite> write : writes.entrySet()) {
            sealedWrites.merge(write.getKey(), write.getValue(),
                    (old, offered) -> offered.sequenceNo() > old.sequenceNo() ? offered : old);
        }
        releaseAll(owner);
    }

    /**
     * The sealed write of {@code documentId} handed on with its lock, or null: none, or its commit failed (then the
     * published state is the document's newest). Its commit may have been published meanwhile; the caller compares
     * {@link SealedWrite#sequenceNo()} with its snapshot. Call after taking the lock and before taking the snapshot
     * to compare with: the holder removes it only after its commit was published.
     */
    public SealedWrite sealedWrite(String documentId) {
        if (sealedWrites.isEmpty()) {
            return null;
        }
        SealedWrite write = sealedWrites.get(documentId);
        return write == null || write.commit().isCompletedExceptionally() ? null : write;
    }

    /** Forgets the sealed writes {@link #handOnSealed} left, once their commit ended (published or failed). */
    public void forgetSealed(Map<String, SealedWrite> writes) {
        for (Map.Entry<String, SealedWrite> write : writes.entrySet()) {
            sealedWrites.remove(write.getKey(), write.getValue());
        }
    }

    /** How many times a holder handed its locks on once its commit was sealed (for tests and diagnostics). */
    public long handedOnSealed() {
        return handedOnSealed.get();
    }

    /** How many sealed writes are left for next holders now (for tests: 0 once every commit ended). */
    public int sealedWrites() {
        return sealedWrites.size();
    }

    /** The documents whose locks {@code owner} holds now (for tests and diagnostics). */
    public List<String> heldBy(Owner owner) {
        lock.lock();
        try {
            return List.copyOf(held.getOrDefault(owner, List.of()));
        } finally {
            lock.unlock();
        }
    }

    /** How many transactions wait for the lock of {@code documentId} now (for tests and diagnostics). */
    public int waiting(String documentId) {
        lock.lock();
        try {
            DocumentLock document = locks.get(documentId);
            return document == null ? 0 : document.waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many times a waiting thread was woken by a change of a lock since this table was made (for tests and
     * diagnostics; a wait that ends at its bound or a holder's deadline wakes by itself and is not counted).
     */
    public long wakeUps() {
        lock.lock();
        try {
            return wakeUps;
        } finally {
            lock.unlock();
        }
    }

    /** How many documents have a holder or waiters now (for tests: 0 once every transaction ended). */
    public int lockedDocuments() {
        lock.lock();
        try {
            return locks.size();
        } finally {
            lock.unlock();
        }
    }

    private void grant(String documentId, DocumentLock document, Owner owner) {
        document.holder = owner;
        // A pooled server thread goes on to serve other sessions: binding the lock to it would let their requests
        // go past the lock (the same-thread rule) and fail validation instead of queueing.
        document.holderThread = owner.boundToThread() ? Thread.currentThread() : null;
        held.computeIfAbsent(owner, o -> new ArrayList<>(2)).add(documentId);
    }

    /** A holder past its deadline can never commit: its lock goes to the waiters (its other locks stay listed). */
    private void takeOverExpired(DocumentLock document, long now) {
        if (document.holder != null && document.holder.expiredAt(now)) {
            document.holder = null;
            document.holderThread = null;
            wakeFirst(document);
        }
    }

    /** Wakes the waiter first in {@code document}'s queue, the one that takes the lock when it is free. */
    private void wakeFirst(DocumentLock document) {
        if (!document.waiters.isEmpty()) {
            wake(document.waiters.get(0));
        }
    }

    /**
     * Wakes {@code document}'s waiters that hold other locks: its lock just went to an older waiter, so they must
     * stop waiting for it (wait-die).
     */
    private void wakeLockHolders(DocumentLock document) {
        for (Waiter waiter : document.waiters) {
            if (held.containsKey(waiter.owner())) {
                wake(waiter);
            }
        }
    }

    private void wake(Waiter waiter) {
        waiter.turn().signal();
        wakeUps++;
    }

    private static void insertByPriority(List<Waiter> waiters, Waiter waiter) {
        int position = waiters.size();
        while (position > 0 && waiter.owner().olderThan(waiters.get(position - 1).owner())) {
            position--;
        }
        waiters.add(position, waiter);
    }

    private void forgetIfUnused(String documentId, DocumentLock document) {
        if (document.holder == null && document.waiters.isEmpty()) {
            locks.remove(documentId);
        }
    }

    private static LedgerException diedYounger(String documentId) {
        return died(documentId, "it holds another hot document's lock and is younger than this one's holder "
                + "(wait-die)");
    }

    private static LedgerException died(String documentId, String why) {
        return new LedgerException(ErrorCode.OCC_CONFLICT, "Optimistic concurrency control (OCC) failure: the "
                + "transaction gave up waiting for the lock of document " + documentId + ", which recent "
                + "conflicts made hot: " + why);
    }
}
