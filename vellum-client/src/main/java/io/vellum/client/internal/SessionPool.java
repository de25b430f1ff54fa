package io.vellum.client.internal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * Sessions of one ledger, reused across transactions (a session serves one transaction at a time). At most
 * {@code maxConcurrentTransactions} callers hold a permit; a caller waits for one, then takes an idle session or
 * starts a new one. Thread-safe.
 */
final class SessionPool {
    private final SessionCommands commands;
    private final String ledgerName;
    private final Semaphore permits;
    /** Most recently used first: a hot session is least likely to have hit the server's idle timeout. */
    private final Deque<Session> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    SessionPool(SessionCommands commands, String ledgerName, int maxConcurrentTransactions) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.ledgerName = Objects.requireNonNull(ledgerName, "ledgerName");
        this.permits = new Semaphore(maxConcurrentTransactions, true);
    }

    /**
     * Waits for a permit to run one transaction function (with its retries).
     *
     * @throws IllegalStateException when the pool is closed
     * @throws LedgerException       {@link ErrorCode#UNAVAILABLE} when interrupted while waiting (the flag is set again)
     */
    void acquirePermit() {
        requireOpen();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting for a free session", e);
        }
        if (closed) {
            permits.release();
            requireOpen();
        }
    }

    void releasePermit() {
        permits.release();
    }

    /** An idle session, or a new one (StartSession, which may throw). Call only while holding a permit. */
    Session takeSession() {
        Session session = idle.pollFirst();
        return session != null ? session : Session.start(commands, ledgerName);
    }

    /** Returns a healthy session for reuse; after {@link #close()} it is ended instead. */
    void giveBack(Session session) {
        if (closed) {
            session.end();
            return;
        }
        idle.addFirst(session);
        if (closed && idle.remove(session)) {
            // close() ran between the check and the add and may have missed this session.
            session.end();
        }
    }

    /** Ends every idle session; sessions in use are ended when given back. Idempotent. */
    void close() {
        closed = true;
        Session session;
        while ((session = idle.pollFirst()) != null) {
            session.end();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }
}
