package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.client.LedgerConnectionException;
import io.vellum.client.LedgerServiceException;
import io.vellum.client.Result;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry loop's decisions on paths the driver-wire captures do not cover, with scripted answers. */
class TransactionRunnerTest {
    private static final String OCC = "OccConflictException";
    private final IonSystem ion = IonSystemBuilder.standard().build();
    private final ScriptedTransport script = new ScriptedTransport();
    /** 3 attempts, no jitter: pauses of min(1 ms * 2^n, 1 s) before retry n, so 2 ms, 4 ms. */
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(1), 0,
            RetryPolicy.retryableCodes());
    private final List<Duration> sleeps = new ArrayList<>();
    private final TransactionRunner runner =
            new TransactionRunner(new SessionCommands(script, ion), "ledger", 4, sleeps::add);

    @AfterEach
    void everyScriptedAnswerWasUsed() {
        assertThat(script.finished()).as("script finished; sent " + script.sentCommands()).isTrue();
    }

    @Test
    void occOnEveryAttemptSurfacesTheLastConflictAfterTheRetries() {
        script.startSession("s1");
        for (int attempt = 1; attempt <= 3; attempt++) {
            script.startTransaction("T" + attempt).page("ExecuteStatement", null).error("CommitTransaction", 400, OCC,
                    "Optimistic concurrency control (OCC) failure encountered while committing the transaction");
        }
        AtomicInteger executions = new AtomicInteger();
        assertThatThrownBy(() -> runner.execute(txn -> {
            executions.incrementAndGet();
            return txn.execute("UPDATE T SET x = 1");
        }, policy)).isInstanceOfSatisfying(LedgerServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
            assertThat(e.getMessage()).contains("Optimistic concurrency control");
        });
        assertThat(executions).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(2), Duration.ofMillis(4));
        assertThat(script.sentCommands()).doesNotContain("AbortTransaction");
    }

    @Test
    void networkFailureAbortsAndRetriesAndADeadSessionIsReplaced() {
        script.startSession("s1").startTransaction("T1").noAnswer("ExecuteStatement").noAnswer("AbortTransaction")
                .startSession("s2").startTransaction("T2").page("ExecuteStatement", null, "1").commitEcho();
        List<IonValue> values = runner.execute(txn -> txn.execute("SELECT VALUE 1 FROM T").toList(), policy);
        assertThat(values).hasSize(1);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void networkFailuresSurfaceAsConnectionErrorsWhenRetriesAreSpent() {
        script.startSession("s1").startTransaction("T1").noAnswer("ExecuteStatement").abort();
        assertThatThrownBy(() -> runner.execute(txn -> txn.execute("SELECT 1"), RetryPolicy.none()))
                .isInstanceOfSatisfying(LedgerConnectionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("ExecuteStatement", "Connection refused");
                });
    }

    @Test
    void refusedStartSessionSurfacesAtOnce() {
        script.error("StartSession", 403, "InvalidSignatureException", "The request signature we calculated does not "
                + "match the signature you provided.");
        assertThatThrownBy(() -> runner.execute(txn -> null, policy))
                .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("secret access key");
                });
        assertThat(sleeps).isEmpty();
    }

    @Test
    void unreachableServerOnStartSessionIsRetried() {
        script.noAnswer("StartSession").startSession("s1").startTransaction("T1").commitEcho();
        String done = runner.execute(txn -> "done", policy);
        assertThat(done).isEqualTo("done");
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void theFunctionsOwnExceptionAbortsAndIsRethrownUnchanged() {
        script.startSession("s1").startTransaction("T1").abort().startTransaction("T2").commitEcho();
        IllegalArgumentException own = new IllegalArgumentException("insufficient funds");
        assertThatThrownBy(() -> runner.execute(txn -> {
            throw own;
        }, policy)).isSameAs(own);
        // The session survived the abort and serves the next transaction.
        runner.execute(txn -> null, policy);
        assertThat(script.sentCommands()).containsExactly("StartSession", "StartTransaction", "AbortTransaction",
                "StartTransaction", "CommitTransaction");
    }

    @Test
    void aReturnedResultIsReadCompletelyBeforeTheCommitAndOthersStopAtTheirFetchedPages() {
        script.startSession("s1").startTransaction("T1")
                .page("ExecuteStatement", "p2", "1", "2").page("ExecuteStatement", "q2", "10")
                .page("FetchPage", "p3", "3").page("FetchPage", null, "4")
                .commitEcho();
        AtomicReference<Result> other = new AtomicReference<>();
        Result returned = runner.execute(txn -> {
            Result result = txn.execute("SELECT VALUE n FROM T");
            other.set(txn.execute("SELECT VALUE m FROM U"));
            return result;
        }, policy);
        assertThat(script.sentCommands()).containsExactly("StartSession", "StartTransaction", "ExecuteStatement",
                "ExecuteStatement", "FetchPage", "FetchPage", "CommitTransaction");
        assertThat(returned.toList()).extracting(Object::toString).containsExactly("1", "2", "3", "4");
        assertThat(returned.toList()).hasSize(4);
        assertThat(returned.isEmpty()).isFalse();
        assertThat(other.get().iterator().next()).hasToString("10");
        assertThatThrownBy(() -> other.get().toList()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only the 1 values fetched");
    }

    @Test
    void interruptedRetryWaitStopsWithoutRetrying() {
        TransactionRunner interrupting = new TransactionRunner(new SessionCommands(script, ion), "ledger", 1,
                duration -> {
                    throw new InterruptedException();
                });
        script.startSession("s1").startTransaction("T1").error("CommitTransaction", 400, OCC, "conflict");
        try {
            assertThatThrownBy(() -> interrupting.execute(txn -> null, policy))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("interrupted", "conflict");
                    });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closeEndsIdleSessionsAndRefusesNewWork() {
        script.startSession("s1").startTransaction("T1").commitEcho().answer("EndSession", "{}");
        runner.execute(txn -> null, policy);
        runner.close();
        runner.close();
        assertThatThrownBy(() -> runner.execute(txn -> null, policy)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void usingTheTransactionAfterTheFunctionReturnedIsRefused() {
        script.startSession("s1").startTransaction("T1").commitEcho();
        AtomicReference<io.vellum.client.ClientTransaction> leaked = new AtomicReference<>();
        runner.execute(txn -> {
            leaked.set(txn);
            return null;
        }, policy);
        assertThatThrownBy(() -> leaked.get().execute("SELECT 1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("T1 has ended");
    }
}
