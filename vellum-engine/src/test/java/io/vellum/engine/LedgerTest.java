package io.vellum.engine;

import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.verify.BlockProof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.CommitDigest;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    private static List<IonValue> rows(Ledger ledger, String statement, IonValue... parameters) {
        return ledger.execute(tx -> tx.execute(statement, parameters));
    }

    private static String text(IonValue struct, String field) {
        return ((IonString) ((IonStruct) struct).get(field)).stringValue();
    }

    private static void assertFails(ErrorCode code, String messagePart, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(LedgerException.class)
                .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }

    @Test
    void documentsHaveRevisionsHistoryAndProofs() {
        try (Ledger ledger = Ledger.open(directory)) {
            LedgerDigest genesis = ledger.digest();
            assertThat(genesis.tipAddress().sequenceNo()).isZero();
            String tableId = text(ledger.execute(tx -> tx.execute("CREATE TABLE Cars")).get(0), "tableId");
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Cars (VIN)"));
            String id = text(ledger.execute(tx -> tx.execute(
                    "INSERT INTO Cars VALUE {'VIN': 'V1', 'color': 'red'}")).get(0), "documentId");
            ledger.execute(tx -> tx.execute("UPDATE Cars AS c SET c.color = 'blue' WHERE c.VIN = 'V1'"));
            ledger.execute(tx -> tx.execute("DELETE FROM Cars AS c WHERE c.VIN = 'V1'"));

            assertThat(rows(ledger, "SELECT * FROM Cars")).isEmpty();
            List<IonValue> history = ledger.execute(tx -> tx.execute("SELECT * FROM history(Cars) AS h"));
            assertThat(history).hasSize(3);
            assertThat(((IonStruct) history.get(2)).get("data")).isNull();
            List<IonValue> tables = ledger.execute(tx -> tx.execute(
                    "SELECT VALUE name FROM information_schema.user_tables WHERE status = 'ACTIVE'"));
            assertThat(tables).containsExactly(ION.newString("Cars"));

            LedgerDigest digest = ledger.digest();
            for (IonValue revisionValue : history) {
                IonStruct revision = (IonStruct) revisionValue;
                BlockAddress address = BlockAddress.parseIonText(revision.get("blockAddress").toString());
                RevisionProof proof = ledger.revision(address, id, digest.tipAddress());
                Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
                BlockProof blockProof = ledger.block(address, digest.tipAddress());
                Verifier.verifyBlock(blockProof.block(), blockProof.proof(), digest);
                assertThat(blockProof.block().transactionInfo().documents().get(id).tableId()).isEqualTo(tableId);
            }
            Verifier.verifyConsistency(genesis, digest,
                    ledger.consistencyProof(genesis.tipAddress(), digest.tipAddress()));
            assertThat(ledger.verifyJournal()).isEqualTo(digest);
        }
    }

    @Test
    void stateSurvivesReopenAndNewBlocksChainOn() {
        LedgerDigest before;
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON T (k)"));
            ledger.execute(tx -> tx.execute("INSERT INTO T << {'k': 1}, {'k': 2} >>"));
            before = ledger.digest();
        }
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(ledger.digest()).isEqualTo(before);
            assertThat(rows(ledger, "SELECT VALUE t.k FROM T AS t WHERE t.k = 2"))
                    .containsExactly(ION.newInt(2));
            ledger.execute(tx -> tx.execute("INSERT INTO T VALUE {'k': 3}"));
            JournalBlock block = ledger.readBlock(ledger.digest().tipAddress());
            assertThat(block.previousBlockHash()).isEqualTo(ledger.readBlock(before.tipAddress()).blockHash());
            ledger.verifyJournal();
        }
    }

    @Test
    void stateStoreIsRebuiltFromTheJournalWhenLost() throws Exception {
        LedgerDigest before;
        List<IonValue> rows;
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON T (k)"));
            ledger.execute(tx -> tx.execute("INSERT INTO T << {'k': 1}, {'k': 2} >>"));
            ledger.execute(tx -> tx.execute("UPDATE T AS t SET t.k = 3 WHERE t.k = 2"));
            before = ledger.digest();
            rows = rows(ledger, "SELECT * FROM history(T) AS h");
        }
        try (var paths = java.nio.file.Files.walk(directory.resolve("state"))) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(ledger.digest()).isEqualTo(before);
            assertThat(rows(ledger, "SELECT * FROM history(T) AS h")).isEqualTo(rows);
            assertThat(rows(ledger, "SELECT VALUE t.k FROM T AS t WHERE t.k = 3")).containsExactly(ION.newInt(3));
            assertThat(rows(ledger, "SELECT VALUE t.k FROM T AS t WHERE t.k = 2")).isEmpty();
            ledger.verifyJournal();
        }
    }

    @Test
    void commitDigestMatchesTheDriversAlgorithm() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            Transaction tx = ledger.begin();
            tx.execute("INSERT INTO T VALUE {'a': ?}", ION.newInt(1));
            Hash expected = new CommitDigest(tx.id()).add("INSERT INTO T VALUE {'a': ?}", List.of(ION.newInt(1)))
                    .value();
            assertThat(tx.commitDigest()).isEqualTo(expected);
            assertFails(ErrorCode.INVALID_REQUEST, "CommitDigest mismatch",
                    () -> tx.commit(CommitDigest.seed("somethingElse")));
            CommitResult result = tx.commit(expected);
            assertThat(result.commitDigest()).isEqualTo(expected);
            assertThat(result.blockAddress()).isNotNull();
        }
    }

    @Test
    void readOnlyTransactionsWriteNoBlock() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            LedgerDigest digest = ledger.digest();
            Transaction tx = ledger.begin();
            tx.execute("SELECT * FROM T");
            assertThat(tx.commit().blockAddress()).isNull();
            assertThat(ledger.digest()).isEqualTo(digest);
        }
    }

    @Test
    void badInputFailsClearlyAndCommitsNothing() {
        LedgerOptions options = LedgerOptions.defaults().withTransactionTimeout(Duration.ofMillis(300));
        try (Ledger ledger = Ledger.open(directory, options)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            LedgerDigest digest = ledger.digest();

            assertFails(ErrorCode.PARSE_ERROR, "line 2",
                    () -> ledger.execute(tx -> tx.execute("SELECT *\nFROM T WHERE (")));
            assertFails(ErrorCode.NOT_FOUND, "Nope", () -> ledger.execute(tx -> tx.execute("SELECT * FROM Nope")));
            assertFails(ErrorCode.INVALID_REQUEST, "parameter",
                    () -> ledger.execute(tx -> tx.execute("INSERT INTO T VALUE {'a': ?}")));
            assertFails(ErrorCode.INVALID_REQUEST, "struct",
                    () -> ledger.execute(tx -> tx.execute("INSERT INTO T VALUE 5")));
            IonStruct big = ION.newEmptyStruct();
            big.put("blob").newBlob(new byte[130 * 1024]);
            assertFails(ErrorCode.LIMIT_EXCEEDED, "limit", () -> ledger.execute(tx -> {
                tx.execute("INSERT INTO T VALUE {'ok': 1}");
                return tx.execute("INSERT INTO T VALUE ?", big);
            }));
            assertFails(ErrorCode.LIMIT_EXCEEDED, "at most 40 documents", () -> ledger.execute(tx -> {
                for (int i = 0; i < 41; i++) {
                    tx.execute("INSERT INTO T VALUE {'i': ?}", ION.newInt(i));
                }
                return null;
            }));
            assertFails(ErrorCode.LIMIT_EXCEEDED, "characters",
                    () -> ledger.execute(tx -> tx.execute("SELECT * FROM T WHERE a = '" + "x".repeat(100_001) + "'")));
            assertFails(ErrorCode.TRANSACTION_EXPIRED, "has expired", () -> ledger.execute(tx -> {
                tx.execute("INSERT INTO T VALUE {'late': true}");
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return tx.execute("INSERT INTO T VALUE {'late': 2}");
            }));
            assertThat(ledger.digest()).as("nothing committed").isEqualTo(digest);
            assertThat(rows(ledger, "SELECT * FROM T")).isEmpty();
        }
    }

    @Test
    void failedStatementIsUndoneButTransactionContinues() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            ledger.execute(tx -> {
                tx.execute("INSERT INTO T VALUE {'a': 1}");
                assertThatThrownBy(() -> tx.execute("INSERT INTO T << {'a': 2}, 7 >>"))
                        .isInstanceOf(LedgerException.class);
                return null;
            });
            assertThat(rows(ledger, "SELECT VALUE t.a FROM T AS t"))
                    .containsExactly(ION.newInt(1));
        }
    }

    @Test
    void dropIndexPurgesItAndLookupsFallBackToScans() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.executeStatement("CREATE TABLE T");
            ledger.executeStatement("CREATE INDEX ON T (k)");
            ledger.executeStatement("INSERT INTO T << {'k': 1}, {'k': 2} >>");
            String indexId = ((IonString) rows(ledger,
                    "SELECT VALUE i.indexId FROM information_schema.user_tables AS t, t.indexes AS i WHERE t.name = 'T'")
                    .get(0)).stringValue();
            ledger.executeStatement("DROP INDEX \"" + indexId + "\" ON T WITH (purge = true)");
            assertThat(rows(ledger, "SELECT VALUE t.indexes FROM information_schema.user_tables AS t WHERE t.name = 'T'"))
                    .containsExactly(ION.newEmptyList());
            assertThat(rows(ledger, "SELECT VALUE t.k FROM T AS t WHERE t.k = 2")).containsExactly(ION.newInt(2));
            ledger.executeStatement("CREATE INDEX ON T (k)");
            ledger.executeStatement("INSERT INTO T VALUE {'k': 2}");
            assertThat(rows(ledger, "SELECT VALUE t.k FROM T AS t WHERE t.k = 2")).hasSize(2);
            ledger.verifyJournal();
        }
    }

    @Test
    void historyTimeBoundsSelectRevisionsActiveInTheRange() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(
                java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now.get());
            }
        };
        try (Ledger ledger = Ledger.open(directory, LedgerOptions.defaults().withClock(clock))) {
            ledger.executeStatement("CREATE TABLE T");
            ledger.executeStatement("INSERT INTO T VALUE {'v': 1}"); // 00:00
            now.set(java.time.Instant.parse("2026-01-01T01:00:00Z").toEpochMilli());
            ledger.executeStatement("UPDATE T AS t SET t.v = 2"); // 01:00
            now.set(java.time.Instant.parse("2026-01-01T02:00:00Z").toEpochMilli());
            ledger.executeStatement("UPDATE T AS t SET t.v = 3"); // 02:00
            now.set(java.time.Instant.parse("2026-01-01T03:00:00Z").toEpochMilli());
            assertThat(rows(ledger, "SELECT VALUE h.data.v FROM history(T, `2026-01-01T01:30:00Z`, "
                    + "`2026-01-01T01:45:00Z`) AS h")).containsExactly(ION.newInt(2));
            assertThat(rows(ledger, "SELECT VALUE h.data.v FROM history(T, `2026-01-01T01:30:00Z`) AS h"))
                    .containsExactly(ION.newInt(2), ION.newInt(3));
            assertThat(rows(ledger, "SELECT VALUE h.data.v FROM history(T) AS h"))
                    .containsExactly(ION.newInt(1), ION.newInt(2), ION.newInt(3));
        }
    }

    /** Regression: touching a closed ledger's RocksDB handles crashed the JVM; now it is a clear error. */
    @Test
    void usingAClosedLedgerFailsCleanly() {
        Ledger ledger = Ledger.open(directory);
        ledger.executeStatement("CREATE TABLE T");
        Transaction open = ledger.begin();
        ledger.close();
        assertFails(ErrorCode.UNAVAILABLE, "closed", () -> open.execute("SELECT * FROM T"));
        assertFails(ErrorCode.UNAVAILABLE, "closed", ledger::digest);
        assertFails(ErrorCode.UNAVAILABLE, "closed", ledger::begin);
        open.abort();
        ledger.close();
    }

    @Test
    void dropAndUndropTable() {
        try (Ledger ledger = Ledger.open(directory)) {
            String tableId = text(ledger.execute(tx -> tx.execute("CREATE TABLE T")).get(0), "tableId");
            ledger.execute(tx -> tx.execute("INSERT INTO T VALUE {'a': 1}"));
            ledger.execute(tx -> tx.execute("DROP TABLE T"));
            assertFails(ErrorCode.NOT_FOUND, "T", () -> ledger.execute(tx -> tx.execute("SELECT * FROM T")));
            ledger.execute(tx -> tx.execute("UNDROP TABLE \"" + tableId + "\""));
            assertThat(rows(ledger, "SELECT * FROM T")).hasSize(1);
        }
    }
}
