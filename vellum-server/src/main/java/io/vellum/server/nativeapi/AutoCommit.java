package io.vellum.server.nativeapi;

import com.amazon.ion.IonValue;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
import io.vellum.server.InputLimits;
import io.vellum.server.ServerMetrics;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one statement in its own transaction and commits it, retrying the whole transaction after an OCC conflict
 * (at most {@link #CONFLICT_RETRIES} times, with the QLDB drivers' jittered backoff). Unlike
 * {@link Ledger#execute}, it returns the {@link CommitResult}: the native API reports the block and commit digest.
 * Thread-safe (stateless).
 */
final class AutoCommit {
    /** Retries after a conflict; the same as the QLDB Java driver's default. */
    static final int CONFLICT_RETRIES = 4;

    private AutoCommit() {
    }

    /** A committed statement: its result values and the commit. */
    record Outcome(List<IonValue> values, CommitResult commit) {
    }

    /**
     * Executes {@code statement} with {@code parameters} and commits, recording commits (with their latency) and
     * conflicts in {@code metrics} as the Session API does.
     *
     * @throws LedgerException the statement's failure (the transaction is aborted), or OCC_CONFLICT after the
     *                         last retry
     */
    static Outcome run(Ledger ledger, String statement, List<IonValue> parameters, ServerMetrics metrics) {
        for (int attempt = 0; ; attempt++) {
            Transaction transaction = ledger.begin();
            try {
                List<IonValue> values = transaction.execute(statement, parameters);
                long commitStart = System.nanoTime();
                CommitResult commit = transaction.commit();
                metrics.recordCommit(System.nanoTime() - commitStart);
                return new Outcome(values, commit);
            } catch (LedgerException e) {
                transaction.abort();
                if (e.code() == ErrorCode.OCC_CONFLICT) {
                    metrics.recordOccConflict();
                }
                if (e.code() != ErrorCode.OCC_CONFLICT || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                backOff(attempt);
            } catch (StackOverflowError e) {
                transaction.abort();
                throw InputLimits.statementTooDeep();
            } catch (ArithmeticException e) {
                transaction.abort();
                throw InputLimits.arithmeticOutOfRange();
            } catch (IllegalArgumentException e) {
                transaction.abort();
                throw InputLimits.valueOutOfRange();
            } catch (RuntimeException | Error e) {
                transaction.abort();
                throw e;
            }
        }
    }

    /** d/2 + rand[0, d/2] with d = min(10 ms·2^attempt, 1 s): spreads competing retries apart. */
    private static void backOff(int attempt) {
        long delayMillis = Math.min(10L << attempt, 1000L);
        try {
            Thread.sleep(delayMillis / 2 + ThreadLocalRandom.current().nextLong(delayMillis / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while retrying a conflicting commit", e);
        }
    }
}
