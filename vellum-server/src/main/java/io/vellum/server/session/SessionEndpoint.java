package io.vellum.server.session;

import com.amazon.ion.IonException;
import com.amazon.ion.IonValue;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.Endpoint;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InputLimits;
import io.vellum.server.http.InternalFailures;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.http.RequestIds;
import io.vellum.server.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QLDB Session API ({@code POST /}, {@code X-Amz-Target: QLDBSession.SendCommand}, AWS JSON 1.0) as COMPATIBILITY.md §8 and
 * {@code driver-wire/README.md} describe it, so the official QLDB drivers work unmodified.
 *
 * <p>Semantics: StartSession needs an existing ledger; one open transaction per session (a second StartTransaction
 * is refused unless the first has expired); statements run on the engine transaction whose 22-character id is the
 * TransactionId; results are paged ({@link ResultCursor}); CommitTransaction checks the client's CommitDigest against
 * the one the engine computed from the statements received, and echoes it. Errors ({@link SessionException#of}):
 * OCC conflict → 400 OccConflictException with the transaction already aborted (the driver starts a new one on the
 * same session without AbortTransaction); expiry → 400 InvalidSessionException "Transaction &lt;id&gt; has
 * expired"; idle or over-age session → 400 InvalidSessionException (the driver retries on a new session); engine
 * unavailable → 503 CapacityExceededException (the driver retries); a bad request or statement → 400
 * BadRequestException, the transaction staying open for the client to abort. AbortTransaction always succeeds.
 *
 * <p>Thread-safe: sessions are independent; commands on one session are serialised by its lock.
 */
public final class SessionEndpoint implements Endpoint, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEndpoint.class);

    private final LedgerRegistry ledgers;
    private final ServerMetrics metrics;
    private final SessionTable sessions;

    public SessionEndpoint(LedgerRegistry ledgers, ServerMetrics metrics, SessionLimits limits) {
        this.ledgers = ledgers;
        this.metrics = metrics;
        this.sessions = new SessionTable(limits, metrics);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        long started = System.nanoTime();
        String requestId = RequestIds.next();
        try {
            SessionCommand command = CommandParser.parse(request.body());
            metrics.recordSessionCommand(command.name());
            if (command instanceof SessionCommand.StartSession start) {
                return startSession(start, started, requestId);
            }
            Session session = sessions.find(command.sessionToken());
            session.lock.lock();
            try {
                sessions.checkUsable(session, System.nanoTime());
                return run(command, session, started, requestId);
            } finally {
                session.lock.unlock();
            }
        } catch (LedgerException e) {
            return error(SessionException.of(e), requestId);
        } catch (RuntimeException | StackOverflowError e) {
            String failureId = InternalFailures.log(LOG, "Session API request " + requestId, e);
            return AwsErrors.error(500, SessionException.INTERNAL_FAILURE, InternalFailures.message(failureId),
                    AwsErrors.AWS_JSON_1_0, Map.of(), failureId);
        }
    }

    /**
     * The batch endpoint, {@code POST /v1/ledgers/{ledgerName}/batches} ({@link SessionBatch}; wire format in
     * {@code vellum-server/README.md}): on one session, optionally starts a transaction, runs the statements in order
     * and optionally commits, all under the session's lock, with each step's Session API semantics and errors. Any
     * failure ends the transaction (aborted: nothing of it is written) and is answered with the Session API's error
     * type and status, its message naming the statement that failed; the error body also carries the native API's
     * {@code "error": {"code", "message"}}.
     */
    public HttpResponse batch(String ledgerName, HttpRequest request) {
        long started = System.nanoTime();
        String requestId = RequestIds.next();
        try {
            SessionBatch batch = BatchParser.parse(request.body());
            metrics.recordSessionCommand("Batch");
            Session session = sessions.find(batch.sessionToken());
            if (!session.ledgerName.equals(ledgerName)) {
                throw SessionException.badRequest("Session " + session.id + " is on ledger " + session.ledgerName
                        + ", not on ledger " + ledgerName + " of the request path");
            }
            session.lock.lock();
            try {
                sessions.checkUsable(session, System.nanoTime());
                try {
                    return SessionBatchResponses.answer(runBatch(batch, session, requestId),
                            System.nanoTime() - started, requestId);
                } catch (RuntimeException | StackOverflowError e) {
                    if (!(e instanceof LedgerException)) {
                        // An internal failure mid-batch: abort too, so that no half-run transaction stays open.
                        session.endTransaction(false);
                    }
                    throw e;
                }
            } finally {
                session.lock.unlock();
            }
        } catch (LedgerException e) {
            SessionException failure = SessionException.of(e);
            if (failure.httpStatus() >= 500) {
                LOG.warn("Batch request {} failed: {} {}", requestId, failure.errorType(), failure.getMessage());
            }
            return SessionBatchResponses.error(failure, requestId);
        } catch (RuntimeException | StackOverflowError e) {
            String failureId = InternalFailures.log(LOG, "Batch request " + requestId, e);
            return SessionBatchResponses.error(500, SessionException.INTERNAL_FAILURE, ErrorCode.UNAVAILABLE,
                    InternalFailures.message(failureId), failureId);
        }
    }

    private SessionBatchResponses.Outcome runBatch(SessionBatch batch, Session session, String requestId) {
        Transaction transaction = batch.transactionId() == null ? begin(session)
                : openTransaction(session, batch.transactionId());
        List<SessionBatch.Statement> statements = batch.statements();
        List<SessionBatchResponses.Result> results = new java.util.ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            SessionBatch.Statement statement = statements.get(i);
            try {
                List<IonValue> values = runStatement(session, transaction, statement.statement(),
                        statement.parameters(), requestId);
                ResultCursor cursor = new ResultCursor(values, statement.statement());
                ResultCursor.Page page = cursor.nextPage();
                results.add(new SessionBatchResponses.Result(page,
                        cursor.hasMore() ? session.addCursor(cursor) : null));
            } catch (LedgerException e) {
                // Nothing half-written: whatever the statement did, the transaction ends here.
                session.endTransaction(e.code() == ErrorCode.TRANSACTION_EXPIRED);
                throw SessionException.of(e).withContext(" (statement " + (i + 1) + " of " + statements.size()
                        + " of the batch, Statements[" + i + "]: " + CommandParser.abbreviate(statement.statement())
                        + "; transaction " + transaction.id() + " was aborted: nothing of it was written)");
            }
        }
        if (batch.commitDigest() == null) {
            return new SessionBatchResponses.Outcome(transaction.id(), results, null);
        }
        try {
            CommitResult committed = commit(session, transaction, batch.commitDigest());
            return new SessionBatchResponses.Outcome(committed.transactionId(), results, committed.commitDigest());
        } catch (LedgerException e) {
            session.endTransaction(e.code() == ErrorCode.TRANSACTION_EXPIRED);
            throw SessionException.of(e).withContext(" (the batch's commit; transaction " + transaction.id()
                    + " was aborted: nothing of it was written)");
        }
    }

    /** Active sessions. */
    public int activeSessions() {
        return sessions.size();
    }

    /** Ends every session, aborting open transactions; call after the HTTP server stopped taking requests. */
    @Override
    public void close() {
        sessions.close();
    }

    private HttpResponse startSession(SessionCommand.StartSession command, long started, String requestId) {
        try {
            ledgers.ledger(command.ledgerName());
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw SessionException.badRequest(e.getMessage());
            }
            throw e;
        }
        Session session = sessions.open(command.ledgerName(), requestId);
        return SessionResponses.startSession(session.token, System.nanoTime() - started, requestId);
    }

    private HttpResponse run(SessionCommand command, Session session, long started, String requestId) {
        if (command instanceof SessionCommand.StartTransaction) {
            return startTransaction(session, started, requestId);
        }
        if (command instanceof SessionCommand.ExecuteStatement execute) {
            return executeStatement(execute, session, started, requestId);
        }
        if (command instanceof SessionCommand.FetchPage fetch) {
            return fetchPage(fetch, session, started, requestId);
        }
        if (command instanceof SessionCommand.CommitTransaction commit) {
            return commitTransaction(commit, session, started, requestId);
        }
        if (command instanceof SessionCommand.AbortTransaction) {
            session.endTransaction(false);
        } else if (command instanceof SessionCommand.EndSession) {
            sessions.discard(session, "Session " + session.id + " has ended");
        } else {
            throw new IllegalStateException("unhandled command " + command.name());
        }
        return SessionResponses.timingOnly(command.name(), System.nanoTime() - started, requestId);
    }

    private HttpResponse startTransaction(Session session, long started, String requestId) {
        Transaction transaction = begin(session);
        return SessionResponses.startTransaction(transaction.id(), System.nanoTime() - started, requestId);
    }

    /** Starts a transaction on {@code session} (StartTransaction's semantics); call under the session's lock. */
    private Transaction begin(Session session) {
        Transaction open = session.transaction();
        if (open != null) {
            if (System.nanoTime() - session.transactionStartedNanos() <= sessions.transactionTimeoutNanos()) {
                throw SessionException.badRequest("Transaction " + open.id() + " is still open on this session;"
                        + " commit or abort it before starting another");
            }
            session.endTransaction(true);
        }
        Ledger ledger;
        try {
            ledger = ledgers.ledger(session.ledgerName);
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            String reason = "Session " + session.id + " has ended: ledger " + session.ledgerName + " no longer exists";
            sessions.discard(session, reason);
            throw SessionException.invalidSession(reason);
        }
        long now = System.nanoTime();
        long priority = session.priorityForNextTransaction(now, sessions.transactionTimeoutNanos());
        // Not bound to this pooled thread: its next requests may run on others, and this one serves other sessions.
        Transaction transaction = ledger.beginFromAnyThread(priority);
        session.begin(transaction, now, priority);
        return transaction;
    }

    private HttpResponse executeStatement(SessionCommand.ExecuteStatement command, Session session, long started,
                                          String requestId) {
        Transaction transaction = openTransaction(session, command.transactionId());
        List<IonValue> values = runStatement(session, transaction, command.statement(), command.parameters(),
                requestId);
        ResultCursor cursor = new ResultCursor(values, command.statement());
        ResultCursor.Page page = cursor.nextPage();
        String next = cursor.hasMore() ? session.addCursor(cursor) : null;
        return SessionResponses.page(command.name(), page, next, System.nanoTime() - started, requestId);
    }

    /** Runs one statement on the session's open transaction, mapping every failure to the error to send. */
    private List<IonValue> runStatement(Session session, Transaction transaction, String statement,
                                        List<IonValue> parameters, String requestId) {
        try {
            return transaction.execute(statement, parameters);
        } catch (LedgerException e) {
            throw transactionFailed(session, e);
        } catch (StackOverflowError e) {
            // The engine recursed once per level of a deeply nested statement: the input's fault, not a crash.
            session.endTransaction(false);
            throw SessionException.badRequest(InputLimits.statementTooDeep().getMessage() + "; transaction "
                    + transaction.id() + " was aborted");
        } catch (ArithmeticException e) {
            // A number beyond BigDecimal's range in the statement's arithmetic: the input's fault, not a crash.
            throw SessionException.badRequest(InputLimits.arithmeticOutOfRange().getMessage());
        } catch (IllegalArgumentException e) {
            // A value the engine's value libraries refuse (a bad CAST, a date beyond year 9999): the input's fault.
            LOG.debug("Session API request {}: statement refused by a value library: {}", requestId, e.toString());
            throw SessionException.badRequest(InputLimits.valueOutOfRange().getMessage());
        } catch (IonException e) {
            // A parameter the Ion DOM accepted but that cannot be hashed or compared (e.g. a symbol without text).
            // ion-java's message names its classes: not passed on.
            throw SessionException.badRequest("The statement's parameters cannot be processed as Ion values (e.g. a"
                    + " symbol without text)");
        }
    }

    private HttpResponse fetchPage(SessionCommand.FetchPage command, Session session, long started, String requestId) {
        openTransaction(session, command.transactionId());
        ResultCursor cursor = session.takeCursor(command.nextPageToken());
        if (cursor == null) {
            throw SessionException.badRequest("NextPageToken " + command.nextPageToken() + " is not valid for"
                    + " transaction " + command.transactionId() + ": it was already used or belongs to another"
                    + " transaction");
        }
        ResultCursor.Page page = cursor.nextPage();
        String next = cursor.hasMore() ? session.addCursor(cursor) : null;
        return SessionResponses.page(command.name(), page, next, System.nanoTime() - started, requestId);
    }

    private HttpResponse commitTransaction(SessionCommand.CommitTransaction command, Session session, long started,
                                           String requestId) {
        Transaction transaction = openTransaction(session, command.transactionId());
        CommitResult result = commit(session, transaction, command.commitDigest());
        return SessionResponses.commitTransaction(result.transactionId(), result.commitDigest().toBase64(),
                System.nanoTime() - started, requestId);
    }

    /** Commits the session's open transaction after checking the client's digest; call under the session's lock. */
    private CommitResult commit(Session session, Transaction transaction, io.vellum.proof.hash.Hash commitDigest) {
        if (!transaction.commitDigest().equals(commitDigest)) {
            // Checked here too so that we know the transaction stays open (the client then aborts it).
            throw SessionException.badRequest("CommitDigest mismatch for transaction " + transaction.id()
                    + ": the client sent " + commitDigest + " but the statements received hash to "
                    + transaction.commitDigest());
        }
        long commitStarted = System.nanoTime();
        CommitResult result;
        try {
            result = transaction.commit(commitDigest);
        } catch (LedgerException e) {
            // Whatever failed, the engine has finished this transaction.
            if (e.code() == ErrorCode.OCC_CONFLICT) {
                session.conflicted(System.nanoTime());
                metrics.recordOccConflict();
            }
            session.endTransaction(e.code() == ErrorCode.TRANSACTION_EXPIRED);
            throw SessionException.of(e);
        }
        metrics.recordCommit(System.nanoTime() - commitStarted);
        session.endTransaction(false);
        return result;
    }

    /** The session's open transaction with id {@code transactionId}, after checking it has not expired. */
    private Transaction openTransaction(Session session, String transactionId) {
        Transaction transaction = session.transaction();
        if (transaction == null || !transaction.id().equals(transactionId)) {
            if (session.endedExpired(transactionId)) {
                throw SessionException.transactionExpired(transactionId);
            }
            throw SessionException.badRequest("Transaction " + transactionId + " is not open on this session"
                    + (session.ended(transactionId) ? "; it has already ended"
                    : transaction != null ? "; the open transaction is " + transaction.id() : ""));
        }
        if (System.nanoTime() - session.transactionStartedNanos() > sessions.transactionTimeoutNanos()) {
            session.endTransaction(true);
            throw SessionException.transactionExpired(transactionId);
        }
        return transaction;
    }

    /** Updates the session after a failed statement and returns the error to send. */
    private SessionException transactionFailed(Session session, LedgerException e) {
        if (e.code() == ErrorCode.OCC_CONFLICT) {
            metrics.recordOccConflict();
            session.conflicted(System.nanoTime());
            session.endTransaction(false);
        } else if (e.code() == ErrorCode.TRANSACTION_EXPIRED) {
            session.endTransaction(true);
        }
        return SessionException.of(e);
    }

    private HttpResponse error(SessionException e, String requestId) {
        if (e.httpStatus() >= 500) {
            LOG.warn("Session API request {} failed: {} {}", requestId, e.errorType(), e.getMessage());
        }
        return AwsErrors.error(e.httpStatus(), e.errorType(), e.getMessage(), AwsErrors.AWS_JSON_1_0, Map.of(),
                requestId);
    }
}
