package io.vellum.client.internal;

import io.vellum.client.ClientTransaction;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs transaction functions on pooled sessions with the official QLDB driver's retry behaviour (see
 * {@link FailureKind}): take a session, StartTransaction, run the function, commit; on a retryable failure re-run the
 * whole function after the policy's pause, within the policy's number of attempts; whether a
 * failure is retried is its {@link FailureKind#code() kind's code}'s retryability, narrowed by the policy. Thread-safe: each call works on its
 * own session.
 *
 * <p>With batching ({@link SessionCommands#batching()}) an attempt is optimistic: when one of its batches fails as a
 * statement would ({@link BatchFailure#rerunEagerly()}), the attempt is discarded once it ends, whatever the function
 * did, and the function runs once more without batching (StartTransaction, one ExecuteStatement each), where the
 * failure surfaces at the statement it belongs to; that re-run is not a retry (no pause, not counted), and the rest
 * of the call stays unbatched. When the first batch's answer says the server has no batch endpoint, this runner
 * stops batching for good (the endpoint is Vellum's own; an Amazon QLDB endpoint does not have it).
 */
public final class TransactionRunner {
    private static final System.Logger LOG = System.getLogger(TransactionRunner.class.getName());

    private final SessionPool pool;
    private final Sleeper sleeper;
    /** Whether transactions start batched: the client batches and the server has not said it cannot. */
    private volatile boolean batching;

    /** Waits between retries; a seam so that tests need not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public TransactionRunner(SessionCommands commands, String ledgerName, int maxConcurrentTransactions,
            Sleeper sleeper) {
        this.pool = new SessionPool(commands, ledgerName, maxConcurrentTransactions);
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.batching = commands.batching();
    }

    /** Sleeps with {@link TimeUnit#sleep}. */
    public static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    /**
     * Runs {@code work} in a transaction and commits, retrying as {@code policy} allows.
     *
     * @return what {@code work} returned (a result it returns is read completely before the commit)
     * @throws LedgerException               the last failure when it is not retryable or the retries are spent
     * @throws RuntimeException              what {@code work} threw (after AbortTransaction), unchanged
     * @throws IllegalStateException         when the runner is closed
     */
    public <T> T execute(Function<ClientTransaction, T> work, RetryPolicy policy) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(policy, "policy");
        pool.acquirePermit();
        Session session = null;
        try {
            int retries = 0;
            boolean immediateRetryUsed = false;
            boolean batched = batching;
            while (true) {
                FailureKind kind;
                Throwable failure;
                if (session == null) {
                    try {
                        session = pool.takeSession();
                    } catch (RuntimeException e) {
                        failure = e;
                        kind = FailureKind.ofStartSession(e);
                        retries = checkRetry(failure, kind, retries, policy);
                        immediateRetryUsed = pause(failure, kind, retries, policy, immediateRetryUsed);
                        continue;
                    }
                }
                ActiveTransaction transaction = null;
                try {
                    transaction = session.startTransaction(batched);
                    T value = work.apply(transaction);
                    transaction.commit(value);
                    return value;
                } catch (Throwable e) {
                    failure = e;
                    kind = FailureKind.of(e);
                    if (transaction != null) {
                        transaction.close();
                    }
                }
                BatchFailure batchFailure = transaction == null ? null : transaction.batchFailure();
                if (batchFailure != null && batchFailure.rerunEagerly() && !(failure instanceof Error)) {
                    if (batchFailure.endpointMissing()) {
                        stopBatching(batchFailure.failure());
                    }
                    if (batchFailure.transactionMayBeOpen() && !session.tryAbort()) {
                        session = null;
                    }
                    LOG.log(System.Logger.Level.DEBUG, "running the function again unbatched after: {0}",
                            batchFailure.failure());
                    batched = false;
                    continue;
                }
                boolean sessionAlive = kind.abortFirst() ? session.tryAbort() : kind.sessionSurvivesWithoutAbort();
                if (!sessionAlive) {
                    // Dropped without EndSession, as the driver does: the server has discarded it or will expire it.
                    session = null;
                }
                retries = checkRetry(failure, kind, retries, policy);
                immediateRetryUsed = pause(failure, kind, retries, policy, immediateRetryUsed);
            }
        } finally {
            if (session != null) {
                pool.giveBack(session);
            }
            pool.releasePermit();
        }
    }

    /** From now on every transaction of this runner sends its statements one request each. */
    private void stopBatching(RuntimeException answer) {
        if (batching) {
            batching = false;
            LOG.log(System.Logger.Level.INFO, "the server has no batch endpoint ({0}); this client now sends each"
                    + " statement as its own Session API request", answer.getMessage());
        }
    }

    /** Rethrows {@code failure} unless another execution is allowed; returns the new retry count. */
    private static int checkRetry(Throwable failure, FailureKind kind, int retries, RetryPolicy policy) {
        if (!policy.retries(kind.code()) || !policy.allowsAnotherAttempt(retries + 1)) {
            throw rethrowable(failure);
        }
        return retries + 1;
    }

    /** Waits before retry {@code retryNumber}; returns whether the one immediate invalid-session retry is used up. */
    private boolean pause(Throwable failure, FailureKind kind, int retryNumber, RetryPolicy policy,
            boolean immediateRetryUsed) {
        if (kind == FailureKind.INVALID_SESSION && !immediateRetryUsed) {
            // The driver replaces a dead session and retries at once the first time: nothing was contended.
            LOG.log(System.Logger.Level.DEBUG, "retry #{0} at once on a new session after: {1}", retryNumber, failure);
            return true;
        }
        Duration delay = policy.backoff(retryNumber);
        LOG.log(System.Logger.Level.DEBUG, "retry #{0} in {1} ms after: {2}", retryNumber, delay.toMillis(), failure);
        RetryPolicy.pauseBeforeRetry(sleeper::sleep, delay, failure);
        return immediateRetryUsed;
    }

    private static RuntimeException rethrowable(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new UndeclaredThrowableException(failure);
    }

    /** Ends every idle session; later calls to {@link #execute} throw {@link IllegalStateException}. */
    public void close() {
        pool.close();
    }

    public boolean isClosed() {
        return pool.isClosed();
    }
}
