package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lock table's idle lease (docs/DECISIONS.md, "Hot locks held by a silent transaction, session 12"): a holder
 * whose activity is tracked and that ran nothing for longer than the lease loses its lock to the next waiter; a busy
 * holder and one whose activity is not tracked (an embedded caller's) keep theirs for as long as they hold it. Each
 * test sleeps only to let a holder be idle or busy for longer than the lease, never to assert how long anything took.
 */
class HotDocumentLeaseTest {
    private static final long MAX_WAIT_MILLIS = 40;
    private static final long MAX_WAIT = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
    private static final long LEASE_MILLIS = MAX_WAIT_MILLIS * HotDocumentLocks.IDLE_LEASE_WAITS;
    private static final long DEADLINE = TimeUnit.SECONDS.toNanos(60);
    private static final String DOC = "hot-document";

    private static HotDocumentLocks.Owner sessionOwner(long priority, HotDocumentLocks.Activity activity) {
        return new HotDocumentLocks.Owner(priority, priority, System.nanoTime() + DEADLINE, false, activity);
    }

    private static HotDocumentLocks.Owner embeddedOwner(long priority) {
        return new HotDocumentLocks.Owner(priority, priority, System.nanoTime() + DEADLINE);
    }

    @Test
    void theLockOfAHolderIdlePastItsLeaseGoesToTheNextTransactionThatAsks() throws InterruptedException {
        HotDocumentLocks locks = new HotDocumentLocks(MAX_WAIT);
        HotDocumentLocks.Activity silent = HotDocumentLocks.Activity.tracked();
        HotDocumentLocks.Owner holder = sessionOwner(1, silent); // older: it would win every wait-die
        silent.busy();
        locks.acquire(DOC, holder); // in a statement
        silent.idle(); // the statement answered; the client never sends the next one
        Thread.sleep(LEASE_MILLIS + 10);

        HotDocumentLocks.Owner next = embeddedOwner(2);
        assertThat(locks.acquire(DOC, next)).isNotEqualTo(HotDocumentLocks.Acquired.NOT_TAKEN);
        assertThat(locks.heldBy(next)).containsExactly(DOC);
        assertThat(locks.lapsedLeases()).isEqualTo(1);
        locks.releaseAll(holder); // the silent transaction ends later: it must not free the new holder's lock
        assertThat(locks.heldBy(next)).containsExactly(DOC);
        locks.releaseAll(next);
        assertThat(locks.lockedDocuments()).isZero();
    }

    @Test
    void aWaiterQueuedBehindAHolderThatFallsSilentTakesTheLockWhenTheLeaseLapses() throws InterruptedException {
        HotDocumentLocks locks = new HotDocumentLocks(MAX_WAIT);
        HotDocumentLocks.Activity silent = HotDocumentLocks.Activity.tracked();
        HotDocumentLocks.Owner holder = sessionOwner(1, silent);
        locks.acquire(DOC, holder);
        silent.idle();
        // Idle for more than the lease less one wait: the lease lapses before the next waiter's own bound, so it
        // waits, then takes the lock instead of dying at the bound.
        Thread.sleep(LEASE_MILLIS - MAX_WAIT_MILLIS + 10);
        HotDocumentLocks.Owner next = embeddedOwner(2);
        locks.acquire(DOC, next);
        assertThat(locks.heldBy(next)).containsExactly(DOC);
        assertThat(locks.lapsedLeases()).isEqualTo(1);
    }

    @Test
    void aBusyHolderKeepsItsLockHoweverLongItRuns() throws InterruptedException {
        HotDocumentLocks locks = new HotDocumentLocks(MAX_WAIT);
        HotDocumentLocks.Activity working = HotDocumentLocks.Activity.tracked();
        HotDocumentLocks.Owner holder = sessionOwner(1, working);
        working.busy(); // a long statement, or a commit waiting for its round
        locks.acquire(DOC, holder);
        Thread.sleep(2 * LEASE_MILLIS);

        assertWaitEndsAtItsBound(locks, embeddedOwner(2));
        assertThat(locks.heldBy(holder)).containsExactly(DOC);
        assertThat(locks.lapsedLeases()).isZero();
    }

    @Test
    void aHolderWhoseActivityIsNotTrackedHasNoLease() throws InterruptedException {
        HotDocumentLocks locks = new HotDocumentLocks(MAX_WAIT);
        HotDocumentLocks.Owner holder = new HotDocumentLocks.Owner(1, 1, System.nanoTime() + DEADLINE, false);
        locks.acquire(DOC, holder);
        Thread.sleep(2 * LEASE_MILLIS);

        assertWaitEndsAtItsBound(locks, embeddedOwner(2));
        assertThat(locks.heldBy(holder)).containsExactly(DOC);
    }

    private static void assertWaitEndsAtItsBound(HotDocumentLocks locks, HotDocumentLocks.Owner waiter) {
        assertThatThrownBy(() -> locks.acquire(DOC, waiter)).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
            assertThat(e.getMessage()).contains("the most it may");
        });
        assertThat(locks.heldBy(waiter)).isEmpty();
    }
}
