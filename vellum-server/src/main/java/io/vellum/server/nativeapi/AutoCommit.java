package io.vellum.server.nativeapi;

import com.amazon.ion.IonValue;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.server.http.InputLimits;
import io.vellum.server.metrics.ServerMetrics;
import java.time.Duration;
import java.util.List;

/**
 * Runs one statement in its own transaction and commits it, retrying the whole transaction after an OCC conflict as
 * {@link #RETRY_POLICY} allows. Unlike {@link Ledger#execute}, it returns the {@link CommitResult}: the native API
 * reports the block and commit digest. Thread-safe (stateless).
 */
final class AutoCommit {
    /**
     * 5 attempts (4 retries after a conflict, the QLDB Java driver's default), conflicts only, equal jitter with
     * {@code d = min(5 ms * 2^n, 1 s)} before retry {@code n}.
     */
    static final RetryPolicy RETRY_POLICY = RetryPolicy.of(5, Duration.ofMillis(5), Duration.ofSeconds(1))
            .retryingOnly(ErrorCode.OCC_CONFLICT);

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
     *                         last attempt
     */
    static Outcome run(Ledger ledger, String statement, List<IonValue> parameters, ServerMetrics metrics) {
        return RETRY_POLICY.run(() -> attempt(ledger, statement, parameters, metrics));
    }

    private static Outcome attempt(Ledger ledger, String statement, List<IonValue> parameters, ServerMetrics metrics) {
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
            throw e;
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
