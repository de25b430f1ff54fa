package io.vellum.server.nativeapi;

import com.amazon.ion.IonValue;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Committed;
import io.vellum.engine.Ledger;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.server.http.InputLimits;
import io.vellum.server.metrics.ServerMetrics;
import java.time.Duration;
import java.util.List;

/**
 * Runs one statement in its own transaction and commits it, retrying the whole transaction after an OCC conflict as
 * {@link #RETRY_POLICY} allows, in the engine's one retry loop ({@link Ledger#executeCommitted}): every attempt has
 * the first attempt's priority for the locks of hot documents, so a statement that lost goes first, as an embedded
 * {@code Ledger.execute} and a session's retry do. Thread-safe (stateless).
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
        return run(ledger, statement, parameters, metrics, RETRY_POLICY, RetryPolicy::sleep);
    }

    /** {@link #run(Ledger, String, List, ServerMetrics)} with another policy and pause (for tests). */
    static Outcome run(Ledger ledger, String statement, List<IonValue> parameters, ServerMetrics metrics,
                       RetryPolicy policy, RetryPolicy.Pause pause) {
        try {
            Committed<List<IonValue>> committed = ledger.executeCommitted(
                    transaction -> transaction.execute(statement, parameters), policy, pause, failure -> {
                        if (failure instanceof LedgerException e && e.code() == ErrorCode.OCC_CONFLICT) {
                            metrics.recordOccConflict();
                        }
                    });
            metrics.recordCommit(committed.commitNanos());
            return new Outcome(committed.value(), committed.commit());
        } catch (StackOverflowError e) {
            throw InputLimits.statementTooDeep();
        } catch (ArithmeticException e) {
            throw InputLimits.arithmeticOutOfRange();
        } catch (IllegalArgumentException e) {
            throw InputLimits.valueOutOfRange();
        }
    }
}
