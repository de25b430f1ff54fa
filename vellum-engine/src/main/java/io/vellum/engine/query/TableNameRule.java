package io.vellum.engine.query;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Locale;
import java.util.Set;

/**
 * QLDB's naming constraints for tables (developer guide, "CREATE TABLE command in Amazon QLDB",
 * https://docs.aws.amazon.com/qldb/latest/developerguide/ql-reference.create-table.html): 1 to 128 characters,
 * letters, digits and underscores only, starting with a letter or an underscore, case-sensitive, and not a QLDB
 * PartiQL reserved word ("Reserved keywords in Amazon QLDB",
 * https://docs.aws.amazon.com/qldb/latest/developerguide/ql-reference.reserved.html). Quoting does not lift the
 * rule: {@code CREATE TABLE "a b"} and {@code CREATE TABLE "user"} are refused like their unquoted forms, since the
 * rule is about the name, not its spelling in a statement. Vellum also keeps QLDB's {@code _ql_} prefix for its
 * own tables. Reserved words compare case-insensitively, as PartiQL keywords do.
 */
public final class TableNameRule {
    /** Longest table name QLDB accepts. */
    public static final int MAX_LENGTH = 128;

    /**
     * QLDB's reserved keywords, in the page's order. The page lists them as one line; the part up to NATIONAL was
     * read from it, the rest (which the page shares with AWS's PartiQL list for S3 Select) from that list.
     */
    static final Set<String> RESERVED_WORDS = Set.of((
        "ABSOLUTE ACTION ADD ALL ALLOCATE ALTER AND ANY ARE AS ASC ASSERTION AT AUTHORIZATION AVG BAG BEGIN BETWEEN "
        + "BIT BIT_LENGTH BLOB BOOL BOOLEAN BOTH BY CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER CHARACTER_LENGTH "
        + "CHAR_LENGTH CHECK CLOB CLOSE COALESCE COLLATE COLLATION COLUMN COMMIT CONNECT CONNECTION CONSTRAINT "
        + "CONSTRAINTS CONTINUE CONVERT CORRESPONDING COUNT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME "
        + "CURRENT_TIMESTAMP CURRENT_USER CURSOR DATE DATE_ADD DATE_DIFF DAY DEALLOCATE DEC DECIMAL DECLARE DEFAULT "
        + "DEFERRABLE DEFERRED DELETE DESC DESCRIBE DESCRIPTOR DIAGNOSTICS DISCONNECT DISTINCT DOMAIN DOUBLE DROP ELSE "
        + "END END-EXEC ESCAPE EXCEPT EXCEPTION EXEC EXECUTE EXISTS EXTERNAL EXTRACT FALSE FETCH FIRST FLOAT FOR "
        + "FOREIGN FOUND FROM FULL GET GLOBAL GO GOTO GRANT GROUP HAVING HOUR IDENTITY IMMEDIATE IN INDEX INDICATOR "
        + "INITIALLY INNER INPUT INSENSITIVE INSERT INT INTEGER INTERSECT INTERVAL INTO IS ISOLATION JOIN KEY LANGUAGE "
        + "LAST LEADING LEFT LEVEL LIKE LIMIT LIST LOCAL LOWER MATCH MAX MIN MINUTE MISSING MODULE MONTH NAMES "
        + "NATIONAL NATURAL NCHAR NEXT NO NOT NULL NULLIF NUMERIC OCTET_LENGTH OF ON ONLY OPEN OPTION OR ORDER OUTER "
        + "OUTPUT OVERLAPS PAD PARTIAL PIVOT POSITION PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVILEGES PROCEDURE "
        + "PUBLIC READ REAL REFERENCES RELATIVE RESTRICT REVOKE RIGHT ROLLBACK ROWS SCHEMA SCROLL SECOND SECTION "
        + "SELECT SESSION SESSION_USER SET SEXP SIZE SMALLINT SOME SPACE SQL SQLCODE SQLERROR SQLSTATE STRING STRUCT "
        + "SUBSTRING SUM SYMBOL SYSTEM_USER TABLE TEMPORARY THEN TIME TIMESTAMP TIMEZONE_HOUR TIMEZONE_MINUTE TO "
        + "TRAILING TRANSACTION TRANSLATE TRANSLATION TRIM TRUE TUPLE UNION UNIQUE UNKNOWN UNPIVOT UPDATE UPPER USAGE "
        + "USER USING VALUE VALUES VARCHAR VARYING VIEW WHEN WHENEVER WHERE WITH WORK WRITE YEAR ZONE")
        .toLowerCase(Locale.ROOT).split(" "));

    private TableNameRule() {
    }

    /**
     * Refuses a name QLDB would refuse for a new table.
     *
     * @throws LedgerException INVALID_REQUEST naming the name (shortened when long) and the rule it breaks
     */
    public static void check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "invalid table name " + quoted(name) + ": " + problem
                + " (a table name has 1 to " + MAX_LENGTH + " letters, digits or underscores, starts with a letter or"
                + " an underscore and is not a reserved word)");
        }
    }

    private static String problem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "it has " + name.length() + " characters, more than " + MAX_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (i == 0 && !letter && c != '_') {
                return "it starts with " + describe(c) + ", not a letter or an underscore";
            }
            if (!letter && c != '_' && !(c >= '0' && c <= '9')) {
                return "it contains " + describe(c) + " at position " + (i + 1);
            }
        }
        if (RESERVED_WORDS.contains(name.toLowerCase(Locale.ROOT))) {
            return name.toUpperCase(Locale.ROOT) + " is a reserved word of QLDB's PartiQL";
        }
        if (name.startsWith("_ql_")) {
            return "the prefix _ql_ is reserved for system tables";
        }
        return null;
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
            return String.format(Locale.ROOT, "the character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private static String quoted(String name) {
        String shown = name.length() <= 40 ? name : name.substring(0, 32) + "…";
        StringBuilder text = new StringBuilder("\"");
        shown.chars().forEach(c -> text.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\u%04x", c)
            : String.valueOf((char) c)));
        return text.append('"').toString();
    }
}
