package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every statement form of COMPATIBILITY.md §10.2 and the shape of its result. */
class StatementFormsTest extends EngineTestSupport {

    @Nested
    class Definitions {
        @Test
        void createTableReturnsItsId() {
            List<IonValue> results = run("CREATE TABLE Person");
            assertThat(results).hasSize(1);
            assertThat(tableId(results.get(0))).isEqualTo(context.table("Person").tableId());
            assertThat(((IonStruct) results.get(0)).size()).isEqualTo(1);
        }

        @Test
        void createTableKeepsAwsTags() {
            run("CREATE TABLE \"Tagged\" WITH (aws_tags = `{'IsTest': 'true', 'Domain': 'Test'}`)");
            assertThat(context.table("Tagged").active()).isTrue();
            assertThat(context.createdTags.get("Tagged")).isEqualTo(java.util.Map.of("IsTest", "true", "Domain", "Test"));
        }

        @Test
        void createTableRejectsOtherOptionsAndReservedNames() {
            assertFails(ErrorCode.INVALID_REQUEST, "aws_tags", "CREATE TABLE T WITH (colour = 'red')");
            assertFails(ErrorCode.INVALID_REQUEST, "reserved", "CREATE TABLE _ql_mine");
        }

        @Test
        void createTableTwiceIsAlreadyExistsFromTheContext() {
            run("CREATE TABLE T");
            assertFails(ErrorCode.ALREADY_EXISTS, "T", "CREATE TABLE T");
        }

        @Test
        void createIndexReturnsTheTableIdAndShowsInTheCatalog() {
            String table = tableId(run("CREATE TABLE Person").get(0));
            assertThat(tableId(run("CREATE INDEX ON Person (GovId)").get(0))).isEqualTo(table);
            assertThat(context.table("Person").indexOn("GovId")).isPresent();
            assertFails(ErrorCode.ALREADY_EXISTS, "GovId", "create index on Person (GovId)");
        }

        @Test
        void createIndexOnANestedPathIsRejected() {
            run("CREATE TABLE Person");
            assertFails(ErrorCode.INVALID_REQUEST, "one top-level field", "CREATE INDEX ON Person (Address.City)");
            assertFails(ErrorCode.INVALID_REQUEST, "128", "CREATE INDEX ON Person (" + "a".repeat(129) + ")");
        }

        @Test
        void dropIndexNeedsPurgeAndReturnsTheTableId() {
            String table = tableId(run("CREATE TABLE Person").get(0));
            run("CREATE INDEX ON Person (GovId)");
            String indexId = context.table("Person").indexOn("GovId").orElseThrow().indexId();
            assertFails(ErrorCode.INVALID_REQUEST, "requires exactly WITH (purge = true), found no WITH clause",
                "DROP INDEX \"" + indexId + "\" ON Person");
            assertFails(ErrorCode.INVALID_REQUEST, "requires exactly WITH (purge = true), found WITH (purge = false)",
                "DROP INDEX \"" + indexId + "\" ON Person WITH (purge = false)");
            assertFails(ErrorCode.NOT_FOUND, "no index", "DROP INDEX \"nope\" ON Person WITH (purge = true)");
            assertThat(tableId(run("DROP INDEX \"" + indexId + "\" ON Person WITH (purge = true)").get(0)))
                .isEqualTo(table);
            assertThat(context.table("Person").indexes()).isEmpty();
        }

        @Test
        void dropAndUndropTable() {
            String table = tableId(run("CREATE TABLE Person").get(0));
            assertThat(tableId(run("DROP TABLE Person").get(0))).isEqualTo(table);
            assertFails(ErrorCode.NOT_FOUND, "Person", "SELECT * FROM Person");
            assertResults(run("SELECT VALUE status FROM information_schema.user_tables"), "\"INACTIVE\"");
            assertThat(tableId(run("UNDROP TABLE \"" + table + "\"").get(0))).isEqualTo(table);
            assertThat(tableId(run("UNDROP TABLE '" + table + "'").get(0))).isEqualTo(table);
            assertThat(context.table("Person").active()).isTrue();
        }
    }

