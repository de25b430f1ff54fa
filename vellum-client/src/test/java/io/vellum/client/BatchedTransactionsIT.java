package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import io.vellum.server.metrics.ServerMetrics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link VellumClientBuilder#batchStatements(boolean)} (on by default) against a real server with SigV4 on: the same
 * transactions in fewer requests, failures that write nothing and surface as without batching, OCC retries as
 * without batching, and the fallback to the Session API where there is no batch endpoint.
 */
class BatchedTransactionsIT {
    private static final IonSystem ION = com.amazon.ion.system.IonSystemBuilder.standard().build();
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.shared();

    /**
     * How a transfer reads its two balances: one by one, each result looked at before the next read is issued, or both
     * reads issued before either result is looked at; and how many requests the whole transfer then takes.
     */
    enum Reads {
        /** StartTransaction + first SELECT; the second SELECT; both UPDATEs, the INSERT and the commit. */
        ONE_BY_ONE(3),
        /** StartTransaction + both SELECTs; both UPDATEs, the INSERT and the commit. */
        TOGETHER(2);

        final int requests;

        Reads(int requests) {
            this.requests = requests;
        }
    }

    @ParameterizedTest
    @EnumSource(Reads.class)
    void aTransferTakesThreeRequestsInsteadOfSevenOrTwoWithItsReadsIssuedTogether(Reads reads) {
        String ledger = SERVER.createLedger("transfer");
        try (VellumClient client = SERVER.clientBuilder(ledger).batchStatements(true).build()) {
            setUpAccounts(client);
            Map<String, Long> before = SERVER.server().metrics().sessionCommands();
            String transactionId = client.execute(txn -> {
                transfer(txn, reads, () -> { });
                return txn.transactionId();
            });
            Map<String, Long> after = SERVER.server().metrics().sessionCommands();
            assertThat(delta(before, after, "Batch")).isEqualTo(reads.requests);
            assertThat(delta(before, after, "ExecuteStatement") + delta(before, after, "StartTransaction")
                    + delta(before, after, "CommitTransaction")).isZero();
            assertThat(transactionId).hasSize(22);
            assertThat(balance(client, "a")).isEqualByComparingTo("99");
            assertThat(balance(client, "b")).isEqualByComparingTo("101");
            List<IonValue> transfers = client.execute(txn -> txn.execute("SELECT * FROM Transfers").toList());
            assertThat(transfers).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Reads.class)
    void aConflictAtTheBatchedCommitRerunsTheFunction(Reads reads) {
        String ledger = SERVER.createLedger("conflict");
        try (VellumClient client = SERVER.clientBuilder(ledger).batchStatements(true).build();
             VellumClient other = SERVER.client(ledger)) {
            setUpAccounts(client);
            AtomicInteger runs = new AtomicInteger();
            client.execute(txn -> {
                transfer(txn, reads, () -> {
                    if (runs.incrementAndGet() == 1) {
                        // Another client commits a change to an account this transaction read: its commit must fail.
                        other.execute(t -> t.execute(
                                "UPDATE Accounts AS a SET a.balance = 50.00 WHERE a.accountId = 'b'"));
                    }
                });
                return null;
            });
            assertThat(runs).hasValue(2);
            assertThat(balance(client, "a")).isEqualByComparingTo("99");
            assertThat(balance(client, "b")).isEqualByComparingTo("51");
            List<IonValue> transfers = client.execute(txn -> txn.execute("SELECT * FROM Transfers").toList());
            assertThat(transfers).as("nothing of the first run written").hasSize(1);
        }
    }

    @Test
    void aStatementFailingBesideAnotherReadIsMetAtItsExecuteInAnUnbatchedRunAndIsNotRetried() {
        String ledger = SERVER.createLedger("foldedfails");
        try (VellumClient client = SERVER.clientBuilder(ledger).batchStatements(true).build()) {
            setUpAccounts(client);
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger reachedTheRead = new AtomicInteger();
            Map<String, Long> before = SERVER.server().metrics().sessionCommands();
            assertThatThrownBy(() -> client.execute(txn -> {
                runs.incrementAndGet();
                Result balance = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = 'a'");
                // Batched, held: no error here although the table does not exist. Unbatched, the error is here.
                txn.execute("SELECT * FROM NoSuchTable");
                reachedTheRead.incrementAndGet();
                balance.toList(); // batched: sends both, with the start; the second one's failure ends this run
                txn.execute("UPDATE Accounts AS a SET a.balance = 0.00 WHERE a.accountId = 'a'");
                return null;
            })).isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.getMessage()).as("the unbatched run's error").contains("NoSuchTable")
                        .doesNotContain("of the batch");
            });
            Map<String, Long> after = SERVER.server().metrics().sessionCommands();
            assertThat(runs).as("the batched run, then the unbatched one; no retry").hasValue(2);
            assertThat(reachedTheRead).as("only the batched run gets past the failing execute").hasValue(1);
            assertThat(delta(before, after, "Batch")).isEqualTo(1);
            assertThat(delta(before, after, "StartTransaction")).isEqualTo(1);
            assertThat(delta(before, after, "CommitTransaction")).isZero();
            assertThat(balance(client, "a")).isEqualByComparingTo("100");
        }
    }

    @Test
    void aStatementFailingInTheCommitBatchWritesNothingAndSurfacesAsUnbatched() {
        String ledger = SERVER.createLedger("fails");
        try (VellumClient client = SERVER.clientBuilder(ledger).batchStatements(true).build()) {
            IonSystem ion = client.ionSystem();
            setUpAccounts(client);
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> client.execute(txn -> {
                runs.incrementAndGet();
                txn.execute("UPDATE Accounts AS a SET a.balance = 0.00 WHERE a.accountId = 'a'");
                txn.execute("INSERT INTO NoSuchTable ?", ion.newString("x"));
                txn.execute("UPDATE Accounts AS a SET a.balance = 0.00 WHERE a.accountId = 'b'");
                return null;
            })).isInstanceOf(LedgerServiceException.class)
                    .hasMessageContaining("NoSuchTable").hasMessageNotContaining("of the batch")
                    .extracting(e -> ((LedgerServiceException) e).code()).isNotEqualTo(ErrorCode.OCC_CONFLICT);
            assertThat(runs).hasValue(2);
            assertThat(balance(client, "a")).isEqualByComparingTo("100");
            assertThat(balance(client, "b")).isEqualByComparingTo("100");
        }
    }

    /**
     * Legal unbatched: a statement's failure caught at {@code execute}, the transaction goes on and commits (the server
     * leaves it open after a BadRequestException). Batched, the failure ends the batched run at the read, and the
     * unbatched run commits the same.
     */
    @Test
    void aFunctionCatchingAStatementFailureAtExecuteCommitsWhatItCommitsUnbatched() {
        Function<ClientTransaction, String> work = txn -> {
            txn.execute("UPDATE Accounts AS a SET a.balance = 90.00 WHERE a.accountId = 'a'");
            String outcome;
            try {
                txn.execute("INSERT INTO NoSuchTable ?", ION.newString("x"));
                outcome = "inserted";
            } catch (LedgerServiceException e) {
                outcome = "caught " + e.errorType();
            }
            txn.execute("INSERT INTO Transfers ?", ION.singleValue("{from: \"a\", outcome: \"" + outcome + "\"}"));
            return outcome + ", " + txn.execute("SELECT VALUE a.balance FROM Accounts AS a").toList();
        };
        List<Object> outcomes = new ArrayList<>();
        for (boolean batched : new boolean[] {false, true}) {
            String ledger = SERVER.createLedger(batched ? "catchbatched" : "catcheager");
            try (VellumClient client = SERVER.clientBuilder(ledger).batchStatements(batched).build()) {
                setUpAccounts(client);
                String result = client.execute(work);
                List<String> documents = client.execute(txn -> {
                    List<String> all = new ArrayList<>();
                    txn.execute("SELECT * FROM Accounts").forEach(document -> all.add(document.toString()));
                    txn.execute("SELECT * FROM Transfers").forEach(document -> all.add(document.toString()));
                    return all;
                });
                outcomes.add(List.of(result, documents.stream().sorted().toList()));
            }
        }
        assertThat(outcomes.get(0)).asString().contains("caught BadRequestException", "90.00", "100.00");
        assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
    }

    /**
     * A server without the batch endpoint at the client's batch path: a real server reached through a path prefix,
     * where the Session API (routed by {@code X-Amz-Target}) still answers and the batch path is unknown (404
     * {@code UnknownOperationException}, as a Vellum before the native API, and AWS, answer such a path). One batch is
     * refused, then every transaction, the first included, runs on the Session API.
     */
    @Test
    void withoutTheBatchEndpointTheClientFallsBackToTheSessionApiForGood() {
        String ledger = SERVER.createLedger("nobatches");
        java.net.URI prefixed = SERVER.server().endpoint().resolve("/behind-a-prefix/");
        try (VellumClient client = SERVER.clientBuilder(ledger).endpoint(prefixed).build()) {
            Map<String, Long> before = SERVER.server().metrics().sessionCommands();
            Map<String, Long> requestsBefore = SERVER.server().metrics().requestsByEndpoint();
            setUpAccounts(client);
            client.execute(txn -> {
                transfer(txn, Reads.TOGETHER, () -> { });
                return null;
            });
            Map<String, Long> after = SERVER.server().metrics().sessionCommands();
            Map<String, Long> requestsAfter = SERVER.server().metrics().requestsByEndpoint();
            assertThat(delta(before, after, "Batch")).isZero();
            assertThat(delta(before, after, "StartTransaction")).as("4 set-up transactions and the transfer").isEqualTo(5);
            assertThat(delta(before, after, "CommitTransaction")).isEqualTo(5);
            assertThat(delta(requestsBefore, requestsAfter, ServerMetrics.CONTROL)).as("the one refused batch")
                    .isEqualTo(1);
            assertThat(balance(client, "a")).isEqualByComparingTo("99");
            assertThat(balance(client, "b")).isEqualByComparingTo("101");
            List<IonValue> transfers = client.execute(txn -> txn.execute("SELECT * FROM Transfers").toList());
            assertThat(transfers).hasSize(1);
        }
    }

    @Test
    void theDefaultClientBatchesAndBatchStatementsFalseSendsOnlyTheSessionApi() {
        String ledger = SERVER.createLedger("default");
        try (VellumClient batching = SERVER.client(ledger);
             VellumClient eager = SERVER.clientBuilder(ledger).batchStatements(false).build()) {
            setUpAccounts(eager);
            for (VellumClient client : List.of(batching, eager)) {
                Map<String, Long> before = SERVER.server().metrics().sessionCommands();
                client.execute(txn -> {
                    transfer(txn, Reads.TOGETHER, () -> { });
                    return null;
                });
                Map<String, Long> after = SERVER.server().metrics().sessionCommands();
                assertThat(delta(before, after, "Batch")).isEqualTo(client == batching ? 2 : 0);
                assertThat(delta(before, after, "ExecuteStatement")).isEqualTo(client == batching ? 0 : 5);
            }
            assertThat(balance(eager, "a")).isEqualByComparingTo("98");
        }
    }

    @Test
    void resultsOverSeveralPagesAndReturnedResultsAreReadCompletely() {
        String ledger = SERVER.createLedger("pages");
        try (VellumClient client = SERVER.clientBuilder(ledger).batchStatements(true).build()) {
            IonSystem ion = client.ionSystem();
            client.execute(txn -> txn.execute("CREATE TABLE Items"));
            for (int chunk = 0; chunk < 11; chunk++) {
                int first = chunk * 40;
                client.execute(txn -> {
                    for (int i = first; i < first + 40; i++) {
                        txn.execute("INSERT INTO Items ?", ion.singleValue("{n: " + i + "}"));
                    }
                    return null;
                });
            }
            // 440 values: three pages, the first in the batch's answer, the others by FetchPage.
            Result all = client.execute(txn -> txn.execute("SELECT VALUE i.n FROM Items AS i"));
            assertThat(all.toList()).hasSize(440);
            boolean empty = client.execute(txn -> txn.execute("SELECT * FROM Items AS i WHERE i.n = 7").isEmpty());
            assertThat(empty).isFalse();
        }
    }

    private static void setUpAccounts(VellumClient client) {
        IonSystem ion = client.ionSystem();
        client.execute(txn -> txn.execute("CREATE TABLE Accounts"));
        client.execute(txn -> txn.execute("CREATE INDEX ON Accounts (accountId)"));
        client.execute(txn -> txn.execute("CREATE TABLE Transfers"));
        client.execute(txn -> {
            txn.execute("INSERT INTO Accounts ?", ion.singleValue("{accountId: \"a\", balance: 100.00}"));
            txn.execute("INSERT INTO Accounts ?", ion.singleValue("{accountId: \"b\", balance: 100.00}"));
            return null;
        });
    }

    /** Moves 1 from account a to b and records it, reading as {@code reads} says; runs {@code afterReads} between. */
    private static void transfer(ClientTransaction txn, Reads reads, Runnable afterReads) {
        BigDecimal fromBalance;
        BigDecimal toBalance;
        if (reads == Reads.ONE_BY_ONE) {
            fromBalance = read(txn, "a");
            toBalance = read(txn, "b");
        } else {
            Result fromRows = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = ?",
                    ION.newString("a"));
            Result toRows = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = ?",
                    ION.newString("b"));
            fromBalance = ((IonDecimal) fromRows.toList().get(0)).bigDecimalValue();
            toBalance = ((IonDecimal) toRows.toList().get(0)).bigDecimalValue();
        }
        afterReads.run();
        txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'a'",
                ION.newDecimal(fromBalance.subtract(BigDecimal.ONE)));
        txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'b'",
                ION.newDecimal(toBalance.add(BigDecimal.ONE)));
        txn.execute("INSERT INTO Transfers ?", ION.singleValue("{from: \"a\", to: \"b\"}"));
    }

    private static BigDecimal read(ClientTransaction txn, String account) {
        List<IonValue> values = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = ?",
                ION.newString(account)).toList();
        return ((IonDecimal) values.get(0)).bigDecimalValue();
    }

    private static BigDecimal balance(VellumClient client, String account) {
        return client.execute(txn -> read(txn, account));
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
        return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
    }
}
