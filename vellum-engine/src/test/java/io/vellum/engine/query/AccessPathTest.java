package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.query.InMemoryQueryContext.Access;
import io.vellum.engine.query.InMemoryQueryContext.AccessKind;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planner's access-path choice, observed through the reads the context records: equality / IN on an indexed
 * field is a lookup, equality on the BY id is a get, everything else a scan (DESIGN.md "Transactions", COMPATIBILITY.md §10.4).
 */
class AccessPathTest extends EngineTestSupport {
    private String firstPersonId;

    @BeforeEach
    void load() {
        loadVehicleRegistration();
        firstPersonId = ((com.amazon.ion.IonString) ((com.amazon.ion.IonStruct) run(
            "SELECT id FROM Person AS p BY id WHERE p.GovId = 'LEWISR261LL'").get(0)).get("id")).stringValue();
        context.clearAccesses();
    }

    private List<Access> accessesOf(String statement, String... parameters) {
        context.clearAccesses();
        run(statement, parameters);
        return context.accesses();
    }

    private static Access lookup(String table, String field, String key) {
        return new Access(AccessKind.LOOKUP, table, field + "=" + key);
    }

    private static Access scan(String table) {
        return new Access(AccessKind.SCAN, table, "");
    }

    private static Access get(String table, String id) {
        return new Access(AccessKind.GET, table, id);
    }

