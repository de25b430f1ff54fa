package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query's result never depends on whether an index exists (issue 15): PartiQL's {@code =} compares numbers across
 * int, decimal and float, text across string and symbol, timestamps by instant and ignores annotations, and an index
 * lookup must find exactly those documents. Runs through a real ledger (state store indexes, the transaction's
 * pending writes, indexes built over existing documents, and a reopen).
 */
class IndexedEqualityTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    @Test
    void anIndexFindsEveryNumericFormOfTheKey() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.executeStatement("CREATE TABLE Plain");
            ledger.executeStatement("CREATE TABLE Indexed");
            ledger.executeStatement("CREATE INDEX ON Indexed (slot)");
            for (String slot : List.of("5", "5.0", "5e0", "5.000", "50d-1", "6")) {
                ledger.executeStatement("INSERT INTO Plain VALUE {'slot': `" + slot + "`}");
                ledger.executeStatement("INSERT INTO Indexed VALUE {'slot': `" + slot + "`}");
            }
            for (String key : List.of("5", "5.0", "5e0", "`5d0`", "5.00000")) {
                assertThat(count(ledger, "SELECT COUNT(*) AS c FROM Indexed WHERE slot = " + key)).as(key).isEqualTo(5);
                assertThat(count(ledger, "SELECT COUNT(*) AS c FROM Plain WHERE slot = " + key)).as(key).isEqualTo(5);
            }
        }
    }

    @Test
    void checkThenInsertConflictsWithAnEqualKeyInAnotherNumericForm() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.executeStatement("CREATE TABLE Slots");
            ledger.executeStatement("CREATE INDEX ON Slots (slot)");
            Transaction claim = ledger.begin();
            assertThat(claim.execute("SELECT * FROM Slots WHERE slot = 5")).isEmpty();
            ledger.executeStatement("INSERT INTO Slots VALUE {'slot': 5.0}");
            claim.execute("INSERT INTO Slots VALUE {'slot': 5}");
            LedgerException conflict = catchThrowableOfType(LedgerException.class, claim::commit);
            assertThat(conflict).isNotNull();
            assertThat(conflict.code()).as(conflict.getMessage()).isEqualTo(ErrorCode.OCC_CONFLICT);
            assertThat(count(ledger, "SELECT COUNT(*) AS c FROM Slots WHERE slot = 5e0")).isEqualTo(1);
        }
    }

    @Test
    void indexedAndScannedAnswersAgreeOnRandomMixedTypeData() {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("IndexedEqualityTest seed = " + seed);
        Random random = new Random(seed);
        List<String> pool = valuePool(random);
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.executeStatement("CREATE TABLE Plain");
            ledger.executeStatement("CREATE TABLE Before");
            ledger.executeStatement("CREATE TABLE After");
            ledger.executeStatement("CREATE INDEX ON Before (k)");
            int documents = 0;
            for (; documents < 120; documents++) {
                insertEverywhere(ledger, List.of("Plain", "Before", "After"), document(random, pool, documents));
            }
            // Built over existing documents (BlockApplier.buildIndex), not maintained write by write.
            ledger.executeStatement("CREATE INDEX ON After (k)");
            compare(ledger, random, pool, seed, 60);
            for (; documents < 160; documents++) {
                insertEverywhere(ledger, List.of("Plain", "Before", "After"), document(random, pool, documents));
            }
            compare(ledger, random, pool, seed, 60);
            // Pending writes of the querying transaction itself.
            String extra = document(random, pool, documents);
            String key = pool.get(random.nextInt(pool.size()));
            List<List<Integer>> answers = ledger.execute(transaction -> {
                List<List<Integer>> within = new ArrayList<>();
                for (String table : List.of("Plain", "Before", "After")) {
                    transaction.execute("INSERT INTO " + table + " ?", ION.singleValue(extra));
                    within.add(numbers(transaction.execute(
                        "SELECT VALUE x.n FROM " + table + " AS x WHERE x.k = ?", ION.singleValue(key))));
                }
                return within;
            });
            assertThat(answers.get(1)).as("seed %d, pending writes, key %s", seed, key).isEqualTo(answers.get(0));
            assertThat(answers.get(2)).as("seed %d, pending writes, key %s", seed, key).isEqualTo(answers.get(0));
        }
        try (Ledger reopened = Ledger.open(directory)) {
            compare(reopened, random, pool, seed, 40);
        }
    }

    private static void compare(Ledger ledger, Random random, List<String> pool, long seed, int queries) {
        for (int query = 0; query < queries; query++) {
            String key = pool.get(random.nextInt(pool.size()));
            String where = random.nextBoolean() ? "x.k = ?" : "x.k IN (?, `" + pool.get(random.nextInt(pool.size())) + "`)";
            List<Integer> scanned = select(ledger, "Plain", where, key);
            assertThat(select(ledger, "Before", where, key)).as("seed %d: %s with ? = %s", seed, where, key)
                .isEqualTo(scanned);
            assertThat(select(ledger, "After", where, key)).as("seed %d: %s with ? = %s", seed, where, key)
                .isEqualTo(scanned);
        }
    }

    private static List<Integer> select(Ledger ledger, String table, String where, String key) {
        return numbers(ledger.executeStatement("SELECT VALUE x.n FROM " + table + " AS x WHERE " + where,
            ION.singleValue(key)));
    }

    private static void insertEverywhere(Ledger ledger, List<String> tables, String document) {
        ledger.execute(transaction -> {
            for (String table : tables) {
                transaction.execute("INSERT INTO " + table + " ?", ION.singleValue(document));
            }
            return null;
        });
    }

    /** A document {n, k?, other}: k is missing one time in ten. */
    private static String document(Random random, List<String> pool, int n) {
        String k = random.nextInt(10) == 0 ? "" : "k: " + pool.get(random.nextInt(pool.size())) + ", ";
        return "{" + k + "n: " + n + ", other: " + pool.get(random.nextInt(pool.size())) + "}";
    }

    /** Ion texts of values, many of them PartiQL-equal to others in a different Ion form. */
    private static List<String> valuePool(Random random) {
        List<String> pool = new ArrayList<>();
        for (int value = 0; value < 4; value++) {
            BigDecimal number = BigDecimal.valueOf(random.nextInt(7) - 3, random.nextInt(2));
            if (number.scale() == 0) {
                pool.add(number.toPlainString());
            }
            for (int extraScale = 0; extraScale < 3; extraScale++) {
                BigDecimal decimal = number.setScale(number.scale() + extraScale);
                pool.add(decimal.unscaledValue() + "d" + -decimal.scale());
            }
            pool.add(number.doubleValue() + "e0");
            pool.add("a::" + number.doubleValue() + "e0");
        }
        pool.addAll(List.of("0", "-0.0", "0.000", "-0e0", "0e0", "nan", "+inf", "-inf", "1e0", "1", "1.0", "0.5", "5d-1",
            "\"a\"", "a", "'a'", "\"A\"", "\"\"", "null", "null.int", "null.string", "true", "false",
            "2020-01-01T", "2020-01-01T00:00Z", "2020-01-01T00:00:00.000Z", "2020-01-01T01:00+01:00",
            "[1, 2]", "[1.0, 2e0]", "(1 2)", "[]", "{a: 1, b: \"x\"}", "{b: x, a: 1.0}", "{a: [1]}", "{}", "b::{a: 1}",
            "{{aGVsbG8=}}", "{{\"hello\"}}"));
        return pool;
    }

    private static int count(Ledger ledger, String statement) {
        IonValue result = ledger.executeStatement(statement).get(0);
        return ((IonInt) ((com.amazon.ion.IonStruct) result).get("c")).intValue();
    }

    private static List<Integer> numbers(List<IonValue> values) {
        List<Integer> numbers = new ArrayList<>();
        for (IonValue value : values) {
            numbers.add(((IonInt) value).intValue());
        }
        numbers.sort(null);
        return numbers;
    }
}
