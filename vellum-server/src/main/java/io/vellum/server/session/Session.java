package io.vellum.server.session;

import io.vellum.engine.Transaction;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Session API session: a ledger, at most one open transaction, and the result cursors of that transaction.
 *
 * <p>Thread-safety: every field except the final ones and {@link #lastUsedNanos} is guarded by {@link #lock}, which a
 * command holds from start to end (so concurrent commands on one session run one after another, as the engine's
 * {@link Transaction} requires) and the sweeper only ever {@code tryLock}s.
 */
final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    final String token;
    /** The request id of the StartSession that created it: the driver uses the same value as its session id. */
    final String id;
    final String ledgerName;
    final long startedNanos;
    final ReentrantLock lock = new ReentrantLock();
    volatile long lastUsedNanos;

    private Transaction transaction;
    private long transactionStartedNanos;
    /** The open transaction's priority for hot documents' locks ({@link #priorityForNextTransaction}). */
    private long transactionPriorityNanos;
    /** Whether the last transaction ended with an OCC conflict, with its priority and when ({@link #conflicted}). */
    private boolean lastConflicted;
    private long lastConflictPriorityNanos;
    private long lastConflictNanos;
    private final Map<String, ResultCursor> cursors = new HashMap<>();
    private long cursorCount;
    private String endedTransactionId;
    private boolean endedTransactionExpired;
    /** Why the session is gone (the InvalidSessionException message), or null while it is usable. */
    private String closedReason;

    Session(String token, String id, String ledgerName, long nowNanos) {
        this.token = token;
        this.id = id;
        this.ledgerName = ledgerName;
        this.startedNanos = nowNanos;
        this.lastUsedNanos = nowNanos;
    }

    Transaction transaction() {
        return transaction;
    }

    long transactionStartedNanos() {
        return transactionStartedNanos;
    }

    /** Records {@code started}, begun with priority {@code priorityNanos} for hot documents' locks. */
    void begin(Transaction started, long nowNanos, long priorityNanos) {
        transaction = started;
        transactionStartedNanos = nowNanos;
        transactionPriorityNanos = priorityNanos;
    }

    /**
     * The priority for hot documents' locks ({@code System.nanoTime()} of the first attempt; older goes first) of a
     * transaction starting now on this session. A transaction started after the session's previous one ended with an
     * OCC conflict is taken for a retry of the same work (what the QLDB drivers and vellum-client do on that session,
     * without saying so): it keeps the failed one's priority, so a transaction that lost goes before newcomers
     * instead of queueing behind them again, as {@code Ledger.execute} gives its retries. Bounded, because it is the
     * server's guess, never the client's word: only for a transaction started within {@code boundNanos} (the
     * transaction timeout) of that conflict, and never older than {@code boundNanos} before now. Consumed here: only
     * another conflict hands a priority on.
     */
    long priorityForNextTransaction(long nowNanos, long boundNanos) {
        long priority = nowNanos;
        if (lastConflicted && nowNanos - lastConflictNanos <= boundNanos) {
            priority = nowNanos - lastConflictPriorityNanos > boundNanos ? nowNanos - boundNanos
                    : lastConflictPriorityNanos;
        }
        lastConflicted = false;
        return priority;
    }

    /** The open transaction failed with an OCC conflict: the session's next transaction is taken for its retry. */
    void conflicted(long nowNanos) {
        if (transaction != null) {
            lastConflicted = true;
            lastConflictPriorityNanos = transactionPriorityNanos;
            lastConflictNanos = nowNanos;
        }
    }

    /**
     * Ends the open transaction, aborting it unless it already finished (committed, or aborted by the engine on a
     * conflict or expiry), and drops its cursors. Remembers its id and whether it expired, so that a late command
     * for it gets "Transaction &lt;id&gt; has expired" rather than a confusing "not open".
     */
    void endTransaction(boolean expired) {
        if (transaction == null) {
            return;
        }
        endedTransactionId = transaction.id();
        endedTransactionExpired = expired;
        try {
            transaction.abort();
        } catch (RuntimeException e) {
            // The ledger was closed or deleted under us: the transaction is gone either way.
            LOG.debug("Aborting transaction {} of session {} failed: {}", endedTransactionId, id, e.toString());
        } finally {
            transaction = null;
            cursors.clear();
        }
    }

    boolean endedExpired(String transactionId) {
        return endedTransactionExpired && transactionId.equals(endedTransactionId);
    }

    boolean ended(String transactionId) {
        return transactionId.equals(endedTransactionId);
    }

    /** Stores a cursor with more pages under a new NextPageToken: the base64 of a per-session counter. */
    String addCursor(ResultCursor cursor) {
        cursorCount++;
        byte[] number = new byte[8];
        for (int i = 0; i < 8; i++) {
            number[i] = (byte) (cursorCount >>> (56 - 8 * i));
        }
        String pageToken = Base64.getEncoder().encodeToString(number);
        cursors.put(pageToken, cursor);
        return pageToken;
    }

    /** Removes and returns the cursor of {@code pageToken}, or null. */
    ResultCursor takeCursor(String pageToken) {
        return cursors.remove(pageToken);
    }

    String closedReason() {
        return closedReason;
    }

    /** Marks the session gone and ends its transaction; the caller removes it from the table. */
    void close(String reason) {
        if (closedReason == null) {
            closedReason = reason;
            endTransaction(false);
        }
    }
}
