package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import io.vellum.engine.query.internal.execution.Planner;
import io.vellum.engine.query.internal.syntax.StatementParser;
import io.vellum.error.LedgerException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Cross-check against the reference parser {@code org.partiql:partiql-lang-kotlin:0.8.2} (DESIGN.md "Query"): every
 * corpus statement it accepts, ours accepts too. The reference parser is looked up reflectively, so this test is
 * skipped unless that artifact is on the test class path (a test-scoped dependency excluding antlr4, icu4j,
 * partiql-isl-kotlin and commons-csv).
 */
class PartiqlReferenceParserTest {
    /** More general PartiQL forms an application might send. */
    private static final List<String> PLAIN_PARTIQL = List.of(
        "SELECT t.* FROM T AS t", "SELECT VALUE {'a': t.a} FROM T t", "SELECT t.a AS \"A\" FROM T t",
        "SELECT * FROM T AS t WHERE t.a IN [1, 2]", "SELECT * FROM T WHERE a = -1", "SELECT * FROM T WHERE a = +1",
        "SELECT * FROM T WHERE a = 1.5e-3", "SELECT * FROM T WHERE NOT a = 1", "SELECT * FROM T WHERE a = `1.5d0`",
        "SELECT 1 FROM T", "SELECT * FROM T WHERE a.b.c = 'x'", "SELECT * FROM T WHERE \"a\" = 'x'",
        "SELECT COUNT(1) FROM T", "SELECT COUNT(a) AS c FROM T", "SELECT * FROM T WHERE a LIKE 'x%' ESCAPE '\\'",
        "SELECT * FROM T WHERE a || b = 'xy'", "SELECT * FROM T LIMIT 10", "SELECT VALUE x FROM << 1, 2 >> AS x",
        "SELECT * FROM T WHERE EXISTS (SELECT 1 FROM T2)", "SELECT CASE WHEN a THEN 1 END FROM T",
        "SELECT CASE a WHEN 1 THEN 'one' ELSE 'other' END FROM T", "SELECT t.a FROM T t ORDER BY t.a",
        "SELECT t.a FROM T t ORDER BY t.a DESC NULLS LAST", "UPDATE T SET a = 1, b.c = 2",
        "INSERT INTO T VALUE {'a': `2020-01-01T`}", "DELETE FROM T WHERE a IN (SELECT VALUE b FROM U)",
        "SELECT * FROM T WHERE a NOT BETWEEN 1 AND 2", "SELECT * FROM T WHERE a = 1 AND b = 2 OR c = 3",
        "SELECT * FROM T WHERE a = NULL", "SELECT * FROM T WHERE a = `null.int`", "SELECT t.a.b[0].c FROM T t",
        "SELECT SUBSTRING(a FROM 1 FOR 2) FROM T", "SELECT EXTRACT(TIMEZONE_HOUR FROM a) FROM T",
        "SELECT VALUE t FROM T AS t", "select count(*) as \"count\" from T", "SELECT * FROM T WHERE a IN ?",
        "SELECT * FROM T WHERE CAST(a AS INT) > 1", "SELECT MAX(a) FROM T", "SELECT * FROM T INNER JOIN U ON T.a = U.b",
        "SELECT * FROM T t CROSS JOIN U u", "SELECT * FROM T, U", "SELECT 1 + 2 * 3 FROM T",
        "SELECT TO_STRING(a, 'MMMM d, y') FROM T", "SELECT DATE_ADD(hour, 1, a) FROM T", "SELECT `{a:1}`.a FROM T",
        "SELECT * FROM T WHERE a = TRUE", "SELECT * FROM T WHERE a < ? AND a > ?", "SELECT t['a'] FROM T t",
        "SELECT * FROM T t WHERE t.a = 'It''s'", "SELECT * FROM T WHERE a IS NOT MISSING", "SELECT x.y FROM T AS t, t.l AS x AT i",
        "SELECT * FROM T WHERE a = MISSING", "SELECT DISTINCT t.a FROM T t", "SELECT * FROM T WHERE a = 1 OFFSET 2",
        "SELECT * FROM T WHERE (a = 1)", "SELECT * FROM T WHERE ((a = 1) AND (b = 2))", "SELECT [1, [2, <<3>>]] FROM T",
        "SELECT * FROM T WHERE a IS NULL OR a IS MISSING", "SELECT * FROM T WHERE a IN (SELECT VALUE u.a FROM U u)",
        "SELECT AVG(a), SUM(b), MIN(c) FROM T", "SELECT COUNT(DISTINCT a) FROM T", "SELECT @t.a FROM T AS t",
        "SELECT * FROM T WHERE a = 'x' AND b = \"c\".d", "UPDATE T AS t SET t.a = t.a + 1 WHERE t.b = ?",
        "FROM T AS t WHERE t.a = 1 SET t.b = 2", "FROM T AS t REMOVE t.b", "INSERT INTO T << {'a': 1} >>",
        "SELECT a FROM T WHERE TRIM(a) = 'x'", "SELECT COALESCE(a, b, c) FROM T", "SELECT UTCNOW() FROM T",
        "SELECT * FROM T WHERE a = `2019-06-05T00:00:00Z`", "SELECT * FROM T WHERE a = `{{aGVsbG8=}}`",
        "SELECT * FROM T WHERE a = `(sexp 1)`", "SELECT * FROM T WHERE a = `sym`", "SELECT * FROM T WHERE a <> ?",
        "SELECT * FROM T WHERE a != ?");

    @Test
    void everyStatementTheReferenceAcceptsWeAcceptToo() throws ReflectiveOperationException {
        Class<?> parserClass;
        try {
            parserClass = Class.forName("org.partiql.lang.syntax.SqlParser");
        } catch (ClassNotFoundException absent) {
            Assumptions.abort("org.partiql:partiql-lang-kotlin is not on the test class path");
            return;
        }
        Constructor<?> constructor = parserClass.getConstructor(IonSystem.class, List.class);
        Object reference = constructor.newInstance(EngineTestSupport.ION, List.of());
        Method parse = parserClass.getMethod("parseAstStatement", String.class);
        List<String> statements = new ArrayList<>(StatementCorpusTest.CORPUS);
        statements.addAll(PLAIN_PARTIQL);
        List<String> referenceRejects = new ArrayList<>();
        List<String> weReject = new ArrayList<>();
        for (String statement : statements) {
            try {
                parse.invoke(reference, statement);
            } catch (InvocationTargetException rejected) {
                referenceRejects.add(statement);
                continue;
            }
            try {
                Planner.plan(StatementParser.parse(statement, EngineTestSupport.ION));
            } catch (LedgerException e) {
                weReject.add(statement + "  ->  " + e.getMessage());
            }
        }
        System.out.println("Corpus statements the reference parser rejects (QLDB-only forms): " + referenceRejects);
        List<String> malformedButAccepted = new ArrayList<>();
        StatementCorpusTest.malformed().forEach(arguments -> {
            String statement = (String) arguments.get()[0];
            try {
                parse.invoke(reference, statement);
                malformedButAccepted.add(statement);
            } catch (ReflectiveOperationException rejected) {
                // Rejected by both parsers, as expected.
            }
        });
        System.out.println("Statements we reject as malformed that the reference accepts: " + malformedButAccepted);
        assertThat(weReject).as("statements the reference accepts but we reject").isEmpty();
        assertThat(referenceRejects.size()).as("most of the corpus is plain PartiQL").isLessThan(statements.size() / 4);
    }
}
