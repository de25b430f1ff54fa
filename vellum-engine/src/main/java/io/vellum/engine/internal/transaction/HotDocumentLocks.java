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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *   <li><b>Idle lease</b> (docs/DECISIONS.md, "Hot locks held by a silent transaction, session 12"): a holder whose
 *       {@link Activity} is tracked (a server session's transaction, whose statements arrive as separate requests
 *       of a client that may stop talking at any moment) and that has run no statement and no commit for longer
 *       than the lease ({@link #IDLE_LEASE_WAITS} times {@code maxWait}) loses its locks to their waiters, as an
 *       expired holder does. It is not told: it may still commit, and validation judges it as any transaction that
 *       read a hot document without its lock. The lease is longer than one wait, so a single wait still ends at its
 *       bound whenever its holder was busy during it; a silent holder stalls the document for about one lease
 *       instead of the transaction timeout.</li>
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
    private static final Logger log = LoggerFactory.getLogger(HotDocumentLocks.class);
    /** How long a document stays hot after its last conflict or lock wait. */
    public static final long HOT_FOR_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** At most this many hot documents are remembered. */
    public static final int MAX_HOT_DOCUMENTS = 1024;
    /**
     * A holder with tracked {@link Activity} idle longer than this many times the table's {@code maxWait} loses its
     * locks to their waiters (3 s by default): longer than a live client's pause between two statements by far, and
     * more than one wait, so that a wait begun while its holder was busy, or within two waits of its last statement,
     * still ends at its own bound as it did before leases.
     */
    public static final int IDLE_LEASE_WAITS = 3;

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
     * @param activity       whether its transaction runs a statement or its commit now, and since when it has not:
     *                       tracked, its locks have an idle lease; {@link Activity#UNTRACKED} for none
     */
    public record Owner(long priorityNanos, long serial, long deadlineNanos, boolean boundToThread,
                        Activity activity) {
        /** An owner bound to the thread that takes its locks, its activity not tracked. */
        public Owner(long priorityNanos, long serial, long deadlineNanos) {
            this(priorityNanos, serial, deadlineNanos, true);
        }

        /** An owner whose activity is not tracked: its locks have no idle lease. */
        public Owner(long priorityNanos, long serial, long deadlineNanos, boolean boundToThread) {
            this(priorityNanos, serial, deadlineNanos, boundToThread, Activity.UNTRACKED);
        }

        boolean olderThan(Owner other) {
            long difference = priorityNanos - other.priorityNanos;
            return difference < 0 || (difference == 0 && serial < other.serial);
        }

        boolean expiredAt(long nowNanos) {
            return nowNanos - deadlineNanos > 0;
        }
    }

    /**
     * Whether a lock owner's transaction is running a statement or its commit, and since when it has not: what a
     * waiter reads to tell a holder that is working from one whose client went silent (the idle lease). Written by
     * the transaction's own thread of the moment, read by waiters without locking; a waiter that reads it just
     * before the holder starts a statement takes a lock from a holder that is busy again, which costs at most that
     * holder's commit (validation then judges it), never a wrong result.
     */
    public static final class Activity {
        /** Never idle: an owner whose locks have no lease (an embedded caller's, bound to its thread). */
        public static final Activity UNTRACKED = new Activity(false);

        private final boolean tracked;
        private volatile boolean busy;
        private volatile long idleSinceNanos = System.nanoTime();

        private Activity(boolean tracked) {
            this.tracked = tracked;
        }

        /** A tracked activity, idle from now. */
        public static Activity tracked() {
            return new Activity(true);
        }

        /** A statement or the commit of the owner's transaction begins. */
        public void busy() {
            if (tracked) {
                busy = true;
            }
        }

        /** The statement or commit ended: the owner waits for its client from now. */
        public void idle() {
            if (tracked) {
                idleSinceNanos = System.nanoTime();
                busy = false;
            }
        }

        /** How long the owner has been idle at {@code nowNanos}, or -1 when it is busy or not tracked. */
        long idleNanos(long nowNanos) {
            if (!tracked || busy) {
                return -1;
            }
            return Math.max(0, nowNanos - idleSinceNanos);
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
    /** How long a holder with tracked activity may be idle before its locks go to their waiters. */
    private final long leaseNanos;
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
    /** How many locks went to waiters because their holder was idle past the lease (for tests and diagnostics). */
    private long lapsedLeases;

    /**
     * @param maxWaitNanos the longest one wait for a lock may last; 0 turns locking off ({@link #isHot} is then
     *                     always false)
     */
    public HotDocumentLocks(long maxWaitNanos) {
        if (maxWaitNanos < 0) {
            throw new IllegalArgumentException("maxWaitNanos must not be negative, got " + maxWaitNanos);
        }
        this.maxWaitNanos = maxWaitNanos;
        this.leaseNanos = maxWaitNanos * IDLE_LEASE_WAITS;
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
            takeOverLapsed(documentId, document, System.nanoTime());
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
                takeOverLapsed(documentId, document, now);
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
                waiter.turn().awaitNanos(Math.max(1, Math.min(remaining, untilHolderLapses(document, now))));
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

    /** How many locks went to their waiters because their holder was idle past the lease (tests, diagnostics). */
    public long lapsedLeases() {
        lock.lock();
        try {
            return lapsedLeases;
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

    /**
     * A holder past its deadline can never commit, and one idle past its lease may never come back: either way its
     * lock goes to the waiters (its other locks stay listed, each taken over when someone waits for it).
     */
    private void takeOverLapsed(String documentId, DocumentLock document, long now) {
        Owner holder = document.holder;
        if (holder == null) {
            return;
        }
        boolean expired = holder.expiredAt(now);
        long idle = holder.activity().idleNanos(now);
        if (!expired && idle <= leaseNanos) {
            return;
        }
        if (!expired) {
            lapsedLeases++;
            // Under the table's lock, but rare (a client went silent holding a hot lock) and ending a longer stall.
            log.info("The lock of hot document {} goes to the transactions waiting for it: its holder has run no "
                    + "statement for {} ms, longer than the lease of {} ms", documentId,
                    TimeUnit.NANOSECONDS.toMillis(idle), TimeUnit.NANOSECONDS.toMillis(leaseNanos));
        }
        document.holder = null;
        document.holderThread = null;
        wakeFirst(document);
    }

    /** How long from {@code now} until {@code document}'s holder expires or its lease lapses, if it stays idle. */
    private long untilHolderLapses(DocumentLock document, long now) {
        Owner holder = document.holder;
        if (holder == null) {
            return Long.MAX_VALUE;
        }
        long untilExpiry = holder.deadlineNanos - now + 1;
        long idle = holder.activity().idleNanos(now);
        // A holder busy now is not waited out here: its lease could lapse only after this wait's own bound.
        return idle < 0 ? untilExpiry : Math.min(untilExpiry, leaseNanos - idle + 1);
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
