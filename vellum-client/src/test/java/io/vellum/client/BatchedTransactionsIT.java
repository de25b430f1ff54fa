package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VellumClientBuilder#batchStatements(boolean)} against a real server with SigV4 on: the same transactions in
 * fewer requests, failures that write nothing, and OCC retries as without batching.
 */
class BatchedTransactionsIT {
    private static final IonSystem ION = com.amazon.ion.system.IonSystemBuilder.standard().build();
    @TempDir
    static Path data;
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(data);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aTransferTakesThreeRequestsInsteadOfSeven() {
        String ledger = server.createLedger("transfer");
        try (VellumClient client = server.clientBuilder(ledger).batchStatements(true).build()) {
            IonSystem ion = client.ionSystem();
            setUpAccounts(client);
            Map<String, Long> before = server.server().metrics().sessionCommands();
            String transactionId = client.execute(txn -> {
                transfer(txn, ion, "a", "b");
                return txn.transactionId();
            });
            Map<String, Long> after = server.server().metrics().sessionCommands();
            // StartTransaction + first SELECT; the second SELECT; both UPDATEs, the INSERT and the commit.
            assertThat(delta(before, after, "Batch")).isEqualTo(3);
            assertThat(delta(before, after, "ExecuteStatement") + delta(before, after, "StartTransaction")
                    + delta(before, after, "CommitTransaction")).isZero();
            assertThat(transactionId).hasSize(22);
            assertThat(balance(client, "a")).isEqualByComparingTo("99");
            assertThat(balance(client, "b")).isEqualByComparingTo("101");
            List<IonValue> transfers = client.execute(txn -> txn.execute("SELECT * FROM Transfers").toList());
            assertThat(transfers).hasSize(1);
        }
    }

    @Test
    void aTransferWhoseReadsAreIssuedTogetherTakesTwoRequests() {
        String ledger = server.createLedger("transfer2");
        try (VellumClient client = server.clientBuilder(ledger).batchStatements(true).build()) {
            IonSystem ion = client.ionSystem();
            setUpAccounts(client);
            Map<String, Long> before = server.server().metrics().sessionCommands();
            client.execute(txn -> {
                transferReadingTogether(txn, ion, "a", "b");
                return null;
            });
            Map<String, Long> after = server.server().metrics().sessionCommands();
            // StartTransaction + both SELECTs; both UPDATEs, the INSERT and the commit.
            assertThat(delta(before, after, "Batch")).isEqualTo(2);
            assertThat(delta(before, after, "ExecuteStatement") + delta(before, after, "StartTransaction")
                    + delta(before, after, "CommitTransaction")).isZero();
            assertThat(balance(client, "a")).isEqualByComparingTo("99");
            assertThat(balance(client, "b")).isEqualByComparingTo("101");
        }
    }

    @Test
    void aStatementFailingBesideAnotherReadSurfacesWhenTheFirstResultIsReadAndIsNotRetried() {
        String ledger = server.createLedger("foldedfails");
        try (VellumClient client = server.clientBuilder(ledger).batchStatements(true).build()) {
            setUpAccounts(client);
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger reachedTheRead = new AtomicInteger();
            assertThatThrownBy(() -> client.execute(txn -> {
                runs.incrementAndGet();
                Result balance = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = 'a'");
                // Held, not sent: no error here although the table does not exist.
                txn.execute("SELECT * FROM NoSuchTable");
                reachedTheRead.incrementAndGet();
                balance.toList(); // sends both, with the start: the second one's failure surfaces here
                txn.execute("UPDATE Accounts AS a SET a.balance = 0.00 WHERE a.accountId = 'a'");
                return null;
            })).isInstanceOf(LedgerServiceException.class)
                    .hasMessageContaining("statement 2 of 2 of the batch, Statements[1]: SELECT * FROM NoSuchTable")
                    .hasMessageContaining("nothing of it was written");
            assertThat(reachedTheRead).hasValue(1);
            assertThat(runs).hasValue(1);
            assertThat(balance(client, "a")).isEqualByComparingTo("100");
        }
    }

