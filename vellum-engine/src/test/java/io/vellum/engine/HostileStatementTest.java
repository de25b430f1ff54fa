package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile statements and parameters through the public API: deep nesting of every kind, huge numbers, bad table
 * names, division by zero. Each one is refused with a LedgerException of the right code whose message names the
 * problem and holds no Java class name, and leaves the ledger's digest unchanged; nesting exactly at a limit is
 * accepted. Every case runs on a thread with a 512 KiB stack (half the JVM's default), so a limit that let the
 * recursion go too deep shows up here as a StackOverflowError.
 */
class HostileStatementTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final int DEPTH = StatementLimits.MAX_EXPRESSION_DEPTH;
    private static final int VALUES = StatementLimits.MAX_VALUE_DEPTH;
    /**
     * 512 KiB, half the JVM's default thread stack. Measured with {@code -Dhostile.stack=…}: every case passes on
     * 320 KiB and some fail on 256 KiB while the parser still runs interpreted (its biggest frames).
     */
    private static final long SMALL_STACK = Long.getLong("hostile.stack", 512 * 1024);
    /** A Java class or package name, or an exception's simple name: none may reach a client. */
    private static final Pattern JAVA_NAME = Pattern.compile(
        "\\b(java|javax|com\\.amazon|io\\.vellum|org\\.[a-z]+)\\.[a-z]|\\b[A-Z][A-Za-z]*(Exception|Error)\\b");

    @TempDir
    static Path directory;
    private static Ledger ledger;

    @BeforeAll
    static void openLedger() {
        ledger = Ledger.open(directory);
        ledger.executeStatement("CREATE TABLE T");
        ledger.executeStatement("CREATE INDEX ON T (k)");
        ledger.executeStatement("INSERT INTO T VALUE {'k': 'a', 'v': 1.50, 'n': 7, 's': 'text', 't': `2020-01-01T`,"
            + " 'list': [1, 2]}");
    }

    @AfterAll
    static void closeLedger() {
        ledger.close();
    }

    // ---- statement builders ----

    private static String repeat(String text, int times) {
        return text.repeat(Math.max(0, times));
    }

    /** {@code open^n core close^n}. */
    private static String wrapped(String open, String core, String close, int times) {
        return repeat(open, times) + core + repeat(close, times);
    }

    /** A chain {@code first op first op … first} with {@code operators} operators. */
    private static String chain(String first, String operator, int operators) {
        return first + repeat(" " + operator + " " + first, operators);
    }

    /**
     * Expression kinds, each a function from a number of levels to an expression that is exactly that many levels
     * deep by the rule of {@link StatementLimits} (the expression itself counts as the first level).
     */
    private static List<Object[]> expressionKinds() {
        List<Object[]> kinds = new ArrayList<>();
        kinds.add(new Object[] {"parentheses", (IntFunction<String>) n -> wrapped("(", "1", ")", n - 1)});
        kinds.add(new Object[] {"NOT chain", (IntFunction<String>) n -> repeat("NOT ", n - 1) + "true"});
        kinds.add(new Object[] {"unary minus chain", (IntFunction<String>) n -> repeat("- ", n - 1) + "n"});
        kinds.add(new Object[] {"unary plus chain", (IntFunction<String>) n -> repeat("+ ", n - 1) + "n"});
        kinds.add(new Object[] {"list literal", (IntFunction<String>) n -> wrapped("[", "1", "]", n - 1)});
        kinds.add(new Object[] {"bag literal", (IntFunction<String>) n -> wrapped("<<", "1", ">>", n - 1)});
        kinds.add(new Object[] {"struct literal", (IntFunction<String>) n -> wrapped("{'a': ", "1", "}", n - 1)});
        kinds.add(new Object[] {"function calls", (IntFunction<String>) n -> wrapped("upper(", "'x'", ")", n - 1)});
        kinds.add(new Object[] {"CAST", (IntFunction<String>) n -> wrapped("CAST(", "1", " AS INT)", n - 1)});
        kinds.add(new Object[] {"CASE", (IntFunction<String>) n -> wrapped("CASE WHEN true THEN ", "1", " END", n - 1)});
        kinds.add(new Object[] {"path index", (IntFunction<String>) n -> wrapped("list[", "0", "]", n - 1)});
        kinds.add(new Object[] {"+ chain", (IntFunction<String>) n -> chain("1", "+", n - 1)});
        kinds.add(new Object[] {"- chain", (IntFunction<String>) n -> chain("1", "-", n - 1)});
        kinds.add(new Object[] {"* chain", (IntFunction<String>) n -> chain("1", "*", n - 1)});
        kinds.add(new Object[] {"/ chain", (IntFunction<String>) n -> chain("1", "/", n - 1)});
        kinds.add(new Object[] {"|| chain", (IntFunction<String>) n -> chain("'a'", "||", n - 1)});
        kinds.add(new Object[] {"AND chain", (IntFunction<String>) n -> chain("true", "AND", n - 1)});
        kinds.add(new Object[] {"OR chain", (IntFunction<String>) n -> chain("false", "OR", n - 1)});
        kinds.add(new Object[] {"= chain", (IntFunction<String>) n -> chain("1", "=", n - 1)});
        kinds.add(new Object[] {"scalar subqueries", (IntFunction<String>) n ->
            wrapped("(SELECT VALUE ", "1", " FROM <<0>>)", (n - 1) / 2)});
        return kinds;
    }

    @ParameterizedTest(name = "{0} {1} levels deep is accepted")
    @MethodSource("expressionsAtTheLimitWithDepth")
    void expressionNestingAtTheLimitIsAccepted(String kind, int depth, String statement) {
        LedgerDigest before = ledger.digest();
        Throwable failure = onSmallStack(() -> ledger.execute(tx -> tx.execute(statement)));
        if (failure instanceof LedgerException e) {
            // Evaluation may refuse a value (1 / 1 / … is fine; CAST etc. too); nesting itself must not be the reason.
            assertThat(e.getMessage()).doesNotContain("nest").doesNotContain("levels deep");
        } else {
            assertThat(failure).as(kind).isNull();
        }
        assertThat(ledger.digest()).isEqualTo(before);
    }

    static Stream<Arguments> expressionsAtTheLimitWithDepth() {
        return expressionKinds().stream().map(kind -> Arguments.of(kind[0], DEPTH,
            "SELECT VALUE " + ((IntFunction<?>) kind[1]).apply(DEPTH) + " FROM T"));
    }

    // ---- refused cases ----

    /** One hostile case: its name, statement, parameters, expected code and message parts. */
    private record Case(String name, String statement, List<IonValue> parameters, ErrorCode code, String... parts) {
        Arguments arguments() {
            return Arguments.of(name, this);
        }
    }

    private static Case refused(String name, String statement, ErrorCode code, String... parts) {
        return new Case(name, statement, List.of(), code, parts);
    }

    private static Case refusedWith(String name, String statement, IonValue parameter, ErrorCode code,
                                    String... parts) {
        return new Case(name, statement, List.of(parameter), code, parts);
    }

    static Stream<Arguments> hostileCases() {
        List<Case> cases = new ArrayList<>();
        String nestingLimit = "expression nesting depth limit is " + DEPTH;
        for (Object[] kind : expressionKinds()) {
            @SuppressWarnings("unchecked")
            IntFunction<String> expression = (IntFunction<String>) kind[1];
            for (int depth : new int[] {DEPTH + 1, 1_000, 3_000}) {
                cases.add(refused(kind[0] + " " + depth + " levels deep", "SELECT VALUE " + expression.apply(depth)
                    + " FROM T", ErrorCode.LIMIT_EXCEEDED, nestingLimit));
            }
        }
        // ~1,000 parentheses and 100,000-character chains within the statement length limit.
        cases.add(refused("1,000 parentheses in a WHERE", "SELECT * FROM T WHERE " + wrapped("(", "true", ")", 1_000),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit, "line 1"));
        cases.add(refused("33,000 + operators", "SELECT VALUE " + chain("1", "+", 33_000).replace(" ", "") + " FROM T",
            ErrorCode.LIMIT_EXCEEDED, nestingLimit, "levels deep"));
        cases.add(refused("24,000 NOTs", "SELECT * FROM T WHERE " + repeat("NOT ", 24_000) + "true",
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("30,000 unary minus", "SELECT VALUE " + repeat("- ", 30_000) + "1 FROM T",
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("33,000 brackets", "SELECT VALUE " + wrapped("[", "1", "]", 33_000) + " FROM T",
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        // Every statement form.
        String deepStruct = wrapped("{'a': ", "1", "}", 1_000);
        cases.add(refused("INSERT of a 1,000-deep struct literal", "INSERT INTO T VALUE " + deepStruct,
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("INSERT of a 1,000-deep bag", "INSERT INTO T " + wrapped("<<", "{'a': 1}", ">>", 1_000),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("UPDATE SET to a deep list", "UPDATE T SET x = " + wrapped("[", "1", "]", 1_000),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("UPDATE WHERE with an OR chain", "UPDATE T SET x = 1 WHERE " + chain("k = 'a'", "OR", 300),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit, "IN"));
        cases.add(refused("FROM-style DML with deep NOT", "FROM T AS t WHERE " + repeat("NOT ", 1_000) + "true SET t.x = 1",
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("DELETE with deep parentheses", "DELETE FROM T WHERE " + wrapped("(", "true", ")", 1_000),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("subqueries nested in FROM", "SELECT * FROM " + wrapped("(SELECT * FROM ", "T", ")", 1_000),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("EXISTS nested", "SELECT * FROM T WHERE " + wrapped("EXISTS(SELECT * FROM T WHERE ", "true",
            ")", 1_000), ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("ORDER BY a deep expression", "SELECT * FROM T ORDER BY " + chain("n", "+", 500),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("CREATE TABLE option nested", "CREATE TABLE X WITH (aws_tags = "
            + wrapped("[", "1", "]", 1_000) + ")", ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        cases.add(refused("EXEC argument nested", "EXEC redact_revision " + wrapped("(", "1", ")", 1_000),
            ErrorCode.LIMIT_EXCEEDED, nestingLimit));
        // Ion literals in backticks and parameters nested deeper than the value limit.
        String valueLimit = "value nesting depth limit is " + VALUES;
        for (int depth : new int[] {VALUES + 1, 1_000, 10_000}) {
            cases.add(refused("Ion list literal " + depth + " deep", "SELECT VALUE `" + wrapped("[", "1", "]", depth)
                + "` FROM T", ErrorCode.LIMIT_EXCEEDED, valueLimit, "Ion literal at line 1"));
            cases.add(refused("Ion struct literal " + depth + " deep", "INSERT INTO T VALUE `"
                + wrapped("{a:", "1", "}", depth) + "`", ErrorCode.LIMIT_EXCEEDED, valueLimit));
        }
        for (int depth : new int[] {VALUES + 1, 3_000, 10_000}) {
            cases.add(refusedWith("list parameter " + depth + " deep", "SELECT VALUE ? FROM T",
                nested(depth, ION::newEmptyList), ErrorCode.LIMIT_EXCEEDED, "parameter 1", valueLimit));
            cases.add(refusedWith("struct parameter " + depth + " deep inserted", "INSERT INTO T ?",
                nested(depth, ION::newEmptyStruct), ErrorCode.LIMIT_EXCEEDED, "parameter 1", valueLimit));
            cases.add(refusedWith("sexp parameter " + depth + " deep compared", "SELECT * FROM T WHERE k = ?",
                nested(depth, ION::newEmptySexp), ErrorCode.LIMIT_EXCEEDED, "parameter 1", valueLimit));
            cases.add(refusedWith("struct parameter " + depth + " deep in UPDATE", "UPDATE T SET x = ?",
                nested(depth, ION::newEmptyStruct), ErrorCode.LIMIT_EXCEEDED, "parameter 1", valueLimit));
        }
        cases.add(refused("SET through a path 150 fields deep", "UPDATE T SET x" + repeat(".a", 150) + " = 1",
            ErrorCode.LIMIT_EXCEEDED, "the document", valueLimit));
        cases.add(refused("SET through a path 30,000 fields deep", "UPDATE T SET x" + repeat(".a", 30_000) + " = 1",
            ErrorCode.LIMIT_EXCEEDED, "the document", valueLimit));
        cases.add(refused("FROM-style INSERT INTO a path 30,000 fields deep", "FROM T AS t INSERT INTO t.x"
            + repeat(".a", 30_000) + " VALUE 1 AT 'b'", ErrorCode.INVALID_REQUEST, "needs an existing list",
            "(60003 characters)"));
        cases.add(refused("101 FROM items", "SELECT COUNT(*) FROM T AS t0" + java.util.stream.IntStream.rangeClosed(1,
            100).mapToObj(i -> ", T AS t" + i).reduce("", String::concat), ErrorCode.LIMIT_EXCEEDED,
            "FROM item limit is " + StatementLimits.MAX_FROM_ITEMS));
        cases.add(refused("5,000 FROM items", "SELECT COUNT(*) FROM T" + repeat(", T", 5_000),
            ErrorCode.LIMIT_EXCEEDED, "FROM item limit is " + StatementLimits.MAX_FROM_ITEMS));
        cases.add(refused("document built 150 levels deep by nesting a literal in constructors", "INSERT INTO T VALUE "
            + wrapped("{'a': ", "`" + wrapped("[", "1", "]", 90) + "`", "}", 60), ErrorCode.LIMIT_EXCEEDED,
            "the document", valueLimit));
        // Numbers out of range: refused before the work is done.
        String numberLimit = "number range limit";
        cases.add(refused("decimal with a huge exponent", "SELECT v + `1d999999999` FROM T", ErrorCode.LIMIT_EXCEEDED,
            numberLimit, "the right operand of +"));
        cases.add(refused("decimal with a huge negative exponent", "SELECT v + `1d-999999999` FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit));
        cases.add(refusedWith("decimal parameter 1d10000000", "SELECT t.v + ? FROM T AS t",
            ION.singleValue("1d10000000"), ErrorCode.LIMIT_EXCEEDED, numberLimit, "1E+10000000"));
        cases.add(refusedWith("decimal parameter multiplied", "SELECT t.v * ? FROM T AS t",
            ION.singleValue("1d99999"), ErrorCode.LIMIT_EXCEEDED, numberLimit));
        cases.add(refused("decimal result exponent over the limit", "SELECT `1d9000` * `1d9000` FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit, "the result of *"));
        cases.add(refused("decimal division exponent over the limit", "SELECT `1d9000` / `1d-9000` FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit, "the result of /"));
        cases.add(refused("decimal remainder of huge exponents", "SELECT `1d999999` % 3 FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit));
        cases.add(refused("decimal minus huge", "SELECT 1.5 - `1d-99999` FROM T", ErrorCode.LIMIT_EXCEEDED, numberLimit));
        String thousandNines = "9".repeat(1_001);
        cases.add(refused("int literal of 1,001 digits", "SELECT " + thousandNines + " + 1 FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit, "1002 digits"));
        cases.add(refusedWith("int parameter of 5,000 digits", "SELECT ? * 2 FROM T",
            ION.newInt(BigInteger.TEN.pow(5_000)), ErrorCode.LIMIT_EXCEEDED, numberLimit));
        cases.add(refused("int result over 1,000 digits", "SELECT " + "9".repeat(600) + " * " + "9".repeat(600)
            + " FROM T", ErrorCode.LIMIT_EXCEEDED, numberLimit, "the result of *"));
        cases.add(refused("SUM out of range", "SELECT SUM(x) FROM << `1d999999999`, 1 >> AS x",
            ErrorCode.LIMIT_EXCEEDED, numberLimit));
        cases.add(refused("AVG out of range", "SELECT AVG(x) FROM << `1d999999999`, 1 >> AS x",
            ErrorCode.LIMIT_EXCEEDED, numberLimit, "AVG"));
        cases.add(refused("CAST huge decimal to INT", "SELECT CAST(`1d999999999` AS INT) FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit, "cast to INT"));
        cases.add(refused("CAST huge decimal to STRING", "SELECT CAST(`1d999999999` AS STRING) FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit, "cast to text"));
        cases.add(refused("CAST huge text to DECIMAL", "SELECT CAST('1e999999999' AS DECIMAL) FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit));
        cases.add(refused("CAST 5,000-digit text to INT", "SELECT CAST('" + "7".repeat(5_000) + "' AS INT) FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit, "5000 characters"));
        cases.add(refused("CAST huge decimal to DECIMAL", "SELECT CAST(`1d-999999999` AS DECIMAL) FROM T",
            ErrorCode.LIMIT_EXCEEDED, numberLimit));
        // Division by zero and other impossible operations.
        cases.add(refused("int division by zero", "SELECT n / 0 FROM T", ErrorCode.INVALID_REQUEST, "division by zero"));
        cases.add(refused("int modulo by zero", "SELECT n % 0 FROM T", ErrorCode.INVALID_REQUEST, "division by zero"));
        cases.add(refused("decimal division by zero", "SELECT v / 0.0 FROM T", ErrorCode.INVALID_REQUEST,
            "division by zero"));
        cases.add(refused("decimal modulo by zero", "SELECT v % `0d5` FROM T", ErrorCode.INVALID_REQUEST,
            "division by zero"));
        cases.add(refused("division by zero in an UPDATE", "UPDATE T SET n = n / 0", ErrorCode.INVALID_REQUEST,
            "division by zero"));
        cases.add(refused("DATE_ADD with an amount over int", "SELECT DATE_ADD(year, 99999999999, t) FROM T",
            ErrorCode.INVALID_REQUEST, "DATE_ADD amount 99999999999 is out of range"));
        cases.add(refused("DATE_ADD past year 9999", "SELECT DATE_ADD(year, 2000000000, t) FROM T",
            ErrorCode.INVALID_REQUEST, "outside the timestamp range"));
        cases.add(refused("DATE_ADD of seconds past year 9999", "SELECT DATE_ADD(second, 2147483647, `9999-12-31T`)"
            + " FROM T", ErrorCode.INVALID_REQUEST, "outside the timestamp range"));
        // Table names QLDB refuses, quoted or not.
        String nameRule = "a table name has 1 to 128 letters, digits or underscores";
        for (String name : List.of("\"../../etc\"", "\"a b\"", "\"9abc\"", "\"a-b\"", "\"a.b\"", "\"a;b\"",
            "\"caf\u00e9\"", "\"tab\tname\"", "\"\u4e2d\u6587\"", "\"a/b\"", "\"$x\"", "\"x'y\"")) {
            cases.add(refused("table name " + name, "CREATE TABLE " + name, ErrorCode.INVALID_REQUEST, nameRule,
                "invalid table name"));
        }
        for (String word : List.of("user", "\"user\"", "\"TABLE\"", "\"Select\"", "\"order\"", "\"Value\"",
            "\"temporary\"", "\"bag\"", "\"date_add\"", "\"index\"", "\"zone\"")) {
            cases.add(refused("reserved word " + word, "CREATE TABLE " + word, ErrorCode.INVALID_REQUEST,
                "is a reserved word", nameRule));
        }
        cases.add(refused("table name of 129 characters", "CREATE TABLE A" + "b".repeat(128),
            ErrorCode.INVALID_REQUEST, "129 characters, more than 128"));
        cases.add(refused("table name of 5,000 characters", "CREATE TABLE \"" + "b".repeat(5_000) + "\"",
            ErrorCode.INVALID_REQUEST, "5000 characters, more than 128"));
        cases.add(refused("table name with the system prefix", "CREATE TABLE _ql_x", ErrorCode.INVALID_REQUEST,
            "_ql_", "reserved"));
        cases.add(refused("index field of 129 characters", "CREATE INDEX ON T (\"" + "f".repeat(129) + "\")",
            ErrorCode.INVALID_REQUEST, "129", "1 to 128 characters"));
        cases.add(refused("index on a nested path", "CREATE INDEX ON T (a.b)", ErrorCode.INVALID_REQUEST,
            "one top-level field"));
        // Statements whose work or results would be unbounded.
        String thousand = "<<" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 1_000)
            .mapToObj(Integer::toString).toList()) + ">>";
        cases.add(refused("cross join of 2,000,000 rows", "SELECT COUNT(*) FROM " + thousand + " AS a, " + thousand
            + " AS b, <<1, 2>> AS c", ErrorCode.LIMIT_EXCEEDED, "query row limit is " + StatementLimits.MAX_QUERY_ROWS));
        String manyRows = "<<" + String.join(", ", java.util.Collections.nCopies(120, "0")) + ">>";
        cases.add(refusedWith("results over 32 MiB", "SELECT VALUE ? FROM " + manyRows + " AS x",
            ION.newString("x".repeat(100_000)), ErrorCode.LIMIT_EXCEEDED, "result size limit is "
            + StatementLimits.MAX_RESULT_BYTES + " bytes"));
        return cases.stream().map(Case::arguments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCases")
    void hostileInputIsRefusedClearlyAndChangesNothing(String name, Case hostile) {
        LedgerDigest before = ledger.digest();
        Throwable failure = onSmallStack(() -> ledger.execute(tx -> tx.execute(hostile.statement(),
            hostile.parameters())));
        assertThat(failure).as(name).isInstanceOf(LedgerException.class);
        LedgerException refused = (LedgerException) failure;
        assertThat(refused.code()).as(refused.getMessage()).isEqualTo(hostile.code());
        for (String part : hostile.parts()) {
            assertThat(refused.getMessage()).contains(part);
        }
        assertThat(refused.getMessage()).as("no Java names").doesNotContainPattern(JAVA_NAME);
        assertThat(refused.getMessage().length()).as("a short message").isLessThan(600);
        assertThat(ledger.digest()).as("the ledger is unchanged").isEqualTo(before);
    }

    // ---- limits are exact: the deepest accepted values ----

    @Test
    void valuesNestedExactlyAtTheLimitAreStoredAndRead() {
        IonStruct deepest = (IonStruct) nested(VALUES, ION::newEmptyStruct);
        Throwable failure = onSmallStack(() -> ledger.execute(tx -> tx.execute("INSERT INTO T ?", deepest)));
        assertThat(failure).isNull();
        List<IonValue> read = ledger.executeStatement("SELECT VALUE d FROM T AS d WHERE d.a IS NOT MISSING");
        assertThat(read).containsExactly(deepest);
        LedgerDigest before = ledger.digest();
        Throwable deeper = onSmallStack(() -> ledger.execute(tx -> tx.execute(
            "UPDATE T AS d SET d.a = {'a': d.a} WHERE d.a IS NOT MISSING")));
        assertThat(deeper).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(e.getMessage()).contains("the document", "value nesting depth limit is " + VALUES);
        });
        assertThat(ledger.digest()).isEqualTo(before);
        ledger.executeStatement("DELETE FROM T AS d WHERE d.a IS NOT MISSING");
    }

    @Test
    void longPathsAndManyFromItemsWithinTheLimitsWork() {
        String path = repeat(".a", 20_000);
        Throwable failure = onSmallStack(() -> ledger.execute(tx -> {
            assertThat(tx.execute("SELECT VALUE t.x" + path + " FROM T AS t")).isEmpty();
            tx.execute("UPDATE T AS t SET t.x" + path + " = 1 WHERE t.x" + path + " IS NOT MISSING");
            tx.execute("UPDATE T AS t REMOVE t.x" + path);
            return tx.execute("SELECT COUNT(*) FROM T AS t0" + java.util.stream.IntStream.rangeClosed(1, 99)
                .mapToObj(i -> ", <<1>> AS t" + i).reduce("", String::concat));
        }));
        assertThat(failure).isNull();
    }

    @Test
    void anIonLiteralExactlyAtTheLimitIsAccepted() {
        String literal = wrapped("[", "1", "]", VALUES);
        Throwable failure = onSmallStack(() -> ledger.execute(tx -> tx.execute("SELECT VALUE `" + literal + "` FROM T")));
        assertThat(failure).isNull();
    }

    @Test
    void numbersAtTheEdgeOfTheRangeStillCompute() {
        assertThat(ledger.executeStatement("SELECT VALUE `1d9999` + `1d9999` FROM T"))
            .containsExactly(ION.singleValue("2d9999"));
        assertThat(ledger.executeStatement("SELECT VALUE " + "9".repeat(1_000) + " + 0 FROM T"))
            .containsExactly(ION.newInt(new BigInteger("9".repeat(1_000))));
        assertThat(ledger.executeStatement("SELECT VALUE t.v + 0.25 FROM T AS t WHERE t.k = 'a'"))
            .containsExactly(ION.singleValue("1.75"));
    }

    @Test
    void aLongStatementStopsWhenItsTransactionTimesOut(@TempDir Path shortLived) {
        try (Ledger quick = Ledger.open(shortLived, LedgerOptions.defaults()
            .withTransactionTimeout(java.time.Duration.ofMillis(200)))) {
            String rows = "<<" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 5_000)
                .mapToObj(Integer::toString).toList()) + ">>";
            // 25,000,000 combinations: many seconds of work, stopped at the timeout (checked every 4,096 rows).
            Throwable failure = onSmallStack(() -> quick.execute(tx -> tx.execute("SELECT COUNT(*) FROM " + rows
                + " AS a, " + rows + " AS b WHERE a = -b")));
            assertThat(failure).isInstanceOfSatisfying(LedgerException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_EXPIRED);
                assertThat(e.getMessage()).contains("has expired");
            });
        }
    }

    @Test
    void likePatternsWithManyWildcardsMatchWithoutBacktrackingExponentially() {
        // As a regular expression this pattern took minutes on 50 characters; matched directly it is linear here.
        String pattern = "%a".repeat(40) + "%b";
        IonValue text = ION.newString("a".repeat(40_000));
        assertThat(ledger.executeStatement("SELECT VALUE x LIKE '" + pattern + "' FROM <<?>> AS x", text))
            .containsExactly(ION.newBool(false));
        assertThat(ledger.executeStatement("SELECT VALUE x LIKE '" + pattern.replace("%b", "%") + "' FROM <<?>> AS x",
            text)).containsExactly(ION.newBool(true));
        assertThat(ledger.executeStatement("SELECT VALUE 'a_c%' LIKE 'a\\_c\\%' ESCAPE '\\' FROM <<0>>"))
            .containsExactly(ION.newBool(true));
        assertThat(ledger.executeStatement("SELECT VALUE 'abc' LIKE 'a\\_c' ESCAPE '\\' FROM <<0>>"))
            .containsExactly(ION.newBool(false));
        assertThat(ledger.executeStatement("SELECT VALUE 'x\ny' LIKE 'x_y' FROM <<0>>"))
            .containsExactly(ION.newBool(true));
    }

    /** A value of {@code depth} nested containers made by {@code container}, built without recursion. */
    private static IonValue nested(int depth, java.util.function.Supplier<? extends IonContainer> container) {
        IonContainer outer = container.get();
        IonContainer current = outer;
        for (int level = 1; level < depth; level++) {
            IonContainer inner = container.get();
            add(current, inner);
            current = inner;
        }
        add(current, ION.newInt(1));
        return outer;
    }

    private static void add(IonContainer container, IonValue child) {
        if (container instanceof IonStruct struct) {
            struct.add("a", child);
        } else {
            ((com.amazon.ion.IonSequence) container).add(child);
        }
    }

    /** Runs {@code work} on a thread with a 512 KiB stack; what it threw, or null. */
    private static Throwable onSmallStack(Runnable work) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                work.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "hostile-statement", SMALL_STACK);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return thrown.get();
    }
}
