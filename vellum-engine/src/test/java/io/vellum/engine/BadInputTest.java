package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the public API: every case is an error with a stable code whose message names the violated
 * condition and the values involved, and nothing of the transaction it happened in is committed. Each case runs
 * twice: through {@link Ledger#execute} (the failure aborts the transaction), and in an explicit transaction that
 * wrote a marker document first and is committed after the failure (QLDB keeps a transaction open after a failed
 * statement): then only the marker commits, none of the failed statement's writes, even those it made before
 * failing.
 */
class BadInputTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    private Ledger ledger;

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(directory);
        ledger.executeStatement("CREATE TABLE T");
        ledger.executeStatement("CREATE INDEX ON T (k)");
        ledger.executeStatement("INSERT INTO T VALUE {'k': 'existing', 'n': 1, 'list': [1, 2]}");
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    /**
     * Runs {@code bad} both ways and checks the error each time: its code and that its message contains every one
     * of {@code messageParts} (the condition and the values).
     */
    private void assertRejected(ErrorCode code, Consumer<Transaction> bad, String... messageParts) {
        LedgerDigest before = ledger.digest();
        List<IonValue> documentsBefore = ledger.executeStatement("SELECT * FROM _ql_committed_T");
        assertThatThrownBy(() -> ledger.execute(tx -> {
            bad.accept(tx);
            return null;
        })).isInstanceOfSatisfying(LedgerException.class, e -> assertError(e, code, messageParts));
        assertThat(ledger.digest()).as("nothing committed through execute").isEqualTo(before);

        Transaction transaction = ledger.begin();
        transaction.execute("INSERT INTO T VALUE {'marker': ?}", ION.newString(transaction.id()));
        assertThatThrownBy(() -> bad.accept(transaction))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertError(e, code, messageParts));
        if (code == ErrorCode.TRANSACTION_EXPIRED) {
            // Expiry aborted it: the commit is refused, naming the transaction.
            assertThatThrownBy(transaction::commit).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.getMessage()).contains(transaction.id()));
            assertThat(ledger.digest()).as("nothing of the expired transaction committed").isEqualTo(before);
            return;
        }
        CommitResult result = transaction.commit();
        List<IonValue> documentsAfter = ledger.executeStatement("SELECT * FROM _ql_committed_T");
        assertThat(result.blockAddress()).as("the marker alone commits").isNotNull();
        assertThat(ledger.readBlock(result.blockAddress()).revisions()).as("revisions of the committed block")
                .hasSize(1);
        assertThat(documentsAfter).as("the documents before, plus the marker").hasSize(documentsBefore.size() + 1)
                .containsAll(documentsBefore);
        ledger.executeStatement("DELETE FROM T WHERE marker IS NOT MISSING");
    }

    private static void assertError(LedgerException e, ErrorCode code, String... messageParts) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        for (String part : messageParts) {
            assertThat(e.getMessage()).contains(part);
        }
    }

    @Test
    void malformedStatementsNameLineAndColumn() {
        assertRejected(ErrorCode.PARSE_ERROR, tx -> tx.execute("SELECT *\nFROM T WHERE ("),
                "line 2, column 15", "expected an expression but found end of statement");
        assertRejected(ErrorCode.PARSE_ERROR, tx -> tx.execute("SELEC * FROM T"), "line 1, column 1", "'SELEC'");
        assertRejected(ErrorCode.PARSE_ERROR, tx -> tx.execute("UPDATE T\n  SET n = 2\n  WHERE k = 'a' 'b'"),
                "line 3, column 17");
        assertRejected(ErrorCode.PARSE_ERROR, tx -> tx.execute("INSERT INTO T VALUE {'a': 'unterminated}"),
                "line 1, column 27");
    }

    @Test
    void unknownTablesAndDocumentsAreNotFound() {
        for (String statement : List.of("SELECT * FROM Nope", "INSERT INTO Nope VALUE {'a': 1}",
                "UPDATE Nope SET a = 1", "DELETE FROM Nope", "FROM Nope AS n SET n.a = 1",
                "SELECT * FROM history(Nope)", "SELECT * FROM _ql_committed_Nope", "CREATE INDEX ON Nope (a)",
                "DROP TABLE Nope")) {
            assertRejected(ErrorCode.NOT_FOUND, tx -> tx.execute(statement), "Nope");
        }
        assertRejected(ErrorCode.NOT_FOUND, tx -> tx.execute("UNDROP TABLE \"0000000000000000000000\""),
                "0000000000000000000000");
        assertRejected(ErrorCode.NOT_FOUND, tx -> tx.execute("DROP INDEX \"missingIndex\" ON T WITH (purge = true)"),
                "T", "missingIndex");
        BlockAddress tip = ledger.digest().tipAddress();
        assertThatThrownBy(() -> ledger.revision(tip, "NoSuchDocument", tip))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertError(e, ErrorCode.NOT_FOUND, "NoSuchDocument", "block " + tip.sequenceNo()));
    }

    @Test
    void proofRequestsWithImpossibleAddressesNameThem() {
        BlockAddress tip = ledger.digest().tipAddress();
        String strand = tip.strandId();
        long last = tip.sequenceNo();
        assertApiError(() -> ledger.block(new BlockAddress(strand, last + 1), tip),
                "block address sequenceNo " + (last + 1) + " is beyond the last committed block " + last);
        assertApiError(() -> ledger.revision(new BlockAddress(strand, last), "anyDocument", new BlockAddress(strand, 1)),
                "tip sequenceNo 1 precedes block " + last);
        assertApiError(() -> ledger.digest(new BlockAddress("0000000000000000000000", 1)),
                "tip names strand 0000000000000000000000 but this ledger's strand is " + strand);
        assertApiError(() -> ledger.consistencyProof(tip, new BlockAddress(strand, 1)),
                "older tip " + last + " is after newer tip 1");
    }

    private static void assertApiError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LedgerException.class,
                e -> assertError(e, ErrorCode.INVALID_REQUEST, message));
    }

    @Test
    void fieldNamesWithoutTextAreRefusedAndNothingIsWritten() {
        // Regression: `{$0: 1}` (symbol id 0 has no text) was stored and answered as {$0:1}.
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("INSERT INTO T VALUE `{$0: 1}`"),
                "the document has a field name without text ($0)");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("INSERT INTO T VALUE ?",
                ION.singleValue("{a: {b: [{$0: 1}]}}")), "field name without text");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("UPDATE T SET n = `{$0: 1}`"),
                "field name without text");
    }

    @Test
    void unknownFieldsAreMissingAsInQldbExceptWhereAStatementNeedsThem() {
        // PartiQL (and QLDB) reads an absent field as MISSING: no error, nothing projected, nothing matched.
        assertThat(ledger.executeStatement("SELECT t.nope FROM T AS t")).containsExactly(ION.newEmptyStruct());
        assertThat(ledger.executeStatement("SELECT * FROM T WHERE nope = 1")).isEmpty();
        // Where the statement needs the field to exist, it is an error naming it.
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("FROM T AS t INSERT INTO t.absent VALUE 3"),
                "found missing");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("FROM T AS t INSERT INTO t.list VALUE 3 AT 9"),
                "position from 0 to 2");
    }

    @Test
    void wrongParameterCountsNameBothCounts() {
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("INSERT INTO T VALUE {'a': ?}"),
                "the statement has 1 parameter (?) but 0 were given");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("SELECT * FROM T WHERE k = ?",
                ION.newString("a"), ION.newString("b")), "the statement has 1 parameter (?) but 2 were given");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("INSERT INTO T VALUE {'a': 1}", ION.newInt(1)),
                "the statement has 0 parameters (?) but 1 was given");
    }

    @Test
    void wrongTypesNameTheTypes() {
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("INSERT INTO T VALUE 5"),
                "INSERT INTO T expects a struct, found int");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("INSERT INTO T ?", ION.newString("text")),
                "found string");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("INSERT INTO T << {'a': 1}, 7 >>"), "found int");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("UPDATE T AS t SET t.n.deeper = 1"),
                "cannot SET t.n.deeper", "int, not a struct");
        assertRejected(ErrorCode.INVALID_REQUEST, tx -> tx.execute("SELECT SUM(t.k) FROM T AS t"), "SUM needs numbers");
    }

    @Test
    void aDocumentOverTheSizeLimitNamesItsSizeAndTheLimit() {
        // Two parameters within their own limit make one document over the document limit.
        assertRejected(ErrorCode.LIMIT_EXCEEDED, tx -> tx.execute("INSERT INTO T VALUE {'a': ?, 'b': ?}",
                blob(70 * 1024), blob(70 * 1024)), "document is 143", "bytes of Ion binary; the limit is 131072");
        // Growing an existing document past the limit is refused the same way, and the document keeps its revision.
        assertRejected(ErrorCode.LIMIT_EXCEEDED, tx -> tx.execute("UPDATE T AS t SET t.a = ?, t.b = ? WHERE t.k = ?",
                blob(70 * 1024), blob(70 * 1024), ION.newString("existing")), "document is 143",
                "the limit is 131072");
        assertRejected(ErrorCode.LIMIT_EXCEEDED, tx -> tx.execute("INSERT INTO T VALUE ?",
                bigParameter()), "parameter 1 is", "the limit is 131072");
        assertRejected(ErrorCode.LIMIT_EXCEEDED, tx -> tx.execute(
                "SELECT * FROM T WHERE k = '" + "x".repeat(100_000) + "'"), "statement is 100028 characters",
                "the limit is 100000");
    }

    private static IonValue blob(int bytes) {
        return ION.newBlob(new byte[bytes]);
    }

    private static IonValue bigParameter() {
        IonStruct parameter = ION.newEmptyStruct();
        parameter.put("blob").newBlob(new byte[129 * 1024]);
        return parameter;
    }

    @Test
    void tooManyDocumentsInOneTransactionNamesTheLimit() {
        LedgerDigest before = ledger.digest();
        assertThatThrownBy(() -> ledger.execute(tx -> {
            for (int i = 0; i < 41; i++) {
                tx.execute("INSERT INTO T VALUE {'i': ?}", ION.newInt(i));
            }
            return null;
        })).isInstanceOfSatisfying(LedgerException.class,
                e -> assertError(e, ErrorCode.LIMIT_EXCEEDED, "at most 40 documents"));
        assertThat(ledger.digest()).as("nothing committed").isEqualTo(before);

        // A statement that takes the transaction over the limit (1 written before + 40) fails whole: none of its 40
        // documents stay, the earlier write does. (An IonList is a java.util.List: passed alone it would be the
        // parameter list, hence List.of.)
        IonList forty = ION.newEmptyList();
        for (int i = 0; i < 40; i++) {
            forty.add().newEmptyStruct().put("i").newInt(i);
        }
        Transaction transaction = ledger.begin();
        transaction.execute("INSERT INTO T VALUE {'first': true}");
        assertThatThrownBy(() -> transaction.execute("INSERT INTO T ?", List.of(forty)))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertError(e, ErrorCode.LIMIT_EXCEEDED, "at most 40 documents"));
        CommitResult result = transaction.commit();
        assertThat(ledger.readBlock(result.blockAddress()).revisions()).hasSize(1);
        assertThat(ledger.executeStatement("SELECT * FROM T WHERE i IS NOT MISSING")).isEmpty();
        ledger.executeStatement("DELETE FROM T WHERE \"first\" = true");

        IonList many = ION.newEmptyList();
        for (int i = 0; i < 41; i++) {
            many.add().newEmptyStruct().put("i").newInt(i);
        }
        assertRejected(ErrorCode.LIMIT_EXCEEDED, tx -> tx.execute("INSERT INTO T ?", List.of(many.clone())),
                "at most 40 documents");
    }

    @Test
    void aTransactionPastItsTimeoutIsExpiredAndCommitsNothing() throws InterruptedException {
        ledger.close();
        // Real time: the timeout is measured with the monotonic clock. 1 s leaves room for a loaded machine to run
        // the statement before the sleep; the sleep only ever lasts longer than asked.
        ledger = Ledger.open(directory, LedgerOptions.defaults().withTransactionTimeout(Duration.ofSeconds(1)));
        assertRejected(ErrorCode.TRANSACTION_EXPIRED, tx -> {
            sleep(1_300);
            tx.execute("INSERT INTO T VALUE {'late': true}");
        }, "has expired");

        LedgerDigest before = ledger.digest();
        Transaction idle = ledger.begin();
        idle.execute("INSERT INTO T VALUE {'late': 'commit'}");
        sleep(1_300);
        assertThatThrownBy(idle::commit).isInstanceOfSatisfying(LedgerException.class,
                e -> assertError(e, ErrorCode.TRANSACTION_EXPIRED, "Transaction " + idle.id() + " has expired"));
        assertThat(ledger.digest()).isEqualTo(before);
        assertThat(ledger.executeStatement("SELECT * FROM T WHERE late IS NOT MISSING")).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
