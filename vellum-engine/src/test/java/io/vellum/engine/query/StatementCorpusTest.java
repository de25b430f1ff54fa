package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vellum.engine.query.internal.execution.Planner;
import io.vellum.engine.query.internal.syntax.StatementParser;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of statements in the style of the QLDB developer guide (vehicle-registration sample, DMV tutorial, driver
 * integration tests) that must parse and plan, and of malformed statements that must fail with PARSE_ERROR at the
 * right line and column.
 */
class StatementCorpusTest {

    /** Statements QLDB applications send; every one must parse and plan. */
    static final List<String> CORPUS = List.of(
        "CREATE TABLE Person",
        "CREATE TABLE VehicleRegistration",
        "create table \"DriversLicense\"",
        "CREATE TABLE Vehicle WITH (aws_tags = `{'IsTest': 'true', 'Domain': 'Test'}`)",
        "CREATE INDEX ON Person (GovId)",
        "CREATE INDEX ON VehicleRegistration (LicensePlateNumber)",
        "CREATE INDEX ON DriversLicense (\"LicenseNumber\")",
        "DROP INDEX \"4tPW3fUhaVhDinRgKRLhGU\" ON DriversLicense WITH (purge = true)",
        "DROP TABLE Vehicle",
        "UNDROP TABLE \"5PLf9SXwndd63lPaSIa0O6\"",
        """
            INSERT INTO Person
            << {'FirstName' : 'Raul', 'LastName' : 'Lewis', 'DOB' : `1963-08-19T`, 'GovId' : 'LEWISR261LL',
                'GovIdType' : 'Driver License', 'Address' : '1719 University Street, Seattle, WA, 98109'},
               {'FirstName' : 'Brent', 'LastName' : 'Logan', 'DOB' : `1967-07-03T`, 'GovId' : 'LOGANB486CG',
                'GovIdType' : 'Driver License', 'Address' : '43 Stockert Hollow Road, Everett, WA, 98203'} >>""",
        "INSERT INTO Person ?",
        "INSERT INTO Person <<?, ?>>",
        "INSERT INTO VehicleRegistration VALUE {'VIN' : 'KM8SRDHF6EU074761', 'LicensePlateNumber' : 'CA762X', "
            + "'State' : 'WA', 'PendingPenaltyTicketAmount' : 130.75, 'ValidFromDate' : `2017-09-14T`, "
            + "'Owners' : {'PrimaryOwner' : {'PersonId': '294jJ3YUoH1IEEm8GSabOs'}, 'SecondaryOwners' : []}}",
        "INSERT INTO Customer ?",
        "INSERT INTO T VALUE ?",
        "SELECT * FROM Vehicle AS v WHERE v.VIN = ?",
        "SELECT * FROM Vehicle WHERE VIN = '1N4AL11D75C109151'",
        "SELECT r.Owners FROM VehicleRegistration AS r BY r_id WHERE r_id = ?",
        "SELECT r_id FROM VehicleRegistration AS r BY r_id WHERE r.VIN = '1N4AL11D75C109151'",
        "SELECT p.* FROM Person AS p WHERE p.GovId IN (?, ?)",
        "SELECT * FROM Person AS p, DriversLicense AS l WHERE p.GovId = ? AND l.PersonId = p.PersonId",
        "SELECT v.Make, v.Model FROM VehicleRegistration AS r INNER JOIN Vehicle AS v ON r.VIN = v.VIN "
            + "WHERE r.Owners.PrimaryOwner.PersonId = ?",
        "SELECT Vehicle.VIN FROM Vehicle",
        "SELECT * FROM Person WHERE GovId = ? AND FirstName = 'PAGED'",
        "SELECT COUNT(*) FROM Person",
        "SELECT COUNT(*) AS num FROM Person AS p WHERE p.LastName = 'Lewis'",
        "SELECT VALUE name FROM information_schema.user_tables WHERE status = 'ACTIVE'",
        "SELECT name FROM information_schema.user_tables WHERE status = 'ACTIVE'",
        "SELECT * FROM information_schema.user_tables WHERE name = 'Person'",
        "SELECT VALUE indexes[0] FROM information_schema.user_tables WHERE status = 'ACTIVE' AND name = 'Person'",
        "SELECT * FROM _ql_committed_VehicleRegistration WHERE data.VIN = ?",
        "SELECT c.metadata.id, c.metadata.version FROM _ql_committed_Person AS c WHERE c.data.GovId = ?",
        "SELECT * FROM history(VehicleRegistration, `2019-06-05T00:00:00Z`, `2019-06-05T23:59:59Z`) AS h "
            + "WHERE h.metadata.id = 'KmA3ZZca7vAIiJAK9S5Iwl'",
        "SELECT * FROM history(VehicleRegistration) AS h WHERE h.metadata.id = ?",
        "SELECT h.data.VIN, h.metadata.version FROM history('5PLf9SXwndd63lPaSIa0O6', `2019-06-05T00:00:00Z`) AS h",
        "SELECT h.metadata.version FROM history( Person ) AS h WHERE h.data.GovId = 'LEWISR261LL'",
        "SELECT * FROM Person AS p WHERE p.LastName LIKE 'Le%' AND p.DOB BETWEEN `1960-01-01T` AND `1970-01-01T`",
        "SELECT * FROM Vehicle AS v WHERE v.Year >= 2010 AND v.Year <= 2020 OR v.Make <> 'Audi'",
        "SELECT * FROM Vehicle AS v WHERE NOT (v.Color = 'Red') AND v.Type != 'Truck'",
        "SELECT * FROM VehicleRegistration AS r WHERE r.PendingPenaltyTicketAmount > 100.0",
        "SELECT r.VIN, o.PersonId FROM VehicleRegistration AS r, r.Owners.SecondaryOwners AS o",
        "SELECT * FROM VehicleRegistration AS r WHERE EXISTS(SELECT * FROM r.Owners.SecondaryOwners AS o "
            + "WHERE o.PersonId = ?)",
        "SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.Color IS NOT NULL AND v.Trim IS MISSING",
        "SELECT UPPER(p.LastName) AS last, CHAR_LENGTH(p.FirstName) AS len FROM Person AS p",
        "SELECT SUBSTRING(p.GovId, 1, 5), TRIM(BOTH ' ' FROM p.Address) FROM Person AS p",
        "SELECT COALESCE(p.Nickname, p.FirstName), NULLIF(p.GovIdType, '') FROM Person AS p",
        "SELECT CAST(v.Year AS STRING) FROM Vehicle AS v",
        "SELECT EXTRACT(YEAR FROM p.DOB), DATE_ADD(day, 30, p.DOB), DATE_DIFF(year, p.DOB, UTCNOW()) FROM Person AS p",
        "SELECT TO_STRING(p.DOB, 'yyyy-MM-dd'), TO_TIMESTAMP('2007-02-23T12:14:33.079Z') FROM Person AS p",
        "SELECT SIZE(r.Owners.SecondaryOwners) FROM VehicleRegistration AS r",
        "SELECT {'vin': v.VIN, 'tags': [v.Make, v.Model], 'all': <<1, 2>>} FROM Vehicle AS v",
        "SELECT * FROM \"Vehicle\" AS v WHERE v.\"VIN\" = ?",
        "SELECT v.VIN -- the key\nFROM Vehicle AS v /* every one */",
        "select * from Vehicle as v where v.VIN = ?;",
        "UPDATE VehicleRegistration AS r SET r.Owners.PrimaryOwner.PersonId = ? WHERE r.VIN = ?",
        "UPDATE VehicleRegistration AS r SET r.PendingPenaltyTicketAmount = 0.0, r.City = 'Kent' WHERE r.VIN = ?",
        "UPDATE Person AS p BY pid SET p.Address = ? WHERE pid = ?",
        "UPDATE Person REMOVE Address WHERE GovId = ?",
        "UPDATE T AS t SET t.b = ? WHERE t.a = ?",
        "UPDATE Customer as b SET b.guid = ? WHERE b.email = ?",
        "UPDATE T SET a = ?, b = ? WHERE c = ?",
        "UPDATE Person SET x = 1 -- OCCFAIL",
        "FROM VehicleRegistration AS r \nWHERE r.VIN = '1N4AL11D75C109151'\nINSERT INTO r.Owners.SecondaryOwners\n"
            + "    VALUE { 'PersonId' : 'CMVdR77XP8zAglmmFDGTvt' }",
        "FROM VehicleRegistration AS r WHERE r.VIN = ? SET r.Owners.PrimaryOwner.PersonId = ?",
        "FROM VehicleRegistration AS r WHERE r.VIN = ? REMOVE r.Owners.SecondaryOwners[0]",
        "FROM Person AS p BY pid WHERE pid = ? SET p.Address = '1 Main St'",
        "FROM VehicleRegistration AS r WHERE r.VIN = ? INSERT INTO r.Owners.SecondaryOwners VALUE ? AT 0",
        "DELETE FROM Person AS p WHERE p.GovId = ?",
        "DELETE FROM VehicleRegistration AS r BY r_id WHERE r_id = ?",
        "DELETE FROM Vehicle",
        "EXEC redact_revision `{strandId:\"JdxjkR9bSYB5jMHWcI464T\", sequenceNo:17}`, '5PLf9SXwndd63lPaSIa0O6', "
            + "'8F0TPCmdNQ6JTRpiLj2TmW'",
        "EXEC redact_revision ?, ?, ?",
        "SELECT * FROM T WHERE a = 'é中😀' AND b = ?",
        "SELECT email FROM Customer WHERE email = ?",
        "SELECT v FROM table",
        "SELECT DISTINCT VALUE v.Make FROM Vehicle AS v ORDER BY v.Make DESC LIMIT 10");

