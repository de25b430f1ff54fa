package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lock table alone: hotness, priority order, wait-die, bounded waits, release, expired holders. */
class HotDocumentLocksTest {
    private static final long WAIT = TimeUnit.SECONDS.toNanos(30);
    private static final String DOC = "hot-document";
    private static final String OTHER = "other-hot-document";

    private static HotDocumentLocks.Owner owner(long priority, long serial) {
        return new HotDocumentLocks.Owner(priority, serial, System.nanoTime() + WAIT);
    }

    @Test
    void aDocumentIsHotOnlyAfterItWasHeatedAndOnlyWhileLockingIsOn() {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        assertThat(locks.isHot(DOC)).isFalse();
        locks.heat(DOC);
        assertThat(locks.isHot(DOC)).isTrue();
        assertThat(locks.isHot(OTHER)).isFalse();

        HotDocumentLocks off = new HotDocumentLocks(0);
        off.heat(DOC);
        assertThat(off.enabled()).isFalse();
        assertThat(off.isHot(DOC)).isFalse();
    }

    @Test
    void theHotSetIsBoundedAndForgetsTheLeastRecentlyHeatedFirst() {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        locks.heat("first");
        locks.heat("second");
        for (int i = 0; i < HotDocumentLocks.MAX_HOT_DOCUMENTS - 2; i++) {
            locks.heat("filler-" + i);
        }
        locks.heat("first"); // heated again: now the most recent
        locks.heat("one-too-many");
        assertThat(locks.isHot("first")).isTrue();
        assertThat(locks.isHot("second")).isFalse();
        assertThat(locks.isHot("one-too-many")).isTrue();
    }

    @Test
    void aFreeLockIsTakenAtOnceTakingItAgainIsANoOpAndReleaseFreesIt() {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner a = owner(1, 1);
        assertThat(locks.acquire(DOC, a)).isEqualTo(HotDocumentLocks.Acquired.AT_ONCE);
        assertThat(locks.acquire(DOC, a)).isEqualTo(HotDocumentLocks.Acquired.AT_ONCE);
        assertThat(locks.heldBy(a)).containsExactly(DOC);
        locks.releaseAll(a);
        assertThat(locks.heldBy(a)).isEmpty();
        assertThat(locks.lockedDocuments()).isZero();
        locks.releaseAll(a); // a second release (an end path after another) changes nothing
        assertThat(locks.lockedDocuments()).isZero();
    }

    @Test
    void waitersAreGrantedOldestPriorityFirstAndEqualPrioritiesInArrivalOrder() throws Exception {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner holder = owner(0, 0);
        locks.acquire(DOC, holder);
        List<String> granted = new CopyOnWriteArrayList<>();
        HotDocumentLocks.Owner young = owner(30, 1);
        HotDocumentLocks.Owner oldA = owner(10, 2);
        HotDocumentLocks.Owner oldB = owner(10, 3);
        CompletableFuture<Void> youngDone = waitFor(locks, young, "young", granted);
        awaitWaiters(locks, DOC, 1);
        CompletableFuture<Void> oldADone = waitFor(locks, oldA, "oldA", granted);
        awaitWaiters(locks, DOC, 2);
        CompletableFuture<Void> oldBDone = waitFor(locks, oldB, "oldB", granted);
        awaitWaiters(locks, DOC, 3);
        locks.releaseAll(holder);
        CompletableFuture.allOf(youngDone, oldADone, oldBDone).get(60, TimeUnit.SECONDS);
        // oldA and oldB have equal priority: their serials (arrival) order them.
        assertThat(granted).containsExactly("oldA", "oldB", "young");
        assertThat(locks.lockedDocuments()).isZero();
    }

    @Test
    void aHandOffWakesOnlyTheWaiterThatTakesTheLock() throws Exception {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner holder = owner(0, 0);
        locks.acquire(DOC, holder);
        int waiters = 8;
        List<String> granted = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> done = new java.util.ArrayList<>();
        for (int i = 1; i <= waiters; i++) {
            done.add(waitFor(locks, owner(i, i), "waiter-" + i, granted));
            awaitWaiters(locks, DOC, i);
        }
        long before = locks.wakeUps();
        locks.releaseAll(holder); // then each waiter, once granted, releases it to the next
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(granted).hasSize(waiters).isSortedAccordingTo(java.util.Comparator.comparingInt(
                name -> Integer.parseInt(name.substring("waiter-".length()))));
        // One thread woken per hand-off. Before, each release woke every waiter of the table: 8 + 7 + ... + 1 = 36
        // here, each contending for the table's lock before the next holder could take it.
        assertThat(locks.wakeUps() - before).isEqualTo(waiters);
    }

