package io.vellum.server.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the Session API.
 *
 * @param idleTimeout        a session unused this long is discarded ("Exceeded the session idle time limit")
 * @param lifetime           a session this old is discarded at its next transaction boundary ("Session … has
 *                           expired"); a transaction already open may finish
 * @param transactionTimeout a transaction this old is expired ("Transaction … has expired"); the engine enforces the
 *                           same limit, and the session enforces it too for commands that do not reach the engine
 * @param maxSessions        active sessions; StartSession beyond it is refused with LimitExceededException
 */
public record SessionLimits(Duration idleTimeout, Duration lifetime, Duration transactionTimeout, int maxSessions) {
    /** QLDB's quota of concurrent active sessions per ledger (COMPATIBILITY.md §10.3). */
    public static final int QLDB_MAXIMUM_SESSIONS = 3000;

    public SessionLimits {
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(lifetime, "lifetime");
        requirePositive(transactionTimeout, "transactionTimeout");
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("maxSessions must be positive: " + maxSessions);
        }
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