    @Test
    void aConflictAfterReadsIssuedTogetherRerunsTheFunction() {
        String ledger = server.createLedger("conflict2");
        try (VellumClient client = server.clientBuilder(ledger).batchStatements(true).build();
             VellumClient other = server.client(ledger)) {
            IonSystem ion = client.ionSystem();
            setUpAccounts(client);
            AtomicInteger runs = new AtomicInteger();
            client.execute(txn -> {
                Result from = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = ?",
                        ion.newString("a"));
                Result to = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = ?",
                        ion.newString("b"));
                BigDecimal fromBalance = ((IonDecimal) from.toList().get(0)).bigDecimalValue();
                BigDecimal toBalance = ((IonDecimal) to.toList().get(0)).bigDecimalValue();
                if (runs.incrementAndGet() == 1) {
                    // Another client changes the second account after both were read: this commit must fail.
                    other.execute(t -> t.execute("UPDATE Accounts AS a SET a.balance = 50.00 WHERE a.accountId = 'b'"));
                }
                txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'a'",
                        ion.newDecimal(fromBalance.subtract(BigDecimal.ONE)));
                txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'b'",
                        ion.newDecimal(toBalance.add(BigDecimal.ONE)));
                return null;
            });
            assertThat(runs).hasValue(2);
            assertThat(balance(client, "a")).isEqualByComparingTo("99");
            assertThat(balance(client, "b")).isEqualByComparingTo("51");
        }
    }

    @Test
    void aStatementFailingInTheCommitBatchWritesNothingAndNamesTheStatement() {
        String ledger = server.createLedger("fails");
        try (VellumClient client = server.clientBuilder(ledger).batchStatements(true).build()) {
            IonSystem ion = client.ionSystem();
            setUpAccounts(client);
            assertThatThrownBy(() -> client.execute(txn -> {
                txn.execute("UPDATE Accounts AS a SET a.balance = 0.00 WHERE a.accountId = 'a'");
                txn.execute("INSERT INTO NoSuchTable ?", ion.newString("x"));
                txn.execute("UPDATE Accounts AS a SET a.balance = 0.00 WHERE a.accountId = 'b'");
                return null;
            })).isInstanceOf(LedgerServiceException.class)
                    .hasMessageContaining("statement 2 of 3 of the batch, Statements[1]: INSERT INTO NoSuchTable ?")
                    .hasMessageContaining("nothing of it was written")
                    .extracting(e -> ((LedgerServiceException) e).code()).isNotEqualTo(ErrorCode.OCC_CONFLICT);
            assertThat(balance(client, "a")).isEqualByComparingTo("100");
            assertThat(balance(client, "b")).isEqualByComparingTo("100");
        }
    }

    @Test
    void aConflictAtTheBatchedCommitRerunsTheFunction() {
        String ledger = server.createLedger("conflict");
        try (VellumClient client = server.clientBuilder(ledger).batchStatements(true).build();
             VellumClient other = server.client(ledger)) {
            IonSystem ion = client.ionSystem();
            setUpAccounts(client);
            AtomicInteger runs = new AtomicInteger();
            client.execute(txn -> {
                BigDecimal from = read(txn, "a");
                if (runs.incrementAndGet() == 1) {
                    // Another client commits a change to the account this transaction read: its commit must fail.
                    other.execute(t -> t.execute("UPDATE Accounts AS a SET a.balance = 50.00 WHERE a.accountId = 'a'"));
                }
                txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'a'",
                        ion.newDecimal(from.subtract(BigDecimal.ONE)));
                return null;
            });
            assertThat(runs).hasValue(2);
            assertThat(balance(client, "a")).isEqualByComparingTo("49");
        }
    }

    @Test
    void resultsOverSeveralPagesAndReturnedResultsAreReadCompletely() {
        String ledger = server.createLedger("pages");
        try (VellumClient client = server.clientBuilder(ledger).batchStatements(true).build()) {
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

    private static void transfer(ClientTransaction txn, IonSystem ion, String from, String to) {
        BigDecimal fromBalance = read(txn, from);
        BigDecimal toBalance = read(txn, to);
        txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ion.newDecimal(fromBalance.subtract(BigDecimal.ONE)), ion.newString(from));
        txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ion.newDecimal(toBalance.add(BigDecimal.ONE)), ion.newString(to));
        txn.execute("INSERT INTO Transfers ?", ion.singleValue("{from: \"" + from + "\", to: \"" + to + "\"}"));
    }

    /** The transfer with both reads issued before either result is looked at. */
    private static void transferReadingTogether(ClientTransaction txn, IonSystem ion, String from, String to) {
        Result fromRows = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = ?",
                ion.newString(from));
        Result toRows = txn.execute("SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = ?",
                ion.newString(to));
        BigDecimal fromBalance = ((IonDecimal) fromRows.toList().get(0)).bigDecimalValue();
        BigDecimal toBalance = ((IonDecimal) toRows.toList().get(0)).bigDecimalValue();
        txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ion.newDecimal(fromBalance.subtract(BigDecimal.ONE)), ion.newString(from));
        txn.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ion.newDecimal(toBalance.add(BigDecimal.ONE)), ion.newString(to));
        txn.execute("INSERT INTO Transfers ?", ion.singleValue("{from: \"" + from + "\", to: \"" + to + "\"}"));
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
