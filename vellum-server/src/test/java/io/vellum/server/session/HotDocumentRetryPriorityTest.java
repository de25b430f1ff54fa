package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.proof.block.CommitDigest;
import io.vellum.server.HotAccounts;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot-document locks and Session API transactions (the endpoint without HTTP, every request on this one thread, as
 * a pooled server thread serves one session after another): a session's transaction holds its locks against the
 * next request on the same thread, and a transaction started on a session right after its previous one failed with
 * an OCC conflict keeps that one's priority (the drivers retry on the same session without saying so); a session
 * whose client fell silent holding a lock loses it once idle past the lock's lease.
 */
class HotDocumentRetryPriorityTest {
    /** Short, so that a wait these tests do not expect ends the test quickly (with a message that says so). */
    private static final Duration LOCK_WAIT = Duration.ofMillis(300);
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path directory;
    private LedgerRegistry ledgers;
    private SessionEndpoint endpoint;
    private Ledger ledger;

    @BeforeEach
    void open() {
        ledgers = new LedgerRegistry(directory, LedgerOptions.defaults().withHotDocumentLockWait(LOCK_WAIT),
                "us-east-1");
        ledgers.create("hot", false, null, Map.of());
        endpoint = new SessionEndpoint(ledgers, new ServerMetrics(), new SessionLimits(Duration.ofMinutes(1),
                Duration.ofMinutes(15), Duration.ofSeconds(30), 10));
        ledger = ledgers.ledger("hot");
        ledger.executeStatement("CREATE TABLE Accounts");
        ledger.executeStatement("CREATE INDEX ON Accounts (accountId)");
        for (String account : List.of("a", "b", "y")) {
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': '" + account + "', 'balance': 0}");
        }
        HotAccounts.heat(ledger, "a");
        HotAccounts.heat(ledger, "b");
    }

    @AfterEach
    void close() {
        endpoint.close();
        ledgers.close();
    }

    @Test
    void aSessionTransactionsLockIsWaitedForByTheNextRequestOnTheSameThread() {
        String holder = startSession();
        String holding = startTransaction(holder);
        select(holder, holding, "a"); // takes a's lock on this thread
        String other = startSession();
        String waiting = startTransaction(other);
        // Before: the lock counted as this thread's, so the request went past it and read a's old state.
        JsonNode error = error(execute(other, waiting, selectOf("a")));
        assertThat(error.get("__type").asText()).isEqualTo("OccConflictException");
        assertThat(error.get("Message").asText()).contains("waited").contains("the most it may");
    }

    @Test
    void aSessionWhoseClientFellSilentHoldingAHotLockStallsOtherWritersOnlyForTheLocksLease() {
        String silent = startSession();
        String silentTransaction = startTransaction(silent);
        String silentUpdate = "UPDATE Accounts SET balance = 9 WHERE accountId = 'a'";
        // Holds a's lock; its client sends nothing more (a network cut between it and the server).
        assertThat(execute(silent, silentTransaction, silentUpdate).status()).isEqualTo(200);
        // Another client retries as the drivers do: a new transaction on its session after each conflict. An
        // attempt that waits for the silent holder ends at the bound (300 ms); before, every one did until the
        // silent transaction's timeout (30 s). The lease (three bounds) lapses within a few attempts.
        String writer = startSession();
        String update = "UPDATE Accounts SET balance = 7 WHERE accountId = 'a'";
        int attempts = 0;
        HttpResponse answer;
        String attempt;
        do {
            attempts++;
            attempt = startTransaction(writer);
            answer = execute(writer, attempt, update);
        } while (answer.status() != 200 && attempts < 10);
        assertThat(answer.status()).as(body(answer)).isEqualTo(200);
        json(commit(writer, attempt, update));
        // The silent transaction is still open, and validation refuses it: it read a before that commit.
        JsonNode refused = error(commit(silent, silentTransaction, silentUpdate));
        assertThat(refused.get("__type").asText()).isEqualTo("OccConflictException");
    }

