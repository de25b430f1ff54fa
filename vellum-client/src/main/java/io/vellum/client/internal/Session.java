package io.vellum.client.internal;

import java.util.Objects;

/**
 * One Session API session: a token from StartSession, on which transactions run one at a time. Used by one thread
 * at a time (the pool hands it out exclusively).
 */
final class Session {
    private final SessionCommands commands;
    private final String token;

    private Session(SessionCommands commands, String token) {
        this.commands = commands;
        this.token = token;
    }

    /** StartSession on {@code ledgerName}. */
    static Session start(SessionCommands commands, String ledgerName) {
        Objects.requireNonNull(commands, "commands");
        return new Session(commands, commands.startSession(ledgerName));
    }

    /** StartTransaction; when {@code batched}, nothing is sent: the transaction's first batch starts it. */
    ActiveTransaction startTransaction(boolean batched) {
        if (batched) {
            return ActiveTransaction.startedByFirstBatch(commands, token);
        }
        return new ActiveTransaction(commands, token, commands.startTransaction(token));
    }

    /**
     * AbortTransaction, reporting instead of throwing: a session whose abort failed is in an unknown state and is
     * discarded by the caller, as the official driver does.
     */
    boolean tryAbort() {
        try {
            commands.abortTransaction(token);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** EndSession; failures are ignored because the server expires abandoned sessions anyway. */
    void end() {
        try {
            commands.endSession(token);
        } catch (RuntimeException ignored) {
            // nothing to do: the session is unusable either way
        }
    }
}