    static Stream<String> corpus() {
        return CORPUS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parsesAndPlans(String statement) {
        assertThatCode(() -> Planner.plan(StatementParser.parse(statement, EngineTestSupport.ION)))
            .doesNotThrowAnyException();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
            Arguments.of("SELECT * FORM Person", 1, 10, "expected FROM but found 'FORM'"),
            Arguments.of("SELECT * FROM", 1, 14, "expected an expression but found end of statement"),
            Arguments.of("SELECT * FROM Person WHERE", 1, 27, "expected an expression"),
            Arguments.of("SELECT * FROM Person WHERE a = ", 1, 32, "end of statement"),
            Arguments.of("SELECT * FROM Person\nWHERE a = 'unterminated", 2, 11, "unterminated string literal"),
            Arguments.of("SELECT *\n  FROM Person AS p\n  WHERE p.a = = 1", 3, 15, "expected an expression but found '='"),
            Arguments.of("SELECT * FROM Person WHERE a = `{ unclosed`", 1, 32, "invalid Ion literal"),
            Arguments.of("SELECT * FROM Person WHERE a = `1", 1, 32, "unterminated Ion literal"),
            Arguments.of("INSERT INTO Person VALUES {'a': 1}", 1, 20, "VALUE, a bag"),
            Arguments.of("INSERT Person VALUE {'a': 1}", 1, 8, "expected INTO but found 'Person'"),
            Arguments.of("INSERT INTO Person VALUE {'a' 1}", 1, 31, "expected ':' but found '1'"),
            Arguments.of("INSERT INTO Person << {'a': 1}, {'b': 2} ", 1, 42, "expected '>>'"),
            Arguments.of("UPDATE Person WHERE a = 1", 1, 15, "expected SET, REMOVE or INSERT INTO but found 'WHERE'"),
            Arguments.of("UPDATE Person SET = 1", 1, 19, "expected a path but found '='"),
            Arguments.of("UPDATE Person SET a 1", 1, 21, "expected '=' but found '1'"),
            Arguments.of("DELETE Person WHERE a = 1", 1, 8, "expected FROM but found 'Person'"),
            Arguments.of("CREATE TABEL Person", 1, 8, "expected TABLE or INDEX"),
            Arguments.of("CREATE INDEX ON Person GovId", 1, 24, "expected '(' but found 'GovId'"),
            Arguments.of("CREATE INDEX ON Person (GovId", 1, 30, "expected ')' but found end of statement"),
            Arguments.of("DROP INDEX ON Person", 1, 12, "expected an index id but found 'ON'"),
            Arguments.of("UNDROP \"abc\"", 1, 8, "expected TABLE"),
            Arguments.of("SELEC * FROM Person", 1, 1, "expected a statement"),
            Arguments.of("SELECT * FROM Person AS", 1, 24, "expected an alias after AS"),
            Arguments.of("SELECT a b c FROM Person", 1, 12, "expected FROM but found 'c'"),
            Arguments.of("SELECT * FROM Person WHERE a IN (1, 2", 1, 38, "expected ')' but found end of statement"),
            Arguments.of("SELECT * FROM Person WHERE a IS 5", 1, 33, "expected NULL, MISSING or a type name after IS"),
            Arguments.of("SELECT * FROM Person WHERE a BETWEEN 1 OR 2", 1, 40, "expected AND but found 'OR'"),
            Arguments.of("SELECT * FROM Person /* never closed", 1, 22, "unterminated comment"),
            Arguments.of("SELECT * FROM Person WHERE a = 1e", 1, 33, "exponent"),
            Arguments.of("SELECT * FROM Person WHERE a = #", 1, 32, "unexpected character '#'"),
            Arguments.of("SELECT * FROM Person\r\nWHERE é = 'x' AND\n  b = ", 3, 7, "end of statement"),
            Arguments.of("SELECT 'é中😀' FROM Person WHERE", 1, 31, "expected an expression"),
            Arguments.of("SELECT * FROM Person WHERE a = 1 extra", 1, 34, "expected end of statement but found 'extra'"),
            Arguments.of("SELECT CAST(a AS) FROM Person", 1, 17, "expected a type name"),
            Arguments.of("SELECT * FROM Person WHERE a = [1, 2", 1, 37, "expected ']'"),
            Arguments.of("FROM Person AS p WHERE p.a = 1", 1, 31, "expected SET, REMOVE or INSERT INTO"),
            Arguments.of("SELECT * FROM Person WHERE x = SELECT", 1, 32, "subquery must be enclosed in parentheses"),
            Arguments.of("SELECT * FROM Person WHERE d = DATE '2019-6-5'", 1, 37, "must look like 'YYYY-MM-DD'"),
            Arguments.of("SELECT * FROM Person AS p WHERE p.a[* = 1", 1, 39, "expected ']'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void failsWithParseErrorAtThePosition(String statement, int line, int column, String message) {
        LedgerException error = catchThrowableOfType(LedgerException.class,
            () -> Planner.plan(StatementParser.parse(statement, EngineTestSupport.ION)));
        assertThat(error).as("should not parse: " + statement).isNotNull();
        assertThat(error.code()).as(error.getMessage()).isEqualTo(ErrorCode.PARSE_ERROR);
        assertThat(error.getMessage()).contains("line " + line + ", column " + column).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theEngineCachesOnePlanPerStatementText(String statement) {
        QueryEngine engine = new QueryEngine(EngineTestSupport.ION, 2);
        InMemoryQueryContext context = new InMemoryQueryContext(EngineTestSupport.ION);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                engine.execute(context, statement, List.of());
            } catch (LedgerException expected) {
                // Unknown tables, missing parameters: the plan is made (and cached) before execution fails.
                assertThat(expected.code()).isNotEqualTo(ErrorCode.PARSE_ERROR);
            }
        }
        assertThat(engine.cachedPlanCount()).isEqualTo(1);
    }
}