    @Test
    void aTransactionStartedAfterTheSessionsConflictKeepsThePriorityOfTheOneThatFailed() {
        String retrying = startSession();
        String first = startTransaction(retrying);
        String update = "UPDATE Accounts SET balance = 5 WHERE accountId = 'y'";
        assertThat(execute(retrying, first, update).status()).isEqualTo(200);
        String younger = startSession();
        String youngerTransaction = startTransaction(younger); // starts after the first attempt, before its retry
        ledger.executeStatement("UPDATE Accounts SET balance = 6 WHERE accountId = 'y'");
        JsonNode conflict = error(commit(retrying, first, update));
        assertThat(conflict.get("__type").asText()).isEqualTo("OccConflictException");

        String retry = startTransaction(retrying); // the driver's retry: same session, no AbortTransaction
        select(retrying, retry, "a"); // holds a's lock
        select(younger, youngerTransaction, "b"); // holds b's lock, then asks for a's
        // The retry is older than the younger transaction, which holds another lock: wait-die makes it die at once.
        // Before, the retry had the priority "now", so the younger one waited for it (and died at the bound).
        JsonNode died = error(execute(younger, youngerTransaction, selectOf("a")));
        assertThat(died.get("__type").asText()).isEqualTo("OccConflictException");
        assertThat(died.get("Message").asText()).contains("wait-die");
    }

    @Test
    void theInheritedPriorityIsBoundedAndUsedOnce() {
        Session session = new Session("token", "id", "hot", 0);
        long bound = TIMEOUT;
        long now = 1_000 * bound;
        session.begin(null, now, now - 5);
        assertThat(session.priorityForNextTransaction(now, bound)).isEqualTo(now); // no conflict: now
        startAndConflict(session, now, now - 100, now);
        assertThat(session.priorityForNextTransaction(now + 10, bound)).isEqualTo(now - 100);
        assertThat(session.priorityForNextTransaction(now + 20, bound)).isEqualTo(now + 20); // consumed
        // Never older than the bound before now, whatever the chain of conflicts.
        startAndConflict(session, now, now - 10 * bound, now);
        assertThat(session.priorityForNextTransaction(now + 1, bound)).isEqualTo(now + 1 - bound);
        // A conflict longer ago than the bound is not taken for the previous attempt of the next transaction.
        startAndConflict(session, now, now - 100, now);
        assertThat(session.priorityForNextTransaction(now + bound + 1, bound)).isEqualTo(now + bound + 1);
        // Nothing is handed on after a transaction that did not conflict.
        session.begin(null, now, now - 100);
        assertThat(session.priorityForNextTransaction(now + 1, bound)).isEqualTo(now + 1);
    }

    private void startAndConflict(Session session, long startNanos, long priorityNanos, long conflictNanos) {
        try (Transaction transaction = ledger.begin()) {
            session.begin(transaction, startNanos, priorityNanos);
            session.conflicted(conflictNanos);
        }
    }

    private static String selectOf(String account) {
        return "SELECT * FROM Accounts WHERE accountId = '" + account + "'";
    }

    private void select(String token, String transaction, String account) {
        HttpResponse response = execute(token, transaction, selectOf(account));
        assertThat(response.status()).as(body(response)).isEqualTo(200);
    }

    private String startSession() {
        return json(send("{\"StartSession\":{\"LedgerName\":\"hot\"}}")).get("StartSession").get("SessionToken")
                .asText();
    }

    private String startTransaction(String token) {
        return json(send("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{}}")).get("StartTransaction")
                .get("TransactionId").asText();
    }

    /** Commits {@code transaction}, whose one statement was {@code statement}. */
    private HttpResponse commit(String token, String transaction, String statement) {
        return send("{\"SessionToken\":\"" + token + "\",\"CommitTransaction\":{\"TransactionId\":\"" + transaction
                + "\",\"CommitDigest\":\"" + new CommitDigest(transaction).add(statement, List.of()).value().toBase64()
                + "\"}}");
    }

    private HttpResponse execute(String token, String transaction, String statement) {
        return send("{\"SessionToken\":\"" + token + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + transaction
                + "\",\"Statement\":\"" + statement + "\",\"Parameters\":[]}}");
    }

    private HttpResponse send(String body) {
        return endpoint.handle(new HttpRequest("POST", "/", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(HttpResponse response) {
        assertThat(response.status()).as(body(response)).isEqualTo(200);
        return SignedHttpClient.json(body(response));
    }

    private static JsonNode error(HttpResponse response) {
        assertThat(response.status()).as(body(response)).isEqualTo(400);
        return SignedHttpClient.json(body(response));
    }

    private static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
