package io.vellum.client.internal;

import com.amazon.ion.IonValue;
import io.vellum.client.ClientTransaction;
import io.vellum.client.Result;
import io.vellum.client.TransactionAbortedException;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The transaction handed to a transaction function: sends ExecuteStatement and FetchPage on its session, keeps the
 * commit digest, and commits. Confined to the thread running the function; not thread-safe.
 *
 * <p>A batched transaction ({@link #startedByFirstBatch}) sends nothing until something needs an answer: the
 * transaction starts with its first batch (sent early only when {@link #transactionId()} or {@link #commitDigest()}
 * is asked for before any result is read), a statement is held until its result is read and then sent together with
 * every statement held before it, and the
 * statements whose results were never read go with the commit. The statements, their order, their parameters (encoded
 * when {@link #execute} is called) and the commit digest are exactly those of the unbatched client; only the
 * requests that carry them are fewer. A statement's failure therefore surfaces when the batch carrying it is sent;
 * after a failed batch nothing more is sent (a later batch without a transaction id would start another
 * transaction): every later read and the commit throw the same failure, and {@link #batchFailure()} tells the retry
 * loop what to do once the attempt ends ({@link BatchFailure}).
 */
public final class ActiveTransaction implements ClientTransaction {
    private final SessionCommands commands;
    private final String sessionToken;
    /** Whether statements travel in batches; otherwise each is an ExecuteStatement. */
    private final boolean batched;
    /** Null until a batched transaction's first batch was answered. */
    private String transactionId;
    /** Null until {@link #transactionId} is known. */
    private CommitDigest commitDigest;
    /** Hashes of statements executed before the transaction id was known, in order. */
    private final List<Hash> unfoldedStatementHashes = new ArrayList<>();
    /** Batched statements not sent yet, with the results waiting for them. */
    private final List<SessionCommands.BatchStatement> heldStatements = new ArrayList<>();
    private final List<DeferredResult> heldResults = new ArrayList<>();
    /** Null unless a batch of this transaction failed. */
    private BatchFailure batchFailure;
    private boolean open = true;

    /** A transaction started by StartTransaction: every statement is sent at {@link #execute}. */
    public ActiveTransaction(SessionCommands commands, String sessionToken, String transactionId) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.sessionToken = Objects.requireNonNull(sessionToken, "sessionToken");
        this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
        this.commitDigest = new CommitDigest(transactionId);
        this.batched = false;
    }

    private ActiveTransaction(SessionCommands commands, String sessionToken) {
        this.commands = commands;
        this.sessionToken = sessionToken;
        this.batched = true;
    }

    /** A batched transaction: started on the server by its first batch. */
    static ActiveTransaction startedByFirstBatch(SessionCommands commands, String sessionToken) {
        return new ActiveTransaction(Objects.requireNonNull(commands, "commands"),
                Objects.requireNonNull(sessionToken, "sessionToken"));
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
        Hash statementHash = CommitDigest.statementHash(statement, parameters);
        if (commitDigest != null) {
            commitDigest.addStatementHash(statementHash);
        } else {
            unfoldedStatementHashes.add(statementHash);
        }
        if (!batched) {
            return new PagedResult(this, commands.executeStatement(sessionToken, transactionId, statement, encoded));
        }
        DeferredResult result = new DeferredResult(this);
        heldStatements.add(new SessionCommands.BatchStatement(statement, List.copyOf(encoded)));
        heldResults.add(result);
        return result;
    }

    @Override
    public String transactionId() {
        startIfNotStarted();
        return transactionId;
    }

    @Override
    public Hash commitDigest() {
        startIfNotStarted();
        return commitDigest.value();
    }

    /** A batched transaction learns its id from its first batch: sends the held statements if none was sent. */
    private void startIfNotStarted() {
        if (transactionId == null) {
            sendHeldStatements();
        }
    }

    @Override
    public void abort() {
        requireOpen("abort");
        throw new TransactionAbortedException(transactionId != null ? transactionId : "(not started)");
    }

    /**
     * Sends the held statements (starting the transaction if this is its first batch) and hands each its result.
     * Does nothing when nothing is held and the transaction has started.
     */
    void sendHeldStatements() {
        if (!batched) {
            return;
        }
        throwIfABatchFailed();
        if (heldStatements.isEmpty() && transactionId != null) {
            return;
        }
        requireOpen("send statements");
        List<SessionCommands.BatchStatement> statements = List.copyOf(heldStatements);
        List<DeferredResult> results = List.copyOf(heldResults);
        heldStatements.clear();
        heldResults.clear();
        SessionCommands.BatchAnswer answer = sendBatch(statements, null);
        learnTransactionId(answer.transactionId());
        for (int i = 0; i < results.size(); i++) {
            results.get(i).arrived(new PagedResult(this, answer.pages().get(i)));
        }
    }

    /** Sends one batch, recording its failure (see {@link BatchFailure}) before throwing it. */
    private SessionCommands.BatchAnswer sendBatch(List<SessionCommands.BatchStatement> statements, Hash digest) {
        boolean firstBatch = transactionId == null;
        HttpAnswer http;
        try {
            http = commands.sendBatch(sessionToken, transactionId, statements, digest);
        } catch (RuntimeException e) {
            batchFailure = BatchFailure.ofRequest(e, firstBatch);
            throw e;
        }
        try {
            return commands.readBatch(http, transactionId, statements.size(), digest != null);
        } catch (RuntimeException e) {
            batchFailure = BatchFailure.ofMalformedAnswer(e, firstBatch, digest != null);
            throw e;
        }
    }

    private void throwIfABatchFailed() {
        if (batchFailure != null) {
            throw batchFailure.failure();
        }
    }

    /** The failure of a batch of this transaction, or null when none failed (or it is not batched). */
    BatchFailure batchFailure() {
        return batchFailure;
    }

    private void learnTransactionId(String id) {
        if (transactionId == null) {
            transactionId = id;
            commitDigest = new CommitDigest(id);
            for (Hash statementHash : unfoldedStatementHashes) {
                commitDigest.addStatementHash(statementHash);
            }
            unfoldedStatementHashes.clear();
        }
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
     * the transaction), then sends CommitTransaction (batched: with the statements still held) and checks that the
     * server echoed the client's digest.
     *
     * @throws VerificationException when the echoed digest differs: the server did not see the statements the
     *                               client sent (or is not a faithful QLDB endpoint); the commit may have happened
     */
    public void commit(Object returnedValue) {
        requireOpen("commit");
        if (returnedValue instanceof DeferredResult deferred && deferred.belongsTo(this)) {
            deferred.fetchAll();
        } else if (returnedValue instanceof PagedResult result && result.belongsTo(this)) {
            result.fetchAll();
        }
        Hash echoed;
        Hash expected;
        if (batched) {
            throwIfABatchFailed();
            if (transactionId == null) {
                // The commit digest is seeded from the transaction id: the first batch must be answered first.
                sendHeldStatements();
            }
            expected = commitDigest.value();
            List<SessionCommands.BatchStatement> statements = List.copyOf(heldStatements);
            List<DeferredResult> results = List.copyOf(heldResults);
            heldStatements.clear();
            heldResults.clear();
            SessionCommands.BatchAnswer answer = sendBatch(statements, expected);
            open = false;
            for (int i = 0; i < results.size(); i++) {
                results.get(i).arrived(new PagedResult(this, answer.pages().get(i)));
            }
            echoed = answer.commitDigest();
        } else {
            expected = commitDigest.value();
            CommitAnswer answer = commands.commitTransaction(sessionToken, transactionId, expected);
            open = false;
            echoed = answer.commitDigest();
        }
        if (!echoed.equals(expected)) {
            throw new VerificationException("transaction " + transactionId
                    + ": the server must echo the commit digest the client computed", expected, echoed);
        }
    }

    /** Ends the transaction without sending anything (the caller aborts it on the session when needed). */
    public void close() {
        open = false;
        heldStatements.clear();
        heldResults.clear();
    }

    private void requireOpen(String action) {
        if (!open) {
            throw new IllegalStateException("cannot " + action + ": transaction "
                    + (transactionId != null ? transactionId : "(not started)") + " has ended");
        }
    }

    @Override
    public String toString() {
        return "ClientTransaction[" + (transactionId != null ? transactionId : "not started")
                + (open ? ", open" : ", ended") + "]";
    }
}
