package io.vellum.server.hosting;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Objects;

/**
 * Whether a hosted ledger serves, as {@code /health} reports it.
 *
 * @param name  the ledger
 * @param state {@link State#OPEN} or why it does not serve
 * @param cause what stopped it (for the server log only: its message may name files); null when open
 */
public record LedgerHealth(String name, State state, LedgerException cause) {
    /** A ledger's state; every state but {@link #OPEN} makes {@code /health} answer 503. */
    public enum State {
        /** Open and accepting transactions. */
        OPEN("open"),
        /** Could not be opened (not damage: e.g. its state store is locked or unreadable). */
        FAILED("failed"),
        /** Damage was found (at open or since): CORRUPTION; it refuses transactions. */
        CORRUPTED("corrupted"),
        /** Stopped after a failure that is not damage (e.g. a journal write failed); it refuses transactions. */
        STOPPED("stopped");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        /** The lower-case name in {@code /health}'s JSON. */
        public String wireName() {
            return wireName;
        }
    }

    public LedgerHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    /** The health of a ledger that failed to open with {@code cause}. */
    static LedgerHealth notOpened(String name, LedgerException cause) {
        return new LedgerHealth(name, cause.code() == ErrorCode.CORRUPTION ? State.CORRUPTED : State.FAILED, cause);
    }

    /** The health of an open ledger, stopped by {@code failure} or (null) serving. */
    static LedgerHealth opened(String name, LedgerException failure) {
        if (failure == null) {
            return new LedgerHealth(name, State.OPEN, null);
        }
        return new LedgerHealth(name, failure.code() == ErrorCode.CORRUPTION ? State.CORRUPTED : State.STOPPED,
                failure);
    }

    public boolean isUp() {
        return state == State.OPEN;
    }

    /**
     * A short reason fit for a network answer: the condition and error code, never the message (which may name
     * files or carry a library's text); the server log has the details. Null when open.
     */
    public String reason() {
        return switch (state) {
            case OPEN -> null;
            case FAILED -> "could not be opened (" + cause.code() + "); the server log has the details";
            case CORRUPTED -> "stored data failed an integrity check (CORRUPTION); the ledger refuses transactions;"
                    + " the server log names the damage";
            case STOPPED -> "stopped after a failure (" + cause.code() + "); the ledger refuses transactions; the"
                    + " server log has the details";
        };
    }
}