    /** Takes the lock in a new thread, records the grant, then releases it. */
    private static CompletableFuture<Void> waitFor(HotDocumentLocks locks, HotDocumentLocks.Owner owner, String name,
                                                   List<String> granted) {
        return CompletableFuture.runAsync(() -> {
            assertThat(locks.acquire(DOC, owner)).isEqualTo(HotDocumentLocks.Acquired.AFTER_WAITING);
            granted.add(name);
            locks.releaseAll(owner);
        }, runnable -> new Thread(runnable).start());
    }

    /** Takes a lock on another thread (so that this thread's own requests wait for it rather than pass). */
    private static void acquireElsewhere(HotDocumentLocks locks, String documentId, HotDocumentLocks.Owner owner) {
        CompletableFuture.runAsync(() -> locks.acquire(documentId, owner), runnable -> new Thread(runnable).start())
                .join();
    }

    private static void awaitWaiters(HotDocumentLocks locks, String documentId, int count) throws InterruptedException {
        while (locks.waiting(documentId) < count) {
            Thread.sleep(1);
        }
    }

    @Test
    void aHolderOfAnotherLockThatIsYoungerThanTheHolderDiesAtOnce() {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner older = owner(1, 1);
        HotDocumentLocks.Owner younger = owner(2, 2);
        acquireElsewhere(locks, DOC, older);
        locks.acquire(OTHER, younger);
        assertThatThrownBy(() -> locks.acquire(DOC, younger)).isInstanceOfSatisfying(LedgerException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
                    assertThat(e.getMessage()).contains(DOC).contains("wait-die");
                });
        assertThat(locks.heldBy(younger)).containsExactly(OTHER); // dying releases nothing by itself
        assertThat(locks.waiting(DOC)).isZero();
    }

    @Test
    void aWaitingHolderOfAnotherLockDiesWhenTheLockGoesToAnOlderWaiter() throws Exception {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner holder = owner(3, 3);
        HotDocumentLocks.Owner middle = owner(2, 2);
        HotDocumentLocks.Owner oldest = owner(1, 1);
        locks.acquire(DOC, holder);
        locks.acquire(OTHER, middle);
        CompletableFuture<LedgerException> middleWait = CompletableFuture.supplyAsync(() -> {
            try {
                locks.acquire(DOC, middle); // older than the holder: waits
                return null;
            } catch (LedgerException e) {
                return e;
            }
        }, runnable -> new Thread(runnable).start());
        awaitWaiters(locks, DOC, 1);
        CompletableFuture<HotDocumentLocks.Acquired> oldestWait = CompletableFuture.supplyAsync(() -> locks.acquire(DOC, oldest),
                runnable -> new Thread(runnable).start());
        awaitWaiters(locks, DOC, 2);
        locks.releaseAll(holder); // goes to the oldest; the middle one holds OTHER and is younger: it dies
        assertThat(oldestWait.get(60, TimeUnit.SECONDS)).isEqualTo(HotDocumentLocks.Acquired.AFTER_WAITING);
        LedgerException died = middleWait.get(60, TimeUnit.SECONDS);
        assertThat(died).isNotNull();
        assertThat(died.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
        assertThat(locks.waiting(DOC)).isZero();
    }

    @Test
    void aHolderOfAnotherLockThatIsOlderThanEveryoneWaits() throws Exception {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner older = owner(1, 1);
        HotDocumentLocks.Owner younger = owner(2, 2);
        locks.acquire(DOC, younger);
        locks.acquire(OTHER, older);
        CompletableFuture<HotDocumentLocks.Acquired> waited = CompletableFuture.supplyAsync(() -> locks.acquire(DOC, older),
                runnable -> new Thread(runnable).start());
        awaitWaiters(locks, DOC, 1);
        locks.releaseAll(younger);
        assertThat(waited.get(60, TimeUnit.SECONDS)).isEqualTo(HotDocumentLocks.Acquired.AFTER_WAITING);
        assertThat(locks.heldBy(older)).containsExactlyInAnyOrder(DOC, OTHER);
    }

    @Test
    void aTransactionHoldingNoLockWaitsEvenWhenYounger() throws Exception {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner older = owner(1, 1);
        HotDocumentLocks.Owner younger = owner(2, 2);
        locks.acquire(DOC, older);
        CompletableFuture<HotDocumentLocks.Acquired> waited = CompletableFuture.supplyAsync(() -> locks.acquire(DOC, younger),
                runnable -> new Thread(runnable).start());
        awaitWaiters(locks, DOC, 1);
        locks.releaseAll(older);
        assertThat(waited.get(60, TimeUnit.SECONDS)).isEqualTo(HotDocumentLocks.Acquired.AFTER_WAITING);
    }

    @Test
    void aLockHeldFromThisVeryThreadIsNotWaitedFor() {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner outer = owner(1, 1);
        HotDocumentLocks.Owner inner = owner(2, 2);
        locks.acquire(DOC, outer);
        // A transaction run on the thread where another one holds the lock would wait for itself.
        assertThat(locks.acquire(DOC, inner)).isEqualTo(HotDocumentLocks.Acquired.NOT_TAKEN);
        assertThat(locks.heldBy(inner)).isEmpty();
        assertThat(locks.heldBy(outer)).containsExactly(DOC);
    }

    @Test
    void aLockOfAnOwnerNotBoundToAThreadIsWaitedForFromTheThreadThatTookIt() throws Exception {
        // A server session's transaction took the lock on a pooled thread, which then serves another session.
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner session = new HotDocumentLocks.Owner(1, 1, System.nanoTime() + WAIT, false);
        HotDocumentLocks.Owner next = new HotDocumentLocks.Owner(2, 2, System.nanoTime() + WAIT, false);
        locks.acquire(DOC, session);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> sessionCommits = CompletableFuture.runAsync(() -> {
            while (!done.get() && locks.waiting(DOC) == 0) {
                Thread.onSpinWait();
            }
            locks.releaseAll(session); // the session's next request, on another thread, ends its transaction
        }, runnable -> new Thread(runnable).start());
        HotDocumentLocks.Acquired acquired;
        try {
            acquired = locks.acquire(DOC, next);
        } finally {
            done.set(true);
        }
        sessionCommits.get(60, TimeUnit.SECONDS);
        assertThat(acquired).isEqualTo(HotDocumentLocks.Acquired.AFTER_WAITING); // queued, not gone past the lock
        assertThat(locks.heldBy(next)).containsExactly(DOC);
    }

    @Test
    void aWaitLongerThanTheTablesBoundDiesWithARetryableConflictAndLeavesNoWaiter() {
        HotDocumentLocks locks = new HotDocumentLocks(TimeUnit.MILLISECONDS.toNanos(20));
        HotDocumentLocks.Owner holder = owner(1, 1);
        HotDocumentLocks.Owner waiter = owner(2, 2);
        acquireElsewhere(locks, DOC, holder);
        assertThatThrownBy(() -> locks.acquire(DOC, waiter)).isInstanceOfSatisfying(LedgerException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
                    assertThat(e.code().retryable()).isTrue();
                    assertThat(e.getMessage()).contains("waited").contains(DOC);
                });
        assertThat(locks.waiting(DOC)).isZero();
        assertThat(locks.heldBy(waiter)).isEmpty();
        assertThat(locks.heldBy(holder)).containsExactly(DOC);
    }

    @Test
    void aWaitEndsAtTheWaitersOwnDeadline() {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        acquireElsewhere(locks, DOC, owner(1, 1));
        HotDocumentLocks.Owner almostExpired = new HotDocumentLocks.Owner(2, 2,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        assertThatThrownBy(() -> locks.acquire(DOC, almostExpired)).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
    }

    @Test
    void theLockOfAHolderPastItsDeadlineIsTakenOver() {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        HotDocumentLocks.Owner expired = new HotDocumentLocks.Owner(1, 1, System.nanoTime() - 1);
        locks.acquire(DOC, expired);
        HotDocumentLocks.Owner next = owner(2, 2);
        locks.acquire(DOC, next);
        assertThat(locks.heldBy(next)).containsExactly(DOC);
        locks.releaseAll(expired); // the expired owner ending later must not free the new holder's lock
        assertThat(locks.heldBy(next)).containsExactly(DOC);
        locks.releaseAll(next);
        assertThat(locks.lockedDocuments()).isZero();
    }

    @Test
    void anInterruptedWaitFailsAsUnavailableAndLeavesNoWaiter() throws Exception {
        HotDocumentLocks locks = new HotDocumentLocks(WAIT);
        locks.acquire(DOC, owner(1, 1));
        CompletableFuture<LedgerException> failure = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                locks.acquire(DOC, owner(2, 2));
                failure.complete(null);
            } catch (LedgerException e) {
                failure.complete(e);
            }
        });
        waiter.start();
        awaitWaiters(locks, DOC, 1);
        waiter.interrupt();
        assertThat(failure.get(60, TimeUnit.SECONDS).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(locks.waiting(DOC)).isZero();
    }
}