    @Nested
    class Inserts {
        @Test
        void insertValueReturnsOneDocumentId() {
            run("CREATE TABLE T");
            List<IonValue> results = run("INSERT INTO T VALUE {'a': 1, 'b': [1, 2], 'c': {'d': `2020-01-01T`}}");
            assertThat(results).hasSize(1);
            assertThat(((IonStruct) results.get(0)).size()).isEqualTo(1);
            assertResults(run("SELECT * FROM T"), "{a: 1, b: [1, 2], c: {d: 2020-01-01T}}");
        }

        @Test
        void insertBagReturnsOneIdPerDocumentInOrder() {
            run("CREATE TABLE T");
            List<IonValue> results = run("INSERT INTO T << {'n': 1}, {'n': 2}, {'n': 3} >>");
            assertThat(results).hasSize(3);
            assertThat(results.stream().map(EngineTestSupport::documentId).distinct()).hasSize(3);
            assertResults(run("SELECT VALUE n FROM T BY id WHERE id = ?", "\"" + documentId(results.get(1)) + "\""),
                "2");
        }

        @Test
        void insertParameterStructListOrBag() {
            run("CREATE TABLE T");
            assertThat(run("INSERT INTO T ?", "{a: 1}")).hasSize(1);
            assertThat(run("INSERT INTO T ?", "[{a: 2}, {a: 3}]")).hasSize(2);
            assertThat(run("INSERT INTO T <<?, ?>>", "{a: 4}", "{a: 5}")).hasSize(2);
            assertThat(run("INSERT INTO T VALUE ?", "{a: 6}")).hasSize(1);
            assertResultsInAnyOrder(run("SELECT VALUE a FROM T"), "1 2 3 4 5 6");
        }

        @Test
        void insertingANonStructNamesTheType() {
            run("CREATE TABLE T");
            assertFails(ErrorCode.INVALID_REQUEST, "found int", "INSERT INTO T VALUE 1");
            assertFails(ErrorCode.INVALID_REQUEST, "found string", "INSERT INTO T ?", "\"text\"");
            assertFails(ErrorCode.INVALID_REQUEST, "found null", "INSERT INTO T ?", "null");
            assertFails(ErrorCode.INVALID_REQUEST, "found null.struct", "INSERT INTO T ?", "null.struct");
            assertFails(ErrorCode.INVALID_REQUEST, "found sexp", "INSERT INTO T ?", "(a b)");
            assertFails(ErrorCode.INVALID_REQUEST, "found list (document 2 of 2)", "INSERT INTO T << {'a': 1}, [1] >>");
            assertFails(ErrorCode.INVALID_REQUEST, "found int (document 2 of 2)", "INSERT INTO T ?", "[{a: 1}, 2]");
            // Nothing of a failed statement was written.
            assertResults(run("SELECT * FROM T"), "");
        }

        @Test
        void insertIntoAnUnknownTableIsNotFound() {
            assertFails(ErrorCode.NOT_FOUND, "Nope", "INSERT INTO Nope VALUE {'a': 1}");
        }

        @Test
        void insertIntoASystemViewIsRejected() {
            run("CREATE TABLE T");
            assertFails(ErrorCode.INVALID_REQUEST, "read-only", "INSERT INTO _ql_committed_T VALUE {'a': 1}");
        }

        @Test
        void insertKeepsIonValuesExactly() {
            run("CREATE TABLE T");
            run("INSERT INTO T ?", "{d: 1.50, t: 2019-06-05T00:00:00.000Z, s: sym, n: null.int, a: ann::1}");
            assertResults(run("SELECT * FROM T"), "{d: 1.50, t: 2019-06-05T00:00:00.000Z, s: sym, n: null.int, a: ann::1}");
        }
    }

    @Nested
    class Updates {
        @Test
        void updateSetReturnsTheUpdatedDocumentIds() {
            run("CREATE TABLE T");
            String first = documentId(run("INSERT INTO T VALUE {'a': 1, 'b': 'x'}").get(0));
            run("INSERT INTO T VALUE {'a': 2, 'b': 'y'}");
            List<IonValue> results = run("UPDATE T AS t SET t.b = ? WHERE t.a = ?", "\"z\"", "1");
            assertThat(results).hasSize(1);
            assertThat(documentId(results.get(0))).isEqualTo(first);
            assertResultsInAnyOrder(run("SELECT * FROM T"), "{a: 1, b: \"z\"} {a: 2, b: \"y\"}");
        }

