package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statements and results through {@link VellumClient#execute} against a real server with SigV4 on. */
class ClientTransactionsIT {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.shared();

    @Test
    void createReadUpdateDelete() {
        String ledger = SERVER.createLedger("crud");
        try (VellumClient client = SERVER.client(ledger)) {
            IonSystem ion = client.ionSystem();
            client.execute(txn -> txn.execute("CREATE TABLE Accounts"));
            client.execute(txn -> txn.execute("CREATE INDEX ON Accounts (accountId)"));
            assertThat(client.getTableNames()).containsExactly("Accounts");

            IonStruct alice = (IonStruct) ion.singleValue("{accountId: \"alice\", balance: 100.00, opened: 2026-11-27T}");
            List<IonValue> inserted = client.execute(txn -> txn.execute("INSERT INTO Accounts ?", alice).toList());
            assertThat(inserted).hasSize(1);
            assertThat(((IonStruct) inserted.get(0)).get("documentId")).isNotNull();

            IonValue found = client.execute(txn -> {
                Result result = txn.execute("SELECT * FROM Accounts WHERE accountId = ?", ion.newString("alice"));
                return result.iterator().next();
            });
            assertThat(found).isEqualTo(alice);

            Result updated = client.execute(txn -> txn.execute(
                    "UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                    ion.singleValue("75.50"), ion.newString("alice")));
            assertThat(updated.toList()).hasSize(1);
            IonValue balance = client.execute(txn -> txn.execute(
                    "SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = 'alice'").toList().get(0));
            assertThat(balance).isEqualTo(ion.singleValue("75.50"));

            client.execute(txn -> txn.execute("DELETE FROM Accounts AS a WHERE a.accountId = ?", ion.newString("alice")));
            Result empty = client.execute(txn -> txn.execute("SELECT * FROM Accounts"));
            assertThat(empty.isEmpty()).isTrue();
            assertThat(empty.consumedIOs()).isPresent();
        }
        // The same numbers on the Session API's answers and in a batch answer's results.
        try (VellumClient batched = SERVER.clientBuilder(ledger).batchStatements(true).build();
             VellumClient eager = SERVER.clientBuilder(ledger).batchStatements(false).build()) {
            batched.execute(txn -> txn.execute("INSERT INTO Accounts ?", batched.ionSystem().singleValue("{n: 1}")));
            List<Object> reported = new ArrayList<>();
            for (VellumClient client : List.of(batched, eager)) {
                Result read = client.execute(txn -> txn.execute("SELECT * FROM Accounts"));
                Result written = client.execute(txn -> txn.execute("UPDATE Accounts AS a SET a.x = 1"));
                assertThat(read.consumedIOs()).isPresent();
                assertThat(written.consumedIOs()).isPresent();
                reported.add(List.of(read.consumedIOs().get(), written.consumedIOs().get()));
            }
            assertThat(reported.get(0)).isEqualTo(reported.get(1));
        }
    }

    /** Every Ion type as a parameter: the server recomputes the commit digest from the decoded values. */
    @Test
    void parametersOfEveryIonTypeRoundTripAndCommit() {
        try (VellumClient client = SERVER.client(SERVER.createLedger("types"))) {
            IonSystem ion = client.ionSystem();
            client.execute(txn -> txn.execute("CREATE TABLE Things"));
            IonStruct thing = (IonStruct) ion.singleValue("{id: \"t1\", int: -12345678901234567890, decimal: 1.500,"
                    + " float: 2.5e0, timestamp: 2026-11-27T10:15:30.123+01:00, day: 2026-11-27, blob: {{AAEC}},"
                    + " clob: {{\"text\"}}, symbol: euro, annotated: money::12.00, list: [1, \"two\", null.int],"
                    + " sexp: (a b), nested: {deep: [{x: true}]}, nothing: null, unicode: \"\u00e9\u4e2d\ud83d\ude00\"}");
            client.execute(txn -> txn.execute("INSERT INTO Things ?", thing));
            IonValue read = client.execute(txn -> txn.execute("SELECT * FROM Things WHERE id = ?",
                    ion.newString("t1")).toList().get(0));
            assertThat(read).isEqualTo(thing);
        }
    }

    @Test
    void resultsSpanningSeveralPagesAreFetchedAsIterationProceeds() {
        try (VellumClient client = SERVER.client(SERVER.createLedger("pages"))) {
            IonSystem ion = client.ionSystem();
            client.execute(txn -> txn.execute("CREATE TABLE Items"));
            int documents = 1_000;
            int batch = 40;
            for (int first = 0; first < documents; first += batch) {
                int start = first;
                client.execute(txn -> {
                    for (int n = start; n < start + batch; n++) {
                        txn.execute("INSERT INTO Items ?", ion.singleValue("{n: " + n + ", label: \"item " + n + "\"}"));
                    }
                    return null;
                });
            }
            long fetchesBefore = SERVER.server().metrics().sessionCommands().getOrDefault("FetchPage", 0L);
            AtomicInteger seenBeforeCommit = new AtomicInteger();
            Result all = client.execute(txn -> {
                Result result = txn.execute("SELECT VALUE n FROM Items");
                // Iterate part of it inside the transaction: the rest is fetched before the commit.
                int count = 0;
                for (IonValue ignored : result) {
                    if (++count == 300) {
                        break;
                    }
                }
                seenBeforeCommit.set(count);
                return result;
            });
            assertThat(seenBeforeCommit).hasValue(300);
            List<IonValue> values = all.toList();
            assertThat(values).hasSize(documents);
            Set<String> distinct = new HashSet<>();
            values.forEach(value -> distinct.add(value.toString()));
            assertThat(distinct).hasSize(documents);
            long fetches = SERVER.server().metrics().sessionCommands().getOrDefault("FetchPage", 0L) - fetchesBefore;
            assertThat(fetches).as("FetchPage requests for %d values", documents).isGreaterThanOrEqualTo(2);
            assertThat(all.consumedIOs()).isPresent();
        }
    }

    /** Batched, the function runs once more unbatched (not a retry), where the error surfaces at its execute. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void statementErrorsSurfaceWithTheServersMessageAndAreNotRetried(boolean batched) {
        try (VellumClient client = SERVER.clientBuilder(SERVER.createLedger("errors")).batchStatements(batched)
                .build()) {
            client.execute(txn -> txn.execute("CREATE TABLE T"));
            AtomicInteger executions = new AtomicInteger();
            assertThatThrownBy(() -> client.execute(txn -> {
                executions.incrementAndGet();
                return txn.execute("CREATE TABLE T");
            })).isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.errorType()).isEqualTo("BadRequestException");
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.serviceMessage()).contains("T");
            });
            assertThat(executions).hasValue(batched ? 2 : 1);

            assertThatThrownBy(() -> client.execute(txn -> txn.execute("SELEC * FROM T")))
                    .isInstanceOf(LedgerServiceException.class);
            // The session survived both aborts.
            assertThat(client.execute(txn -> txn.execute("SELECT * FROM T")).isEmpty()).isTrue();
        }
    }

    @Test
    void applicationAbortWritesNothing() {
        try (VellumClient client = SERVER.client(SERVER.createLedger("abort"))) {
            IonSystem ion = client.ionSystem();
            client.execute(txn -> txn.execute("CREATE TABLE T"));
            assertThatThrownBy(() -> client.execute(txn -> {
                txn.execute("INSERT INTO T ?", ion.singleValue("{a: 1}"));
                txn.abort();
                return null;
            })).isInstanceOf(TransactionAbortedException.class);
            assertThat(client.execute(txn -> txn.execute("SELECT * FROM T")).isEmpty()).isTrue();
        }
    }

    @Test
    void unknownLedgerIsRefusedClearly() {
        try (VellumClient client = SERVER.client("no-such-ledger")) {
            assertThatThrownBy(() -> client.execute(txn -> null))
                    .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("no-such-ledger");
                    });
        }
    }

    @Test
    void transactionIdAndCommitDigestAreVisibleToTheFunction() {
        try (VellumClient client = SERVER.client(SERVER.createLedger("digest"))) {
            List<String> seen = new ArrayList<>();
            client.execute(txn -> {
                seen.add(txn.transactionId());
                seen.add(txn.commitDigest().toBase64());
                txn.execute("SELECT * FROM information_schema.user_tables");
                seen.add(txn.commitDigest().toBase64());
                return null;
            });
            assertThat(seen.get(0)).hasSize(22);
            assertThat(seen.get(1)).isEqualTo(io.vellum.proof.block.CommitDigest.seed(seen.get(0)).toBase64());
            assertThat(seen.get(2)).isNotEqualTo(seen.get(1));
        }
    }
}
