package io.vellum.server.hostile;

import java.util.List;

/**
 * Statements the engine must refuse with a clean error (4xx, no leak): bad table names under QLDB's rule (a letter
 * or underscore, then letters, digits, underscores; at most 128 characters), syntax errors, deeply nested PartiQL
 * and huge numeric literals.
 */
final class EngineStatements {
    private EngineStatements() {
    }

    static final String DEEP_PARENTHESES = "SELECT * FROM Cars WHERE " + "(".repeat(5_000) + "1 = 1"
            + ")".repeat(5_000);
    static final String DEEP_LIST = "SELECT * FROM Cars WHERE VIN IN " + "[".repeat(5_000) + "]".repeat(5_000);
    static final String DEEP_STRUCT = "INSERT INTO Cars VALUE " + "{'a':".repeat(3_000) + "1" + "}".repeat(3_000);
    // Decimals beyond the engine's number range (1,000 digits, exponent within 10,000) are refused before they are
    // computed; a float literal such as 1e999999999 is not among them: it is infinity, as IEEE 754 has it.
    static final String HUGE_DECIMAL = "SELECT * FROM Cars WHERE Price + `1d999999999` > 0";
    static final String HUGE_DECIMAL_ARITHMETIC = "SELECT Price * `1d999999999` FROM Cars";
    static final String LONG_NUMBER = "SELECT Price + " + "9".repeat(50_000) + " FROM Cars";

    static final List<String> REFUSED = List.of(
            "CREATE TABLE \"bad name\"",
            "CREATE TABLE 1abc",
            "CREATE TABLE " + "T".repeat(129),
            "CREATE TABLE \"T-1\"",
            "CREATE TABLE \"\"",
            "CREATE TABLE \"caf\u00e9\"",
            "CREATE TABLE Cars",
            "CREATE INDEX ON Nope (x)",
            "SELECT * FROM",
            "SELEC * FROM Cars",
            "SELECT * FROM Cars WHERE",
            "INSERT INTO Cars VALUE",
            "UPDATE Cars SET",
            "DROP TABLE",
            "SELECT * FROM Cars; DELETE FROM Cars",
            "SELECT * FROM NoSuchTable",
            "\u0000",
            "'unterminated",
            "SELECT * FROM history(Cars, 1, 2)",
            "SELECT * FROM history(Nope)",
            "SELECT * FROM _ql_committed_Nope",
            "SELECT Price / 0 FROM Cars",
            "SELECT Price % 0 FROM Cars",
            "EXEC redact_revision 'x', 'y'",
            "EXEC nope",
            "SELECT `garbage FROM Cars",
            "SELECT `{a:` FROM Cars",
            "SELECT * FROM Cars LIMIT -1",
            "SELECT * FROM Cars WHERE VIN = ?",
            "SELECT ?, ? FROM Cars",
            "DELETE FROM Nope",
            "UPDATE Cars SET Price = Price / 0",
            "SELECT * FROM Cars ORDER BY",
            "SELECT COUNT(*) FROM Cars GROUP BY VIN",
            "CREATE INDEX ON Cars (VIN)",
            "CREATE INDEX ON Cars (a.b.c)",
            "DROP INDEX \"nope\" ON Cars WITH (purge = true)",
            "UNDROP TABLE \"nope\"",
            "SELECT * FROM Cars c JOIN Cars d ON",
            "SELECT * FROM Cars WHERE VIN LIKE '%' ESCAPE 'ab'",
            "SELECT SUBSTRING('abc', -99999999999)",
            "SELECT CAST('x' AS TIMESTAMP) FROM Cars",
            "SELECT CAST(Price AS NOPE) FROM Cars",
            "SELECT DATE_ADD(year, 99999999999, `2019T`) FROM Cars",
            "INSERT INTO Cars << {'a': 1}, 5 >>",
            "INSERT INTO Cars VALUE 5",
            "INSERT INTO _ql_committed_Cars VALUE {'a':1}",
            "INSERT INTO information_schema.user_tables VALUE {}",
            DEEP_PARENTHESES,
            DEEP_LIST,
            DEEP_STRUCT,
            HUGE_DECIMAL,
            HUGE_DECIMAL_ARITHMETIC,
            LONG_NUMBER);

    /** A short name for a statement in a case name. */
    static String describe(String statement) {
        if (statement.equals(DEEP_PARENTHESES)) {
            return "deep parentheses (5000)";
        }
        if (statement.equals(DEEP_LIST)) {
            return "deep list literal (5000)";
        }
        if (statement.equals(DEEP_STRUCT)) {
            return "deep struct literal (3000)";
        }
        if (statement.equals(LONG_NUMBER)) {
            return "number literal of 50000 digits";
        }
        String printable = statement.replace("\u0000", "NUL");
        return "'" + (printable.length() <= 60 ? printable : printable.substring(0, 60) + "…") + "'";
    }
}