        @Test
        void updateWithoutAliasAndSeveralAssignments() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': 1, 'b': 1, 'c': 'k'}");
            run("UPDATE T SET a = ?, b = ? WHERE c = ?", "10", "\"x\"", "\"k\"");
            assertResults(run("SELECT * FROM T"), "{a: 10, b: \"x\", c: \"k\"}");
        }

        @Test
        void rightHandSidesSeeTheDocumentBeforeTheStatement() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': 1, 'b': 2}");
            run("UPDATE T AS t SET t.a = t.b, t.b = t.a");
            assertResults(run("SELECT * FROM T"), "{a: 2, b: 1}");
        }

        @Test
        void nestedSetCreatesMissingStructs() {
            loadVehicleRegistration();
            run("UPDATE VehicleRegistration AS r SET r.Owners.PrimaryOwner.PersonId = ? WHERE r.VIN = ?",
                "\"P9\"", "\"1N4AL11D75C109151\"");
            run("UPDATE VehicleRegistration AS r SET r.Insurance.Company.Name = 'Acme' WHERE r.VIN = '1N4AL11D75C109151'");
            assertResults(run("SELECT r.Owners.PrimaryOwner.PersonId AS owner, r.Insurance FROM VehicleRegistration AS r "
                + "WHERE r.VIN = '1N4AL11D75C109151'"), "{owner: \"P9\", Insurance: {Company: {Name: \"Acme\"}}}");
        }

        @Test
        void setIntoListElementsAndByBracketName() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'list': [{'x': 1}, {'x': 2}], 'm': {}}");
            run("UPDATE T AS t SET t.list[1].x = 20, t.m['k'] = 'v'");
            assertResults(run("SELECT * FROM T"), "{list: [{x: 1}, {x: 20}], m: {k: \"v\"}}");
        }

        @Test
        void setThroughAScalarIsRejected() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': 1, 'list': [1]}");
            assertFails(ErrorCode.INVALID_REQUEST, "not a struct", "UPDATE T AS t SET t.a.b = 2");
            assertFails(ErrorCode.INVALID_REQUEST, "outside the list", "UPDATE T AS t SET t.list[5] = 2");
            assertFails(ErrorCode.INVALID_REQUEST, "no list", "UPDATE T AS t SET t.nothing[0] = 2");
            assertFails(ErrorCode.INVALID_REQUEST, "whole document", "UPDATE T AS t SET t = {'a': 2}");
            assertFails(ErrorCode.INVALID_REQUEST, "cannot be changed", "UPDATE T AS t BY id SET id = 'x'");
        }

        @Test
        void setToMissingRemovesTheField() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': 1, 'b': 2}");
            run("UPDATE T AS t SET t.a = t.nothing");
            assertResults(run("SELECT * FROM T"), "{b: 2}");
        }

        @Test
        void removeNestedFieldsAndListElements() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': {'b': 1, 'c': 2}, 'list': [1, 2, 3], 'keep': true}");
            List<IonValue> results = run("UPDATE T AS t REMOVE t.a.b, t.list[0] WHERE t.keep = true");
            assertThat(results).hasSize(1);
            run("UPDATE T REMOVE nothing.at.all");
            assertResults(run("SELECT * FROM T"), "{a: {c: 2}, list: [2, 3], keep: true}");
        }

        @Test
        void setAndRemoveInOneStatement() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': 1, 'b': 2}");
            run("UPDATE T AS t SET t.c = 3 REMOVE t.a");
            assertResults(run("SELECT * FROM T"), "{b: 2, c: 3}");
        }

        @Test
        void updateByDocumentId() {
            run("CREATE TABLE T");
            String id = documentId(run("INSERT INTO T VALUE {'a': 1}").get(0));
            run("INSERT INTO T VALUE {'a': 1}");
            List<IonValue> results = run("UPDATE T AS t BY t_id SET t.a = 2 WHERE t_id = ?", "\"" + id + "\"");
            assertThat(results).extracting(EngineTestSupport::documentId).containsExactly(id);
            assertResultsInAnyOrder(run("SELECT VALUE a FROM T"), "1 2");
        }

        @Test
        void updateMatchingNothingReturnsNothing() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': 1}");
            assertThat(run("UPDATE T SET a = 2 WHERE a = 3")).isEmpty();
        }
    }

    @Nested
    class FromStyleDml {
        @Test
        void insertIntoANestedListAsInTheRealJournal() {
            loadVehicleRegistration();
            List<IonValue> results = run("FROM VehicleRegistration AS r \nWHERE r.VIN = '1N4AL11D75C109151'\n"
                + "INSERT INTO r.Owners.SecondaryOwners\n    VALUE { 'PersonId' : 'CMVdR77XP8zAglmmFDGTvt' }");
            assertThat(results).hasSize(1);
            assertResults(run("SELECT VALUE r.Owners.SecondaryOwners FROM VehicleRegistration AS r "
                + "WHERE r.VIN = '1N4AL11D75C109151'"), "[{PersonId: \"CMVdR77XP8zAglmmFDGTvt\"}]");
        }

        @Test
        void insertAtAPositionAndIntoAStruct() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'list': [1, 3], 'm': {'a': 1}}");
            run("FROM T AS t INSERT INTO t.list VALUE 2 AT 1");
            run("FROM T AS t INSERT INTO t.m VALUE 2 AT 'b'");
            run("FROM T AS t INSERT INTO t VALUE 'top' AT 'new'");
            assertResults(run("SELECT * FROM T"), "{list: [1, 2, 3], m: {a: 1, b: 2}, new: \"top\"}");
            assertFails(ErrorCode.INVALID_REQUEST, "field exists", "FROM T AS t INSERT INTO t.m VALUE 3 AT 'a'");
            assertFails(ErrorCode.INVALID_REQUEST, "AT 'fieldName'", "FROM T AS t INSERT INTO t.m VALUE 3");
            assertFails(ErrorCode.INVALID_REQUEST, "position from 0 to 3", "FROM T AS t INSERT INTO t.list VALUE 3 AT 9");
            assertFails(ErrorCode.INVALID_REQUEST, "found missing", "FROM T AS t INSERT INTO t.absent VALUE 3");
        }

        @Test
        void fromSetAndRemove() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'k': 1, 'a': 1, 'b': 2}");
            run("INSERT INTO T VALUE {'k': 2, 'a': 1, 'b': 2}");
            assertThat(run("FROM T AS t WHERE t.k = 1 SET t.a = 10")).hasSize(1);
            assertThat(run("FROM T AS t BY id WHERE t.k = 2 REMOVE t.b")).hasSize(1);
            assertThat(run("FROM T SET c = 0 WHERE k = 2")).hasSize(1);
            assertResultsInAnyOrder(run("SELECT * FROM T"), "{k: 1, a: 10, b: 2} {k: 2, a: 1, c: 0}");
        }
    }

    @Nested
    class Deletes {
        @Test
        void deleteReturnsDeletedIds() {
            run("CREATE TABLE T");
            String first = documentId(run("INSERT INTO T VALUE {'a': 1}").get(0));
            run("INSERT INTO T VALUE {'a': 2}");
            List<IonValue> results = run("DELETE FROM T AS t WHERE t.a = 1");
            assertThat(results).extracting(EngineTestSupport::documentId).containsExactly(first);
            assertResults(run("SELECT VALUE a FROM T"), "2");
        }

        @Test
        void deleteByIdAndDeleteAll() {
            run("CREATE TABLE T");
            String first = documentId(run("INSERT INTO T VALUE {'a': 1}").get(0));
            run("INSERT INTO T << {'a': 2}, {'a': 3} >>");
            assertThat(run("DELETE FROM T BY id WHERE id = ?", "\"" + first + "\"")).hasSize(1);
            assertThat(run("DELETE FROM T")).hasSize(2);
            assertResults(run("SELECT COUNT(*) FROM T"), "{_1: 0}");
        }

        @Test
        void deleteFromUnknownTableIsNotFound() {
            assertFails(ErrorCode.NOT_FOUND, "Ghost", "DELETE FROM Ghost WHERE a = 1");
        }
    }

    @Nested
    class Selects {
        @Test
        void selectStarReturnsTheDocumentsAsTheyAre() {
            loadVehicleRegistration();
            assertResults(run("SELECT * FROM Vehicle AS v WHERE v.VIN = ?", "\"1N4AL11D75C109151\""),
                "{VIN: \"1N4AL11D75C109151\", Type: \"Sedan\", Year: 2011, Make: \"Audi\", Model: \"A5\", "
                    + "Color: \"Silver\"}");
        }

        @Test
        void selectValueAndProjectionNames() {
            loadVehicleRegistration();
            assertResults(run("SELECT VALUE v.Make FROM Vehicle v WHERE v.Year = 2015"), "\"Tesla\"");
            assertResults(run("SELECT v.Make, v['Model'], v.Year + 1, v.Color AS colour FROM Vehicle AS v "
                + "WHERE v.VIN = 'KM8SRDHF6EU074761'"), "{Make: \"Tesla\", Model: \"Model S\", _3: 2016, colour: \"Blue\"}");
        }

        @Test
        void missingProjectionsAreOmittedAndNullsKept() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'a': null}");
            assertResults(run("SELECT a, b FROM T"), "{a: null}");
            assertResults(run("SELECT VALUE b FROM T"), "");
        }

        @Test
        void byBindsTheDocumentId() {
            loadVehicleRegistration();
            List<IonValue> ids = run("SELECT r_id FROM VehicleRegistration AS r BY r_id WHERE r.VIN = '1N4AL11D75C109151'");
            assertThat(ids).hasSize(1);
            String id = ((com.amazon.ion.IonString) ((IonStruct) ids.get(0)).get("r_id")).stringValue();
            assertResults(run("SELECT r.Owners FROM VehicleRegistration AS r BY r_id WHERE r_id = ?", "\"" + id + "\""),
                "{Owners: {PrimaryOwner: {PersonId: \"P1\"}, SecondaryOwners: []}}");
        }

        @Test
        void countAndOtherAggregates() {
            loadVehicleRegistration();
            assertResults(run("SELECT COUNT(*) FROM Person"), "{_1: 3}");
            assertResults(run("SELECT COUNT(*) AS n, MIN(v.Year) AS first, MAX(v.Year) AS last, SUM(v.Year) AS total, "
                + "AVG(v.Year) AS mean, COUNT(DISTINCT v.Year) AS years, COUNT(v.Missing) AS none FROM Vehicle AS v"),
                "{n: 3, first: 2011, last: 2015, total: 6037, mean: 2012.333333333333333333333333333333, years: 2, "
                    + "none: 0}");
            assertResults(run("SELECT VALUE COUNT(*) FROM Vehicle WHERE Year > 3000"), "0");
            assertResults(run("SELECT SUM(x) AS s, AVG(x) AS a, MIN(x) AS m FROM Vehicle"), "{s: null, a: null, m: null}");
            assertResults(run("SELECT AVG(r.PendingPenaltyTicketAmount) FROM VehicleRegistration AS r"), "{_1: 110.50}");
        }

        @Test
        void aggregatesMixedWithRowValuesAreRejected() {
            loadVehicleRegistration();
            assertFails(ErrorCode.INVALID_REQUEST, "GROUP BY", "SELECT COUNT(*), v.Make FROM Vehicle AS v");
            assertFails(ErrorCode.INVALID_REQUEST, "GROUP BY", "SELECT v.Make, COUNT(*) FROM Vehicle AS v GROUP BY v.Make");
            assertFails(ErrorCode.INVALID_REQUEST, "aggregate", "SELECT * FROM Vehicle AS v WHERE COUNT(*) > 1");
            assertFails(ErrorCode.INVALID_REQUEST, "SUM needs numbers", "SELECT SUM(v.Make) FROM Vehicle AS v");
        }

        @Test
        void orderByLimitOffsetAndDistinct() {
            loadVehicleRegistration();
            assertResults(run("SELECT VALUE v.Make FROM Vehicle AS v ORDER BY v.Year DESC, v.Make"),
                "\"Tesla\" \"Audi\" \"Ducati\"");
            assertResults(run("SELECT v.Make AS make FROM Vehicle AS v ORDER BY make LIMIT 2"),
                "{make: \"Audi\"} {make: \"Ducati\"}");
            assertResults(run("SELECT VALUE v.Make FROM Vehicle AS v ORDER BY v.Make LIMIT 1 OFFSET 1"), "\"Ducati\"");
            assertResults(run("SELECT DISTINCT VALUE v.Year FROM Vehicle AS v ORDER BY v.Year"), "2011 2015");
            assertResults(run("SELECT VALUE v.Type FROM Vehicle AS v ORDER BY v.Missing NULLS FIRST, v.Year ASC, v.Make"),
                "\"Sedan\" \"Motorcycle\" \"Sedan\"");
        }

        @Test
        void unnestingAPathOfAnEarlierSource() {
            run("CREATE TABLE T");
            run("INSERT INTO T VALUE {'name': 'a', 'items': [{'sku': 1}, {'sku': 2}]}");
            run("INSERT INTO T VALUE {'name': 'b', 'items': [{'sku': 3}]}");
            run("INSERT INTO T VALUE {'name': 'c'}");
            assertResults(run("SELECT t.name, i.sku, p FROM T AS t, t.items AS i AT p ORDER BY i.sku"),
                "{name: \"a\", sku: 1, p: 0} {name: \"a\", sku: 2, p: 1} {name: \"b\", sku: 3, p: 0}");
            assertResults(run("SELECT VALUE i.sku FROM T AS t, @t.items AS i WHERE i.sku > 1 ORDER BY i.sku"), "2 3");
        }

        @Test
        void selectStarOverAJoinMergesTheStructs() {
            run("CREATE TABLE A");
            run("CREATE TABLE B");
            run("INSERT INTO A VALUE {'id': 1, 'x': 'ax'}");
            run("INSERT INTO B VALUE {'ref': 1, 'y': 'by'}");
            run("INSERT INTO B VALUE {'ref': 2, 'y': 'bz'}");
            assertResults(run("SELECT * FROM A AS a, B AS b WHERE a.id = b.ref"), "{id: 1, x: \"ax\", ref: 1, y: \"by\"}");
            assertResults(run("SELECT a.x, b.y FROM A AS a INNER JOIN B AS b ON a.id = b.ref"), "{x: \"ax\", y: \"by\"}");
            assertResults(run("SELECT a.x, b.y FROM A AS a JOIN B AS b ON b.ref = a.id"), "{x: \"ax\", y: \"by\"}");
            assertResultsInAnyOrder(run("SELECT b.y FROM A AS a CROSS JOIN B AS b"), "{y: \"by\"} {y: \"bz\"}");
            assertFails(ErrorCode.INVALID_REQUEST, "only inner joins", "SELECT * FROM A AS a LEFT JOIN B AS b ON a.id = b.ref");
        }

        @Test
        void vehicleRegistrationJoinFromTheGuide() {
            loadVehicleRegistration();
            run("UPDATE VehicleRegistration AS r SET r.Owners.PrimaryOwner.PersonId = ? WHERE r.VIN = ?",
                "\"" + personId("LEWISR261LL") + "\"", "\"1N4AL11D75C109151\"");
            assertResults(run("SELECT p.FirstName, p.LastName FROM Person AS p BY pid, VehicleRegistration AS r "
                + "WHERE r.VIN = ? AND r.Owners.PrimaryOwner.PersonId = pid", "\"1N4AL11D75C109151\""),
                "{FirstName: \"Raul\", LastName: \"Lewis\"}");
        }

        private String personId(String govId) {
            return ((com.amazon.ion.IonString) ((IonStruct) run("SELECT id FROM Person AS p BY id WHERE p.GovId = ?",
                "\"" + govId + "\"").get(0)).get("id")).stringValue();
        }

        @Test
        void existsOverAPathAndATable() {
            run("CREATE TABLE T");
            run("CREATE TABLE Other");
            run("INSERT INTO T VALUE {'name': 'a', 'tags': ['x', 'y']}");
            run("INSERT INTO T VALUE {'name': 'b', 'tags': []}");
            run("INSERT INTO Other VALUE {'name': 'b'}");
            assertResults(run("SELECT VALUE t.name FROM T AS t WHERE EXISTS(SELECT * FROM t.tags AS g WHERE g = 'y')"),
                "\"a\"");
            assertResults(run("SELECT VALUE t.name FROM T AS t WHERE EXISTS(t.tags)"), "\"a\"");
            assertResults(run("SELECT VALUE t.name FROM T AS t WHERE NOT EXISTS(t.tags)"), "\"b\"");
            assertResults(run("SELECT VALUE t.name FROM T AS t WHERE EXISTS(SELECT * FROM Other AS o WHERE o.name = t.name)"),
                "\"b\"");
            assertResults(run("SELECT VALUE t.name FROM T AS t WHERE t.name IN (SELECT VALUE o.name FROM Other AS o)"),
                "\"b\"");
        }

        @Test
        void committedViewReturnsWholeRevisions() {
            run("CREATE TABLE T");
            String id = documentId(run("INSERT INTO T VALUE {'VIN': 'v1', 'n': 1}").get(0));
            run("UPDATE T SET n = 2");
            List<IonValue> rows = run("SELECT * FROM _ql_committed_T WHERE data.VIN = ?", "\"v1\"");
            assertThat(rows).hasSize(1);
            IonStruct row = (IonStruct) rows.get(0);
            assertThat(row.get("data")).isEqualTo(ion("{VIN: \"v1\", n: 2}").get(0));
            assertThat(row.get("blockAddress")).isNotNull();
            assertThat(row.get("hash")).isNotNull();
            assertResults(run("SELECT c.metadata.id, c.metadata.version FROM _ql_committed_T AS c"),
                "{id: \"" + id + "\", version: 1}");
            assertResults(run("SELECT VALUE c.data.n FROM _ql_committed_T AS c BY cid WHERE cid = ?", "\"" + id + "\""), "2");
        }

        @Test
        void informationSchemaUserTables() {
            String person = tableId(run("CREATE TABLE Person").get(0));
            run("CREATE INDEX ON Person (GovId)");
            String indexId = context.table("Person").indexOn("GovId").orElseThrow().indexId();
            String dropped = tableId(run("CREATE TABLE Old").get(0));
            run("DROP TABLE Old");
            assertResults(run("SELECT * FROM information_schema.user_tables"),
                "{tableId: \"" + person + "\", name: \"Person\", indexes: [{indexId: \"" + indexId
                    + "\", expr: \"[GovId]\", status: \"ONLINE\"}], status: \"ACTIVE\"}"
                    + "{tableId: \"" + dropped + "\", name: \"Old\", indexes: [], status: \"INACTIVE\"}");
            assertResults(run("SELECT VALUE name FROM information_schema.user_tables WHERE status = 'ACTIVE'"),
                "\"Person\"");
            assertResults(run("SELECT name FROM information_schema.user_tables WHERE status = 'ACTIVE'"),
                "{name: \"Person\"}");
            assertResults(run("SELECT VALUE indexes[0].expr FROM information_schema.user_tables WHERE name = 'Person'"),
                "\"[GovId]\"");
        }

        @Test
        void selectFromUnknownTableIsNotFound() {
            assertFails(ErrorCode.NOT_FOUND, "Nope", "SELECT * FROM Nope");
            assertFails(ErrorCode.NOT_FOUND, "Nope", "SELECT * FROM _ql_committed_Nope");
            assertFails(ErrorCode.NOT_FOUND, "Nope", "SELECT * FROM history(Nope)");
        }

        @Test
        void quotedTableNamesAndKeywordLikeFieldNames() {
            run("CREATE TABLE \"my_table\"");
            run("INSERT INTO \"my_table\" VALUE {'value': 1, 'name': 'n', 'status': 's'}");
            assertResults(run("SELECT value, name, status FROM \"my_table\""), "{value: 1, name: \"n\", status: \"s\"}");
            assertResults(run("SELECT value, name, status FROM my_table"), "{value: 1, name: \"n\", status: \"s\"}");
        }

        @Test
        void tableNamesFollowQldbsNamingRuleQuotedOrNot() {
            assertFails(ErrorCode.INVALID_REQUEST, "invalid table name \"my table\": it contains a space at position 3",
                "CREATE TABLE \"my table\"");
            assertFails(ErrorCode.INVALID_REQUEST, "TABLE is a reserved word", "CREATE TABLE table");
            assertFails(ErrorCode.INVALID_REQUEST, "USER is a reserved word", "CREATE TABLE \"user\"");
        }
    }

    @Nested
    class Procedures {
        @Test
        void redactRevisionParsesAndReachesTheContext() {
            // Both of QLDB's forms parse and reach the context, which decides (the in-memory model has no journal:
            // it refuses). The ledger's rules are tested in RedactionTest.
            assertFails(ErrorCode.INVALID_REQUEST, "EXEC redact_revision is not supported here",
                "EXEC redact_revision `{strandId:\"s\", sequenceNo:1}`, 'tableId', 'documentId'");
            assertFails(ErrorCode.INVALID_REQUEST, "EXEC redact_revision is not supported here",
                "EXEC redact_revision ?, ?, ?", "{}", "\"t\"", "\"d\"");
            assertFails(ErrorCode.INVALID_REQUEST, "takes 3 arguments", "EXEC redact_revision 'x', 'y'");
            assertFails(ErrorCode.INVALID_REQUEST, "unknown stored procedure", "EXEC drop_everything");
        }
    }
}
