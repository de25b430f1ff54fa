package io.vellum.engine.query;

import io.vellum.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Operators, predicates and functions, evaluated over a one-document table so that each case is
 * {@code SELECT VALUE <expression> FROM One AS o} compared with an Ion value ("MISSING" = no result).
 */
class ExpressionTest extends EngineTestSupport {

    @BeforeEach
    void oneDocument() {
        run("CREATE TABLE One");
        run("INSERT INTO One VALUE {'i': 7, 'd': 2.50, 'f': 1e0, 's': 'Hello', 'sym': `hi`, 'n': null, "
            + "'t': `2019-06-05T10:15:30Z`, 'list': [1, 2, 3], 'nested': {'a': {'b': 'deep'}}, 'b': true, "
            + "'blob': `{{aGVsbG8=}}`, 'items': [{'k': 'x'}, {'k': 'y'}]}");
    }

    private void assertValue(String expression, String expected) {
        assertResults(run("SELECT VALUE " + expression + " FROM One AS o"), expected.equals("MISSING") ? "" : expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "==>", quoteCharacter = '~', value = {
        // literals
        "'it''s'==>\"it's\"", "42==>42", "-42==>-42", "4.20==>4.20", ".5==>0.5", "5.==>5.", "1.5e-3==>0.0015e0", "1e3==>1000e0", "DATE '2019-06-05'==>2019-06-05T", "true==>true", "null==>null", "MISSING==>MISSING",
        "`{a: [1, 2.0, \"x\"]}`==>{a: [1, 2.0, \"x\"]}", "{'k': 1, 'm': o.nothing}==>{k: 1}", "[1, 'a']==>[1, \"a\"]",
        "<<1, 2>>==>[1, 2]", "`'quoted`sym'`==>'quoted`sym'",
        // paths
        "o.nested.a.b==>\"deep\"", "o.list[1]==>2", "o.list[5]==>MISSING", "o.nested['a']['b']==>\"deep\"",
        "o.\"nested\".a==>{b: \"deep\"}", "o.items[1].k==>\"y\"", "o.s.x==>MISSING", "o.nothing.at.all==>MISSING", "i==>7",
        // arithmetic
        "o.i + 1==>8", "o.i - 10==>-3", "o.i * 2==>14", "o.i / 2==>3", "o.i % 4==>3", "o.i + o.d==>9.50", "o.i * o.f==>7e0",
        "-o.i==>-7", "o.d / 2==>1.25", "o.i + o.s==>MISSING", "o.i + o.n==>null", "o.i + o.nothing==>MISSING", "1 + 2 * 3==>7",
        "(1 + 2) * 3==>9",
        // strings
        "o.s || ' world'==>\"Hello world\"", "o.sym || '!'==>\"hi!\"", "UPPER(o.s)==>\"HELLO\"", "lower(o.s)==>\"hello\"",
        "CHAR_LENGTH('é中😀')==>3", "CHARACTER_LENGTH(o.s)==>5", "SUBSTRING(o.s, 2)==>\"ello\"", "SUBSTRING(o.s, 2, 3)==>\"ell\"",
        "SUBSTRING(o.s FROM 0 FOR 3)==>\"He\"", "SUBSTRING(o.s FROM 4)==>\"lo\"", "TRIM('  x  ')==>\"x\"",
        "TRIM(LEADING FROM '  x  ')==>\"x  \"", "TRIM(TRAILING 'x' FROM 'xxaxx')==>\"xxa\"", "TRIM(BOTH 'x' FROM 'xxaxx')==>\"a\"",
        "TRIM('x' FROM 'xax')==>\"a\"", "UPPER(o.n)==>null", "UPPER(o.nothing)==>MISSING", "UPPER(o.i)==>MISSING",
        // collections
        "SIZE(o.list)==>3", "CARDINALITY(o.nested)==>1", "SIZE(`[]`)==>0", "SIZE(<<'foo', 'bar'>>)==>2",
        "SIZE(o.n)==>null", "SIZE(o.nothing)==>MISSING",
        // conditionals
        "COALESCE(o.nothing, o.n, 5)==>5", "COALESCE(o.n, o.nothing)==>null", "NULLIF(o.i, 7)==>null", "NULLIF(o.i, 8)==>7",
        "NULLIF(1.0, 1)==>null", "NULLIF(1, '1')==>1", "NULLIF([1], [1])==>null", "NULLIF(1, NULL)==>1", "NULLIF(NULL, 1)==>null",
        "NULLIF(null, null)==>null", "NULLIF(missing, null)==>null", "NULLIF(missing, missing)==>null", "NULLIF(o.nothing, 1)==>null",
        "CASE WHEN o.i > 5 THEN 'big' ELSE 'small' END==>\"big\"", "CASE o.i WHEN 1 THEN 'one' WHEN 7 THEN 'seven' END==>\"seven\"",
        "CASE WHEN o.i > 50 THEN 'big' END==>null",
        // casts
        "CAST(o.i AS STRING)==>\"7\"", "CAST('12' AS INT)==>12", "CAST(o.d AS INT)==>2",
        "CAST(o.i AS DECIMAL)==>7.", "CAST(o.i AS FLOAT)==>7e0", "CAST('true' AS BOOL)==>true", "CAST(o.s AS SYMBOL)==>Hello",
        "CAST('2019-06-05T' AS TIMESTAMP)==>2019-06-05T", "CAST(o.n AS INT)==>null", "CAST(o.list AS SEXP)==>(1 2 3)",
        "CAST(o.d AS DOUBLE PRECISION)==>2.5e0",
        // QLDB's documented casts of unknowns and to BOOL
        "CAST(null AS null)==>null", "CAST(missing AS null)==>null", "CAST(missing AS missing)==>MISSING",
        "CAST(null AS missing)==>MISSING", "CAST(null AS boolean)==>null", "CAST(missing AS boolean)==>MISSING",
        "CAST(o.n AS missing)==>MISSING", "CAST(o.nothing AS null)==>null",
        "CAST(true AS boolean)==>true", "CAST(0 AS boolean)==>false", "CAST(1 AS boolean)==>true",
        "CAST(`1e0` AS boolean)==>true", "CAST(`1d0` AS boolean)==>true", "CAST('a' AS boolean)==>false",
        "CAST('true' AS boolean)==>true", "CAST(`'true'` AS boolean)==>true", "CAST(`'false'` AS boolean)==>false",
        "CAST('TRUE' AS bool)==>true", "CAST('' AS bool)==>false",
        "CAST(true AS integer)==>1", "CAST(`1d3` AS integer)==>1000", "CAST(1.75 AS integer)==>1", "CAST(`'22'` AS integer)==>22",
        // date and time
        "EXTRACT(YEAR FROM o.t)==>2019", "EXTRACT(month FROM o.t)==>6", "EXTRACT(HOUR FROM o.t)==>10",
        "EXTRACT(SECOND FROM o.t)==>30.", "DATE_ADD(day, 30, o.t)==>2019-07-05T10:15:30Z",
        "DATE_ADD(year, -1, o.t)==>2018-06-05T10:15:30Z", "DATE_DIFF(day, `2019-06-01T`, o.t)==>4",
        "DATE_DIFF(month, `2018-01-15T`, `2019-06-05T`)==>16", "TO_STRING(o.t, 'yyyy-MM-dd HH:mm')==>\"2019-06-05 10:15\"",
        "TO_TIMESTAMP('2007-02-23T12:14:33.079Z')==>2007-02-23T12:14:33.079Z",
        "TO_TIMESTAMP('2016-02-23', 'yyyy-MM-dd')==>2016-02-23T", "TO_TIMESTAMP('nonsense')==>MISSING",
        "UTCNOW()==>2019-06-05T12:00:00Z",
        // QLDB's documented TO_TIMESTAMP patterns, TO_STRING month names and DATE_ADD precision and offset
        "TO_TIMESTAMP('2016', 'y')==>2016T", "TO_TIMESTAMP('2016', 'yyyy')==>2016T",
        "TO_TIMESTAMP('02-2016', 'MM-yyyy')==>2016-02T", "TO_TIMESTAMP('Feb 2016', 'MMM yyyy')==>2016-02T",
        "TO_TIMESTAMP('February 2016', 'MMMM yyyy')==>2016-02T", "TO_TIMESTAMP('fEBRUARY 2016', 'MMMM yyyy')==>2016-02T",
        "TO_TIMESTAMP('5-6-70', 'd-M-yy')==>1970-06-05T", "TO_TIMESTAMP('5-6-69', 'd-M-yy')==>2069-06-05T",
        "TO_TIMESTAMP('2016-02-23 3:04 pm', 'yyyy-MM-dd h:mm a')==>2016-02-23T15:04Z",
        "TO_TIMESTAMP('2016-02-23 15:04:05.25 +08:00', 'yyyy-MM-dd HH:mm:ss.SS xxx')==>2016-02-23T15:04:05.25+08:00",
        "TO_TIMESTAMP('Febtober 2016', 'MMMM yyyy')==>MISSING",
        "TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y')==>\"July 20, 1969\"", "TO_STRING(`1969-07-20T20:18Z`, 'MMM d, yyyy')==>\"Jul 20, 1969\"",
        "TO_STRING(`1969-07-20T20:18Z`, 'M-d-yy')==>\"7-20-69\"", "TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y h:m a')==>\"July 20, 1969 8:18 PM\"",
        "TO_STRING(`1969-07-20T20:18+08:00`, 'y-MM-dd''T''H:m:ssXXXXX')==>\"1969-07-20T20:18:00+08:00\"",
        "DATE_ADD(year, 5, `2010-01-01T`)==>2015-01-01T", "DATE_ADD(month, 1, `2010T`)==>2010-02T",
        "DATE_ADD(month, 13, `2010T`)==>2011-02T", "DATE_ADD(day, -1, `2017-01-10T`)==>2017-01-09T",
        "DATE_ADD(hour, 1, `2017T`)==>2017-01-01T01:00Z", "DATE_ADD(hour, 1, `2017-01-02T03:04Z`)==>2017-01-02T04:04Z",
        "DATE_ADD(minute, 1, `2017-01-02T03:04:05.006Z`)==>2017-01-02T03:05:05.006Z",
        "DATE_ADD(second, 1, `2017-01-02T03:04:05.006Z`)==>2017-01-02T03:04:06.006Z"})
    void evaluates(String expression, String expected) {
        assertValue(expression, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "==>", quoteCharacter = '~', value = {
        // equality across numeric types, text types, timestamps and containers
        "o.i = 7==>true", "o.i = 7.0==>true", "o.i = 7e0==>true", "o.d = 2.5==>true", "o.f = 1==>true", "o.s = 'Hello'==>true",
        "o.sym = 'hi'==>true", "o.t = `2019-06-05T12:15:30+02:00`==>true", "o.list = [1, 2, 3]==>true", "o.list = [1, 2]==>false",
        "o.nested = {'a': {'b': 'deep'}}==>true", "o.b = true==>true", "o.blob = `{{aGVsbG8=}}`==>true",
        "o.i = '7'==>false", "o.i != 8==>true", "o.i <> 7==>false",
        // ordering; incomparable kinds are false
        "o.i < 8==>true", "o.i <= 7==>true", "o.i > 7.5==>false", "o.i >= 7==>true", "o.s < 'World'==>true",
        "o.t > `2019-01-01T`==>true", "o.i < 'text'==>false", "o.list < [2]==>false", "false < true==>true",
        // null and missing propagation
        "o.n = null==>null", "o.i = o.n==>null", "o.i = o.nothing==>MISSING", "o.nothing = o.nothing==>MISSING",
        "o.n IS NULL==>true", "o.nothing IS NULL==>true", "o.nothing IS MISSING==>true", "o.n IS MISSING==>false",
        "o.i IS NOT NULL==>true", "o.n IS NOT MISSING==>true",
        "o.s IS STRING==>true", "o.i IS NOT INT==>false", "o.n IS INT==>false", "o.nothing IS STRING==>false",
        "o.sym IS SYMBOL==>true", "o.nested IS STRUCT==>true", "o.list IS LIST==>true", "o.t IS TIMESTAMP==>true",
        "o.d IS DECIMAL==>true", "o.f IS FLOAT==>true", "o.b IS BOOLEAN==>true", "o.blob IS BLOB==>true",
        // logic with unknowns
        "true AND o.n==>null", "false AND o.n==>false", "true OR o.n==>true", "false OR o.n==>null", "NOT o.n==>null",
        "NOT (o.i = 7)==>false", "false AND o.nothing==>false", "true AND o.nothing==>MISSING", "NOT o.nothing==>MISSING",
        // IN, BETWEEN, LIKE
        "o.i IN (1, 7)==>true", "o.i IN (1, 2)==>false", "o.i IN (1, null)==>null", "o.i NOT IN (1, 2)==>true",
        "o.i IN [7.0]==>true", "o.s IN <<'Hello'>>==>true", "o.i IN o.list==>false", "2 IN o.list==>true",
        "o.i BETWEEN 1 AND 7==>true", "o.i NOT BETWEEN 1 AND 7==>false", "o.s BETWEEN 'A' AND 'Z'==>true",
        "o.s LIKE 'He%'==>true", "o.s LIKE 'H_llo'==>true", "o.s LIKE 'h%'==>false", "o.s NOT LIKE '%x%'==>true",
        "'50%' LIKE '50!%' ESCAPE '!'==>true", "'500' LIKE '50!%' ESCAPE '!'==>false", "'a.c' LIKE 'a.c'==>true",
        "'abc' LIKE 'a.c'==>false", "o.i LIKE '7'==>MISSING", "'line1' || ' more' LIKE 'line1%'==>true",
        // EXISTS
        "EXISTS(o.list)==>true", "EXISTS(`[]`)==>false", "EXISTS(`{}`)==>false", "EXISTS(`{a: 1}`)==>true",
        "EXISTS(`()`)==>false", "EXISTS(`(+ 1 2)`)==>true", "EXISTS(1)==>false", "EXISTS(`2017T`)==>false", "EXISTS(null)==>false", "EXISTS(SELECT * FROM o.items AS it WHERE it.k = 'y')==>true"})
    void compares(String expression, String expected) {
        assertValue(expression, expected);
    }

    @Test
    void whereKeepsOnlyTrueRows() {
        assertResults(run("SELECT VALUE o.i FROM One AS o WHERE o.n"), "");
        assertResults(run("SELECT VALUE o.i FROM One AS o WHERE o.nothing = 1"), "");
        assertResults(run("SELECT VALUE o.i FROM One AS o WHERE o.s"), "");
        assertResults(run("SELECT VALUE o.i FROM One AS o WHERE o.b"), "7");
    }

    @Test
    void semanticErrorsAreInvalidRequests() {
        assertFails(ErrorCode.INVALID_REQUEST, "division by zero: 7 / 0", "SELECT VALUE o.i / 0 FROM One AS o");
        // QLDB documents these as errors, not values (SIZE(12) -- error, EXISTS(missing) -- error).
        assertFails(ErrorCode.INVALID_REQUEST, "SIZE needs a list, struct or bag, found",
            "SELECT VALUE SIZE(12) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "CARDINALITY needs a list, struct or bag",
            "SELECT VALUE CARDINALITY(o.s) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "EXISTS needs a value, but its argument is MISSING",
            "SELECT VALUE EXISTS(missing) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "EXISTS needs a value", "SELECT VALUE EXISTS(o.nothing) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "division by zero: 7 % 0", "SELECT VALUE o.i % 0.0 FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "unknown function NOPE", "SELECT VALUE NOPE(o.i) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "UPPER takes 1 arguments, 2 given", "SELECT VALUE UPPER(o.s, 1) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "CAST to unknown type", "SELECT VALUE CAST(o.i AS COLOUR) FROM One AS o");
        // QLDB: a value that is not an unknown cannot be cast to NULL or MISSING; a failed conversion is an error.
        assertFails(ErrorCode.INVALID_REQUEST,
            "CAST of a value of type bool to NULL is not possible: only null and missing have that type",
            "SELECT VALUE CAST(true AS null) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "CAST of a value of type int to MISSING is not possible",
            "SELECT VALUE CAST(1 AS missing) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "CAST of the string \"aa\" to INTEGER is not possible: the value has no"
            + " INTEGER representation", "SELECT VALUE CAST('aa' AS integer) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "CAST of the string \"x\" to TIMESTAMP is not possible",
            "SELECT VALUE CAST('x' AS TIMESTAMP) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "CAST of a value of type list to INT is not possible",
            "SELECT VALUE CAST(o.list AS INT) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "struct field name must be a string", "SELECT VALUE {a: 1} FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "DATE_ADD does not know the date part fortnight",
            "SELECT VALUE DATE_ADD(fortnight, 1, o.t) FROM One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "history() can only be used in FROM", "SELECT VALUE history(One) FROM One");
        assertFails(ErrorCode.INVALID_REQUEST, "LIMIT needs a non-negative integer", "SELECT * FROM One LIMIT -1");
        assertFails(ErrorCode.INVALID_REQUEST, "bound twice", "SELECT * FROM One AS o, One AS o");
        assertFails(ErrorCode.INVALID_REQUEST, "information_schema.user_tables",
            "SELECT * FROM information_schema.user_views");
    }
}
