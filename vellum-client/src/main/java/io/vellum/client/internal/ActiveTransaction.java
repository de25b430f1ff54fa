package io.vellum.client.internal;

import com.amazon.ion.IonValue;
import io.vellum.client.ClientTransaction;
import io.vellum.client.Result;
import io.vellum.client.TransactionAbortedException;
import io.vellum.proof.CommitDigest;
import io.vellum.proof.Hash;
import io.vellum.proof.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The transaction handed to a transaction function: sends ExecuteStatement and FetchPage on its session, keeps the
 * commit digest, and commits. Confined to the thread running the function; not thread-safe.
 */
public final class ActiveTransaction implements ClientTransaction {
    private final SessionCommands commands;
    private final String sessionToken;
    private final String transactionId;
    private final CommitDigest commitDigest;
    private boolean open = true;

    public ActiveTransaction(SessionCommands commands, String sessionToken, String transactionId) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.sessionToken = Objects.requireNonNull(sessionToken, "sessionToken");
        this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
        this.commitDigest = new CommitDigest(transactionId);
    }

    @Override
    public Result execute(String statement, IonValue... parameters) {
        return execute(statement, Arrays.asList(parameters));
    }

    @Override
    public Result execute(String statement, List<? extends IonValue> parameters) {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(parameters, "parameters");
        requireOpen("execute a statement");
        List<byte[]> encoded = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            IonValue parameter = Objects.requireNonNull(parameters.get(i),
                    () -> "parameter " + encoded.size() + " is null; pass an Ion null value instead");
            encoded.add(IonValueCodec.encode(parameter));
        }
        // Folded in before sending, as the official driver does: the server counts every statement it received,
        // including one that then fails.
        commitDigest.add(statement, parameters);
        return new PagedResult(this, commands.executeStatement(sessionToken, transactionId, statement, encoded));
    }

    @Override
    public String transactionId() {
        return transactionId;
    }

    @Override
    public Hash commitDigest() {
        return commitDigest.value();
    }

    @Override
    public void abort() {
        requireOpen("abort");
        throw new TransactionAbortedException(transactionId);
    }

    /** FetchPage for one of this transaction's results. */
    StatementPage fetchPage(String nextPageToken, int valuesFetched) {
        if (!open) {
            throw new IllegalStateException("transaction " + transactionId + " has ended, so only the " + valuesFetched
                    + " values fetched before that are available; return the Result from the transaction function,"
                    + " or copy its values inside the function, to keep all of them");
        }
        return commands.fetchPage(sessionToken, transactionId, nextPageToken);
    }

    /**
     * Commits: first reads the rest of {@code returnedValue} when it is a result of this transaction (it must outlive
     * the transaction), then sends CommitTransaction and checks that the server echoed the client's digest.
     *
     * @throws VerificationException when the echoed digest differs: the server did not see the statements the
     *                               client sent (or is not a faithful QLDB endpoint); the commit may have happened
     */
    public void commit(Object returnedValue) {
        requireOpen("commit");
        if (returnedValue instanceof PagedResult result && result.belongsTo(this)) {
            result.fetchAll();
        }
        Hash expected = commitDigest.value();
        CommitAnswer answer = commands.commitTransaction(sessionToken, transactionId, expected);
        open = false;
        if (!answer.commitDigest().equals(expected)) {
            throw new VerificationException("transaction " + transactionId
                    + ": the server must echo the commit digest the client computed", expected, answer.commitDigest());
        }
    }

    /** Ends the transaction without sending anything (the caller aborts it on the session when needed). */
    public void close() {
        open = false;
    }

    private void requireOpen(String action) {
        if (!open) {
            throw new IllegalStateException("cannot " + action + ": transaction " + transactionId + " has ended");
        }
    }

    @Override
    public String toString() {
        return "ClientTransaction[" + transactionId + (open ? ", open" : ", ended") + "]";
    }
}