    @Test
    void equalityOnAnIndexedFieldIsALookup() {
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN = ?", "\"1N4AL11D75C109151\""))
            .containsExactly(lookup("Vehicle", "VIN", "\"1N4AL11D75C109151\""));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE '1N4AL11D75C109151' = v.VIN"))
            .containsExactly(lookup("Vehicle", "VIN", "\"1N4AL11D75C109151\""));
        assertThat(accessesOf("SELECT * FROM Person WHERE GovId = ? AND FirstName = 'PAGED'", "\"LEWISR261LL\""))
            .containsExactly(lookup("Person", "GovId", "\"LEWISR261LL\""));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v['VIN'] = 'x' AND v.Year > 2000"))
            .containsExactly(lookup("Vehicle", "VIN", "\"x\""));
    }

    @Test
    void inOnAnIndexedFieldIsOneLookupPerDistinctValue() {
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN IN (?, ?, ?)", "\"a\"", "\"b\"", "\"a\""))
            .containsExactly(lookup("Vehicle", "VIN", "\"a\""), lookup("Vehicle", "VIN", "\"b\""));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN IN ?", "[\"c\", \"d\"]"))
            .containsExactly(lookup("Vehicle", "VIN", "\"c\""), lookup("Vehicle", "VIN", "\"d\""));
        assertThat(run("SELECT VALUE v.Make FROM Vehicle AS v WHERE v.VIN IN ('1N4AL11D75C109151', 'KM8SRDHF6EU074761')"))
            .hasSize(2);
    }

    @Test
    void equalityOnTheByIdIsAGet() {
        assertThat(accessesOf("SELECT * FROM Person AS p BY pid WHERE pid = ?", "\"" + firstPersonId + "\""))
            .containsExactly(get("Person", firstPersonId));
        assertThat(accessesOf("SELECT * FROM Person AS p BY pid WHERE pid IN (?, 'other')", "\"" + firstPersonId + "\""))
            .containsExactly(get("Person", firstPersonId), get("Person", "other"));
        // The id wins over an index when both are usable: it is the narrowest read.
        assertThat(accessesOf("SELECT * FROM Person AS p BY pid WHERE p.GovId = 'LEWISR261LL' AND pid = ?",
            "\"" + firstPersonId + "\"")).containsExactly(get("Person", firstPersonId));
    }

    @Test
    void committedViewUsesTheDataIndexAndTheMetadataId() {
        assertThat(accessesOf("SELECT * FROM _ql_committed_Vehicle WHERE data.VIN = ?", "\"x\""))
            .containsExactly(lookup("Vehicle", "VIN", "\"x\""));
        assertThat(accessesOf("SELECT * FROM _ql_committed_Person AS c WHERE c.metadata.id = ?", "\"" + firstPersonId + "\""))
            .containsExactly(get("Person", firstPersonId));
    }

    @Test
    void everythingElseIsAScan() {
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.Make = 'Audi'")).containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN > 'A'")).containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN LIKE '1N%'")).containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN = 'a' OR v.VIN = 'b'"))
            .containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN NOT IN ('a')")).containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN = v.Make")).containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE UPPER(v.VIN) = 'A'")).containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT COUNT(*) FROM Vehicle")).containsExactly(scan("Vehicle"));
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN.x = 'a'")).containsExactly(scan("Vehicle"));
    }

    @Test
    void anIndexIsOnlyUsedOnceItIsOnline() {
        context.setIndexStatus("Vehicle", "VIN", "BUILDING");
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN = 'x'")).containsExactly(scan("Vehicle"));
    }

    @Test
    void aCachedPlanNoticesAnIndexCreatedLater() {
        String statement = "SELECT * FROM Vehicle AS v WHERE v.Make = 'Audi'";
        assertThat(accessesOf(statement)).containsExactly(scan("Vehicle"));
        run("CREATE INDEX ON Vehicle (Make)");
        assertThat(accessesOf(statement)).containsExactly(lookup("Vehicle", "Make", "\"Audi\""));
        assertThat(run(statement)).hasSize(1);
    }

    @Test
    void nullKeysReadNothingBecauseTheyMatchNothing() {
        assertThat(accessesOf("SELECT * FROM Vehicle AS v WHERE v.VIN = ?", "null")).isEmpty();
        assertThat(run("SELECT * FROM Vehicle AS v WHERE v.VIN = ?", "null")).isEmpty();
    }

    @Test
    void dmlUsesTheSameAccessPaths() {
        assertThat(accessesOf("UPDATE VehicleRegistration AS r SET r.City = 'X' WHERE r.VIN = ?", "\"1N4AL11D75C109151\""))
            .containsExactly(lookup("VehicleRegistration", "VIN", "\"1N4AL11D75C109151\""));
        assertThat(accessesOf("FROM VehicleRegistration AS r WHERE r.LicensePlateNumber = 'CA762X' REMOVE r.City"))
            .containsExactly(lookup("VehicleRegistration", "LicensePlateNumber", "\"CA762X\""));
        assertThat(accessesOf("DELETE FROM Person AS p BY pid WHERE pid = ?", "\"" + firstPersonId + "\""))
            .containsExactly(get("Person", firstPersonId));
        assertThat(accessesOf("UPDATE Vehicle SET Color = 'Red' WHERE Make = 'Tesla'")).containsExactly(scan("Vehicle"));
    }

    @Test
    void joinsLookUpTheInnerSourceByIndexOrIdPerOuterRow() {
        run("UPDATE VehicleRegistration AS r SET r.Owners.PrimaryOwner.PersonId = ? WHERE r.VIN = ?",
            "\"" + firstPersonId + "\"", "\"1N4AL11D75C109151\"");
        // Outer source by index, inner by BY id from the outer row.
        List<Access> byId = accessesOf("SELECT p.FirstName FROM VehicleRegistration AS r, Person AS p BY pid "
            + "WHERE r.VIN = ? AND pid = r.Owners.PrimaryOwner.PersonId", "\"1N4AL11D75C109151\"");
        assertThat(byId).containsExactly(lookup("VehicleRegistration", "VIN", "\"1N4AL11D75C109151\""),
            get("Person", firstPersonId));
        // Inner source by index on the join field.
        List<Access> byIndex = accessesOf("SELECT v.Make FROM VehicleRegistration AS r INNER JOIN Vehicle AS v "
            + "ON v.VIN = r.VIN WHERE r.LicensePlateNumber = 'CA762X'");
        assertThat(byIndex).containsExactly(lookup("VehicleRegistration", "LicensePlateNumber", "\"CA762X\""),
            lookup("Vehicle", "VIN", "\"KM8SRDHF6EU074761\""));
        assertResults(run("SELECT v.Make FROM VehicleRegistration AS r INNER JOIN Vehicle AS v ON v.VIN = r.VIN "
            + "WHERE r.LicensePlateNumber = 'CA762X'"), "{Make: \"Tesla\"}");
    }

    @Test
    void unindexedJoinsScanTheInnerTableOnce() {
        List<Access> accesses = accessesOf("SELECT p.FirstName, v.Make FROM Person AS p, Vehicle AS v "
            + "WHERE p.LastName = v.Make");
        assertThat(accesses).containsExactly(scan("Person"), scan("Vehicle"));
    }

    @Test
    void historyPushesTheDocumentIdDown() {
        assertThat(accessesOf("SELECT * FROM history(Person) AS h WHERE h.metadata.id = ?", "\"" + firstPersonId + "\""))
            .containsExactly(new Access(AccessKind.HISTORY, "Person", firstPersonId));
        assertThat(accessesOf("SELECT * FROM history(Person) AS h WHERE h.data.GovId = 'LEWISR261LL'"))
            .containsExactly(new Access(AccessKind.HISTORY, "Person", ""));
    }

    @Test
    void correlatedSubqueryUsesTheIndexWithTheOuterValue() {
        List<Access> accesses = accessesOf("SELECT VALUE r.VIN FROM VehicleRegistration AS r "
            + "WHERE EXISTS(SELECT * FROM Vehicle AS v WHERE v.VIN = r.VIN AND v.Year = 2015)");
        assertThat(accesses).containsExactly(scan("VehicleRegistration"),
            lookup("Vehicle", "VIN", "\"1N4AL11D75C109151\""), lookup("Vehicle", "VIN", "\"KM8SRDHF6EU074761\""));
        assertResults(run("SELECT VALUE r.VIN FROM VehicleRegistration AS r "
            + "WHERE EXISTS(SELECT * FROM Vehicle AS v WHERE v.VIN = r.VIN AND v.Year = 2015)"), "\"KM8SRDHF6EU074761\"");
    }
}
