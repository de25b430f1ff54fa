package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.client.ClientTransaction;
import io.vellum.client.LedgerServiceException;
import io.vellum.client.Result;
import io.vellum.client.VellumClientBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batching is optimistic: a batch that fails as a statement would discards the attempt, and the function runs once
 * more unbatched, where it meets the failure at the {@code execute} it belongs to; a server without the batch endpoint
 * makes the client stop batching for good. Session API answers are scripted ({@link ScriptedTransport}: it fails the
 * test on any other command than the scripted one), batch answers queued.
 */
class OptimisticBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFUSED = "Semantic Error: at line 1, column 13: No such table: NoSuchTable";
    private final IonSystem ion = IonSystemBuilder.standard().build();
    private final ScriptedTransport session = new ScriptedTransport();
    private final Batches batches = new Batches();
    private final List<Duration> sleeps = new ArrayList<>();
    private final TransactionRunner batched =
            new TransactionRunner(new SessionCommands(session, batches, ion), "ledger", 4, sleeps::add);

    /** Batch answers in order; a batch after the last is a test failure. */
    private static final class Batches implements SessionTransport {
        /** Stands for a successful answer built from the request. */
        private static final HttpAnswer OK = new HttpAnswer(200, Map.of(), new byte[0]);
        private final Deque<HttpAnswer> answers = new ArrayDeque<>();
        private final List<JsonNode> sent = new ArrayList<>();

        Batches answer(int status, Map<String, String> headers, String body) {
            answers.add(new HttpAnswer(status, headers, body.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** What Vellum's batch endpoint answers a batch whose statement {@code index} (of {@code of}) it refused. */
        Batches refused(int index, int of) {
            return answer(400, Map.of("x-amzn-errortype", "BadRequestException:"), "{\"__type\":\"BadRequestException\","
                    + "\"Message\":\"" + REFUSED + " (statement " + (index + 1) + " of " + of + " of the batch, Statements["
                    + index + "]; transaction TB was aborted: nothing of it was written)\"}");
        }

        /** A successful answer: one empty result per statement, the transaction id, the digest echoed. */
        Batches ok() {
            answers.add(OK);
            return this;
        }

        @Override
        public HttpAnswer send(byte[] requestBody) throws java.io.IOException {
            JsonNode request = JSON.readTree(requestBody);
            sent.add(request);
            if (answers.isEmpty()) {
                throw new AssertionError("batch " + sent.size() + " was not expected: " + request);
            }
            HttpAnswer scripted = answers.poll();
            if (scripted != OK) {
                return scripted;
            }
            StringBuilder results = new StringBuilder();
            for (int i = 0; i < request.get("Statements").size(); i++) {
                results.append(i == 0 ? "" : ",").append("{\"Values\":[]}");
            }
            String id = request.has("TransactionId") ? request.get("TransactionId").asText() : "TB" + sent.size();
            String digest = request.has("CommitDigest")
                    ? ",\"CommitDigest\":\"" + request.get("CommitDigest").asText() + "\"" : "";
            return new HttpAnswer(200, Map.of(), ("{\"TransactionId\":\"" + id + "\",\"Results\":[" + results + "]"
                    + digest + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Inserts, tries a statement that fails and goes on when it fails, then reads: legal unbatched. */
    private Function<ClientTransaction, String> catchingAtExecute(AtomicInteger runs) {
        return txn -> {
            runs.incrementAndGet();
            txn.execute("INSERT INTO A ?", ion.newString("a"));
            String outcome;
            try {
                txn.execute("INSERT INTO NoSuchTable ?", ion.newString("x"));
                outcome = "inserted";
            } catch (LedgerServiceException e) {
                outcome = "caught " + e.errorType() + ": " + e.serviceMessage();
            }
            return outcome + "; read " + txn.execute("SELECT VALUE 1 FROM A").toList();
        };
    }

    /** The unbatched run of {@link #catchingAtExecute}: the second INSERT refused, the transaction committed. */
    private static void scriptUnbatchedRun(ScriptedTransport script, String transactionId) {
        script.startTransaction(transactionId).page("ExecuteStatement", null)
                .error("ExecuteStatement", 400, "BadRequestException", REFUSED)
                .page("ExecuteStatement", null, "1").commitEcho();
    }

    @Test
    void aFunctionCatchingAStatementFailureAtExecuteEndsAsUnbatchedAndTheRerunIsNoRetry() {
        session.startSession("s1");
        scriptUnbatchedRun(session, "T2");
        batches.refused(1, 3);
        AtomicInteger runs = new AtomicInteger();
        // No retries allowed: the unbatched run is not one.
        String batchedResult = batched.execute(catchingAtExecute(runs), RetryPolicy.none());

        ScriptedTransport unbatchedSession = new ScriptedTransport().startSession("s1");
        scriptUnbatchedRun(unbatchedSession, "T2");
        AtomicInteger unbatchedRuns = new AtomicInteger();
        String unbatchedResult = new TransactionRunner(new SessionCommands(unbatchedSession, ion), "ledger", 4,
                sleeps::add).execute(catchingAtExecute(unbatchedRuns), RetryPolicy.none());

        assertThat(batchedResult).isEqualTo(unbatchedResult)
                .isEqualTo("caught BadRequestException: " + REFUSED + "; read [1]");
        assertThat(unbatchedRuns).hasValue(1);
        assertThat(runs).as("the batched run, then the unbatched one").hasValue(2);
        assertThat(batches.sent).hasSize(1);
        assertThat(sleeps).as("no pause before the unbatched run").isEmpty();
        // The refused first batch started nothing the server kept: no AbortTransaction before StartTransaction.
        assertThat(session.sentCommands()).containsExactlyElementsOf(unbatchedSession.sentCommands());
        assertThat(session.finished()).isTrue();
    }

    @Test
    void aFailureSwallowedAtAReadStillEndsTheAttemptAndSurfacesWhereUnbatchedItWould() {
        // Unbatched, the refused SELECT throws at execute, the function does not catch it there: aborted, surfaced.
        session.startSession("s1").startTransaction("T2")
                .error("ExecuteStatement", 400, "BadRequestException", REFUSED).abort();
        batches.refused(0, 1);
        AtomicInteger runs = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> batched.execute(txn -> {
            runs.incrementAndGet();
            Result missing = txn.execute("SELECT * FROM NoSuchTable");
            try {
                missing.toList();
            } catch (LedgerServiceException swallowed) {
                seen.add("read: " + swallowed.serviceMessage());
            }
            try {
                // A later read must send nothing: the transaction is gone, a batch without its id would start another.
                txn.execute("SELECT VALUE 2 FROM A").toList();
            } catch (LedgerServiceException again) {
                seen.add("later read: " + again.serviceMessage());
            }
            txn.execute("INSERT INTO A ?", ion.newString("a"));
            return "done";
        }, VellumClientBuilder.DEFAULT_RETRY_POLICY)).isInstanceOfSatisfying(LedgerServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.serviceMessage()).as("the unbatched client's error").isEqualTo(REFUSED);
        });
        assertThat(runs).hasValue(2);
        assertThat(seen).hasSize(2).allSatisfy(line -> assertThat(line).contains("statement 1 of 1 of the batch"));
        assertThat(batches.sent).as("nothing sent after the failed batch, no commit").hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(session.finished()).isTrue();
    }

    @Test
    void aRefusedCommitBatchAbortsFirstSinceATransactionWasOpenThenRunsUnbatched() {
        session.startSession("s1").abort().startTransaction("T2").page("ExecuteStatement", null, "1")
                .page("ExecuteStatement", null).commitEcho();
        batches.ok().refused(0, 1);
        AtomicInteger runs = new AtomicInteger();
        Object read = batched.execute(txn -> {
            runs.incrementAndGet();
            List<?> values = txn.execute("SELECT VALUE 1 FROM A").toList();
            txn.execute("UPDATE A SET x = 1");
            return values.size();
        }, RetryPolicy.none());
        assertThat(read).isEqualTo(1);
        assertThat(runs).hasValue(2);
        assertThat(batches.sent).hasSize(2);
        assertThat(batches.sent.get(1).has("CommitDigest")).isTrue();
        assertThat(session.finished()).isTrue();
    }

    @Test
    void aRefusedStatementDoesNotStopBatching() {
        session.startSession("s1");
        scriptUnbatchedRun(session, "T2");
        batches.refused(1, 3).ok().ok();
        batched.execute(catchingAtExecute(new AtomicInteger()), RetryPolicy.none());
        batched.execute(txn -> txn.execute("SELECT VALUE 1 FROM A").toList(), RetryPolicy.none());
        assertThat(batches.sent).as("the next transaction batched again: start + read, commit").hasSize(3);
        assertThat(session.finished()).isTrue();
    }

    @Test
    void anOccConflictInABatchIsRetriedBatchedAndCountsAsARetry() {
        session.startSession("s1");
        batches.answer(400, Map.of(), "{\"__type\":\"OccConflictException\",\"Message\":\"OCC\"}").ok().ok();
        AtomicInteger runs = new AtomicInteger();
        batched.execute(txn -> {
            runs.incrementAndGet();
            return txn.execute("SELECT VALUE 1 FROM A").toList();
        }, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(1), 0, RetryPolicy.retryableCodes()));
        assertThat(runs).hasValue(2);
        assertThat(sleeps).hasSize(1);
        assertThat(batches.sent).hasSize(3);
        assertThat(session.finished()).isTrue();

        batches.answer(400, Map.of(), "{\"__type\":\"OccConflictException\",\"Message\":\"OCC\"}");
        assertThatThrownBy(() -> batched.execute(txn -> txn.execute("SELECT VALUE 1 FROM A").toList(),
                RetryPolicy.none())).isInstanceOfSatisfying(LedgerServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
    }

    /** Answers of servers without the batch endpoint. */
    enum NoBatchEndpoint {
        /** A Vellum whose native API has no batch endpoint (the native error shape). */
        VELLUM_NATIVE_404(404, Map.of(), "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no native API resource at"
                + " /v1/ledgers/ledger/batches\"}}", false),
        /** A Vellum before the native API: its control plane's answer to an unknown path. */
        VELLUM_CONTROL_PLANE(404, Map.of("x-amzn-errortype", "UnknownOperationException:"),
                "{\"__type\":\"UnknownOperationException\",\"Message\":\"Unknown operation\"}", false),
        /** An AWS JSON service answering a request without X-Amz-Target with 400. */
        AWS_UNKNOWN_OPERATION_400(400, Map.of(), "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}",
                false),
        METHOD_NOT_ALLOWED(405, Map.of(), "", false),
        /** A front that answers anything with 200: no batch answer, and something may have started: abort first. */
        ANSWERS_EVERYTHING(200, Map.of(), "{}", true);

        final int status;
        final Map<String, String> headers;
        final String body;
        final boolean abortsFirst;

        NoBatchEndpoint(int status, Map<String, String> headers, String body, boolean abortsFirst) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.abortsFirst = abortsFirst;
        }
    }

    @ParameterizedTest
    @EnumSource(NoBatchEndpoint.class)
    void withoutTheBatchEndpointTheTransactionRunsUnbatchedAndSoDoesEveryLaterOne(NoBatchEndpoint server) {
        session.startSession("s1");
        if (server.abortsFirst) {
            session.abort();
        }
        session.startTransaction("T1").page("ExecuteStatement", null, "1").commitEcho()
                .startTransaction("T2").page("ExecuteStatement", null, "2").commitEcho();
        batches.answer(server.status, server.headers, server.body);
        AtomicInteger runs = new AtomicInteger();
        Object first = batched.execute(txn -> {
            runs.incrementAndGet();
            return txn.execute("SELECT VALUE 1 FROM A").toList();
        }, RetryPolicy.none());
        Object second = batched.execute(txn -> txn.execute("SELECT VALUE 2 FROM A").toList(), RetryPolicy.none());
        assertThat(first).hasToString("[1]");
        assertThat(second).hasToString("[2]");
        assertThat(runs).hasValue(2);
        assertThat(batches.sent).as("one batch, then the Session API for good").hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(session.finished()).isTrue();
    }

    @Test
    void aCommitBatchWhoseAnswerIsNoBatchAnswerSurfacesSinceTheCommitMayHaveHappened() {
        session.startSession("s1").abort();
        batches.ok().answer(200, Map.of(), "{}");
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> batched.execute(txn -> {
            runs.incrementAndGet();
            return txn.execute("SELECT VALUE 1 FROM A").toList();
        }, RetryPolicy.none())).hasMessageContaining("protocol violation");
        assertThat(runs).hasValue(1);
        assertThat(session.finished()).isTrue();
    }
}
