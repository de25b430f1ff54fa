package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serializable OCC as DESIGN.md states it, with interleavings fixed by hand (one thread, two transactions): index
 * lookups conflict only with writes to the same index key, scans with any write to the table, reads by id with
 * writes to that document; a conflict aborts the transaction and commits nothing; {@link Ledger#execute} runs the
 * whole function again on a conflict and on nothing else. The stress tests ({@link BankInvariantTest}) cover the
 * same claims under real concurrency.
 */
class TransactionConflictTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    private static Ledger openWithTables(Path directory, LedgerOptions options) {
        Ledger ledger = Ledger.open(directory, options);
        ledger.executeStatement("CREATE TABLE Accounts");
        ledger.executeStatement("CREATE INDEX ON Accounts (accountId)");
        ledger.executeStatement("CREATE TABLE Audit");
        ledger.executeStatement("INSERT INTO Accounts << {'accountId': 'a', 'balance': 10, 'colour': 'red'}, "
                + "{'accountId': 'b', 'balance': 20, 'colour': 'blue'} >>");
        return ledger;
    }

    private static void assertConflict(Transaction transaction) {
        assertThatThrownBy(transaction::commit).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.OCC_CONFLICT);
            assertThat(e.retryable()).isTrue();
        });
    }

    private static long balance(Transaction tx, String accountId) {
        IonStruct row = (IonStruct) tx.execute("SELECT * FROM Accounts WHERE accountId = ?", ION.newString(accountId))
                .get(0);
        return ((IonInt) row.get("balance")).longValue();
    }

    @Test
    void executeRunsTheWholeFunctionAgainAfterAConflict() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults())) {
            AtomicInteger attempts = new AtomicInteger();
            long written = ledger.execute(tx -> {
                long seen = balance(tx, "a");
                if (attempts.incrementAndGet() == 1) {
                    // Another transaction commits a write to what this one read, after it read it.
                    ledger.executeStatement("UPDATE Accounts SET balance = 100 WHERE accountId = 'a'");
                }
                tx.execute("UPDATE Accounts SET balance = ? WHERE accountId = 'a'", ION.newInt(seen + 1));
                return seen + 1;
            });
            assertThat(attempts.get()).as("attempts").isEqualTo(2);
            assertThat(written).as("the retry read the committed 100, not the stale 10").isEqualTo(101);
            assertThat(committedBalance(ledger, "a")).isEqualTo(101);
            assertThat(ledger.statistics().conflicts()).isEqualTo(1);
        }
    }

    @Test
    void executeGivesUpAfterTheConfiguredRetriesAndCommitsNothing() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults().withConflictRetries(2))) {
            LedgerDigest before = ledger.digest();
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> ledger.execute(tx -> {
                int attempt = attempts.incrementAndGet();
                balance(tx, "a");
                ledger.executeStatement("UPDATE Accounts SET balance = ? WHERE accountId = 'a'", ION.newInt(attempt));
                return tx.execute("INSERT INTO Audit VALUE {'attempt': ?}", ION.newInt(attempt));
            })).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
            assertThat(attempts.get()).as("1 run + 2 retries").isEqualTo(3);
            assertThat(ledger.executeStatement("SELECT * FROM Audit")).as("no attempt committed").isEmpty();
            assertThat(ledger.digest().tipAddress().sequenceNo())
                    .as("only the 3 interfering updates committed")
                    .isEqualTo(before.tipAddress().sequenceNo() + 3);
        }
    }

    @Test
    void executeDoesNotRetryOtherFailures() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults())) {
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> ledger.execute(tx -> {
                attempts.incrementAndGet();
                tx.execute("INSERT INTO Audit VALUE {'n': 1}");
                return tx.execute("SELECT * FROM Nowhere");
            })).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> ledger.execute(tx -> {
                attempts.incrementAndGet();
                tx.execute("INSERT INTO Audit VALUE {'n': 2}");
                throw new IllegalStateException("application failure");
            })).isInstanceOf(IllegalStateException.class).hasMessage("application failure");
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(ledger.executeStatement("SELECT * FROM Audit")).as("both aborted").isEmpty();
        }
    }

    @Test
    void indexLookupsConflictOnlyWithWritesToTheSameKey() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults())) {
            // "Create x if absent" while another transaction creates y: no conflict.
            Transaction createX = ledger.begin();
            assertThat(createX.execute("SELECT * FROM Accounts WHERE accountId = 'x'")).isEmpty();
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': 'y', 'balance': 0}");
            ledger.executeStatement("UPDATE Accounts SET balance = 21 WHERE accountId = 'b'");
            createX.execute("INSERT INTO Accounts VALUE {'accountId': 'x', 'balance': 0}");
            assertThat(createX.commit().blockAddress()).isNotNull();

            // ... while another creates the same id: conflict, and only one of them exists.
            Transaction createZ = ledger.begin();
            assertThat(createZ.execute("SELECT * FROM Accounts WHERE accountId = 'z'")).isEmpty();
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': 'z', 'balance': 1}");
            createZ.execute("INSERT INTO Accounts VALUE {'accountId': 'z', 'balance': 2}");
            assertConflict(createZ);
            assertThat(ledger.executeStatement("SELECT VALUE balance FROM Accounts WHERE accountId = 'z'"))
                    .containsExactly(ION.newInt(1));

            // An update that moves a document onto the key read (its new value) conflicts too.
            Transaction createW = ledger.begin();
            assertThat(createW.execute("SELECT * FROM Accounts WHERE accountId = 'w'")).isEmpty();
            ledger.executeStatement("UPDATE Accounts SET accountId = 'w' WHERE accountId = 'y'");
            createW.execute("INSERT INTO Audit VALUE {'created': 'w'}");
            assertConflict(createW);
        }
    }

    @Test
    void scansConflictWithAnyWriteToTheScannedTableOnly() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults())) {
            // colour is not indexed: the WHERE scans the whole table.
            Transaction scanner = ledger.begin();
            assertThat(scanner.execute("SELECT * FROM Accounts WHERE colour = 'green'")).isEmpty();
            ledger.executeStatement("INSERT INTO Audit VALUE {'unrelated': true}");
            scanner.execute("INSERT INTO Audit VALUE {'green': 0}");
            assertThat(scanner.commit().blockAddress()).as("a write to another table does not conflict").isNotNull();

            Transaction again = ledger.begin();
            assertThat(again.execute("SELECT * FROM Accounts WHERE colour = 'green'")).isEmpty();
            ledger.executeStatement("INSERT INTO Accounts VALUE {'accountId': 'c', 'colour': 'purple'}");
            again.execute("INSERT INTO Audit VALUE {'green': 0}");
            assertConflict(again);
        }
    }

    @Test
    void readsByDocumentIdConflictWithWritesToThatDocumentOnly() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults())) {
            String a = documentId(ledger, "a");
            String b = documentId(ledger, "b");
            Transaction reader = ledger.begin();
            assertThat(reader.execute("SELECT * FROM Accounts BY id WHERE id = ?", ION.newString(a))).hasSize(1);
            ledger.executeStatement("UPDATE Accounts AS x BY id SET x.balance = 0 WHERE id = ?", ION.newString(b));
            reader.execute("INSERT INTO Audit VALUE {'read': ?}", ION.newString(a));
            assertThat(reader.commit().blockAddress()).isNotNull();

            Transaction stale = ledger.begin();
            assertThat(stale.execute("SELECT * FROM Accounts BY id WHERE id = ?", ION.newString(a))).hasSize(1);
            ledger.executeStatement("DELETE FROM Accounts BY id WHERE id = ?", ION.newString(a));
            stale.execute("INSERT INTO Audit VALUE {'read': ?}", ION.newString(a));
            assertConflict(stale);
        }
    }

    @Test
    void aConflictAbortsTheTransactionAndCommitsNothingOfIt() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults())) {
            Transaction loser = ledger.begin();
            long seen = balance(loser, "a");
            ledger.executeStatement("UPDATE Accounts SET balance = 0 WHERE accountId = 'a'");
            loser.execute("UPDATE Accounts SET balance = ? WHERE accountId = 'a'", ION.newInt(seen - 5));
            loser.execute("INSERT INTO Audit VALUE {'withdrawn': 5}");
            LedgerDigest before = ledger.digest();
            assertConflict(loser);
            assertThat(ledger.digest()).isEqualTo(before);
            assertThat(ledger.executeStatement("SELECT * FROM Audit")).isEmpty();
            assertThat(committedBalance(ledger, "a")).isEqualTo(0);
            // Aborted by the ledger itself: it cannot be used again.
            assertThatThrownBy(() -> loser.execute("SELECT * FROM Audit")).isInstanceOf(LedgerException.class);
            assertThatThrownBy(loser::commit).isInstanceOf(LedgerException.class);
            loser.abort(); // a no-op now
        }
    }

    @Test
    void readOnlyTransactionsNeverConflict() {
        try (Ledger ledger = openWithTables(directory, LedgerOptions.defaults())) {
            Transaction reader = ledger.begin();
            assertThat(balance(reader, "a")).isEqualTo(10);
            ledger.executeStatement("UPDATE Accounts SET balance = 11 WHERE accountId = 'a'");
            assertThat(balance(reader, "a")).as("its snapshot").isEqualTo(10);
            assertThat(reader.execute("SELECT * FROM Accounts")).hasSize(2);
            assertThat(reader.commit().blockAddress()).isNull();
        }
    }

    @Test
    void defaultsAreQldbsQuotas() {
        LedgerOptions defaults = LedgerOptions.defaults();
        assertThat(defaults.transactionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxDocumentsPerTransaction()).isEqualTo(40);
        assertThat(defaults.maxDocumentSize()).isEqualTo(128 * 1024);
        assertThat(defaults.maxParameterSize()).isEqualTo(128 * 1024);
        assertThat(defaults.maxStatementLength()).isEqualTo(100_000);
        assertThat(defaults.maxActiveTables()).isEqualTo(20);
        assertThat(defaults.maxTotalTables()).isEqualTo(40);
        assertThat(defaults.maxIndexesPerTable()).isEqualTo(5);
    }

    private static long committedBalance(Ledger ledger, String accountId) {
        Long balance = ledger.execute(tx -> balance(tx, accountId));
        return balance;
    }

    private static String documentId(Ledger ledger, String accountId) {
        List<IonValue> ids = ledger.executeStatement(
                "SELECT VALUE metadata.id FROM _ql_committed_Accounts WHERE data.accountId = ?",
                ION.newString(accountId));
        return ((IonString) ids.get(0)).stringValue();
    }
}
