package io.vellum.server.session;

import io.vellum.server.metrics.ServerMetrics;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active sessions by token, their per-ledger quota, and a sweeper thread that discards idle and over-age
 * sessions and expires abandoned transactions (releasing the engine snapshots they pin) even when no request comes.
 *
 * <p>Thread-safe. Discarded sessions leave a tombstone (the reason) for a while, so a late command gets QLDB's
 * exact message ("Exceeded the session idle time limit: Session …") rather than a generic one.
 */
final class SessionTable implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTable.class);
    private static final int MAXIMUM_TOMBSTONES = 10_000;
    private static final SecureRandom TOKENS = new SecureRandom();

    private final SessionLimits limits;
    private final ServerMetrics metrics;
    private final long idleNanos;
    private final long lifetimeNanos;
    private final long transactionTimeoutNanos;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> sessionsPerLedger = new ConcurrentHashMap<>();
    private final Map<String, String> tombstones = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAXIMUM_TOMBSTONES;
        }
    };
    private final ScheduledExecutorService sweeper;

    SessionTable(SessionLimits limits, ServerMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
        this.idleNanos = limits.idleTimeout().toNanos();
        this.lifetimeNanos = limits.lifetime().toNanos();
        this.transactionTimeoutNanos = limits.transactionTimeout().toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vellum-session-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        // Often enough that a limit is enforced within a quarter of itself, at most once per 100 ms.
        long shortest = Math.min(idleNanos, Math.min(lifetimeNanos, transactionTimeoutNanos));
        long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(100), Math.min(shortest / 4,
                TimeUnit.SECONDS.toNanos(5)));
        sweeper.scheduleWithFixedDelay(this::sweep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    long transactionTimeoutNanos() {
        return transactionTimeoutNanos;
    }

    /** Opens a session on {@code ledgerName}. @throws SessionException LimitExceededException over the quota */
    Session open(String ledgerName, String sessionId) {
        AtomicInteger count = sessionsPerLedger.computeIfAbsent(ledgerName, name -> new AtomicInteger());
        if (count.incrementAndGet() > limits.maxSessions()) {
            count.decrementAndGet();
            throw SessionException.limitExceeded("Exceeded the limit of " + limits.maxSessions()
                    + " active sessions on ledger " + ledgerName + "; end unused sessions (driver.close()) or retry"
                    + " later");
        }
        byte[] random = new byte[32];
        TOKENS.nextBytes(random);
        // The ledger's name leads the token (the 44 Base64 characters of the random part follow), so that any node
        // of a cluster can route a session's later commands to the ledger's writer (SessionTokens).
        Session session = new Session(SessionTokens.token(ledgerName, Base64.getEncoder().encodeToString(random)),
                sessionId, ledgerName,
                System.nanoTime());
        sessions.put(session.token, session);
        metrics.recordSessionStarted();
        return session;
    }

    /** The session of {@code token}. @throws SessionException InvalidSessionException when unknown or discarded */
    Session find(String token) {
        Session session = sessions.get(token);
        if (session != null) {
            return session;
        }
        String reason;
        synchronized (tombstones) {
            reason = tombstones.get(token);
        }
        throw SessionException.invalidSession(reason != null ? reason
                : "Session token is not valid: the session does not exist, has ended, or was discarded by a"
                + " server restart");
    }

    /**
     * Checks, under the session's lock, that the session is still usable, discarding it when it has been idle too
     * long or (between transactions) outlived its lifetime; then marks it used.
     *
     * @throws SessionException InvalidSessionException with QLDB's message
     */
    void checkUsable(Session session, long nowNanos) {
        String reason = session.closedReason();
        if (reason == null) {
            reason = expiryReason(session, nowNanos);
            if (reason != null) {
                discard(session, reason);
            }
        }
        if (reason != null) {
            throw SessionException.invalidSession(reason);
        }
        session.lastUsedNanos = nowNanos;
    }

    private String expiryReason(Session session, long nowNanos) {
        if (nowNanos - session.lastUsedNanos > idleNanos) {
            return "Exceeded the session idle time limit: Session " + session.id;
        }
        if (session.transaction() == null && nowNanos - session.startedNanos > lifetimeNanos) {
            return "Session " + session.id + " has expired";
        }
        return null;
    }

    /** Ends the session (aborting its transaction) and forgets it. Call while holding the session's lock. */
    void discard(Session session, String reason) {
        session.close(reason);
        if (sessions.remove(session.token, session)) {
            sessionsPerLedger.get(session.ledgerName).decrementAndGet();
            metrics.recordSessionEnded();
            synchronized (tombstones) {
                tombstones.put(session.token, reason);
            }
        }
    }

    int size() {
        return sessions.size();
    }

    /** Discards idle and over-age sessions and expires overdue transactions of sessions not running a command. */
    void sweep() {
        try {
            long now = System.nanoTime();
            for (Session session : sessions.values()) {
                if (!session.lock.tryLock()) {
                    continue;
                }
                try {
                    String reason = session.closedReason() == null ? expiryReason(session, now) : null;
                    if (reason != null) {
                        discard(session, reason);
                    } else if (session.transaction() != null
                            && now - session.transactionStartedNanos() > transactionTimeoutNanos) {
                        session.endTransaction(true);
                    }
                } finally {
                    session.lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Session sweep failed; retrying at the next period", e);
        }
    }

    /** Stops the sweeper and ends every session, aborting open transactions (none of them was acknowledged). */
    @Override
    public void close() {
        sweeper.shutdownNow();
        for (Session session : sessions.values()) {
            try {
                // The HTTP server has drained in-flight requests by now; a command still running is stuck.
                if (!session.lock.tryLock(2, TimeUnit.SECONDS)) {
                    LOG.warn("Session {} is still running a command; leaving it to the ledger's close", session.id);
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                discard(session, "Session " + session.id + " has ended: the server is shutting down");
            } catch (RuntimeException e) {
                LOG.warn("Ending session {} failed: {}", session.id, e.toString());
            } finally {
                session.lock.unlock();
            }
        }
    }
}
