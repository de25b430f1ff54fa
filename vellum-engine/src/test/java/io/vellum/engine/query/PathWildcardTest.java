package io.vellum.engine.query;

import io.vellum.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Path wildcards as PartiQL (and so QLDB) defines them: {@code [*]} ranges over a list's elements, {@code .*} over a
 * struct's field values; a path with a wildcard is a bag of what its later steps reach (MISSING left out), and a value
 * that is not a collection stands for itself. In SELECT lists, in FROM, and refused in DML paths.
 */
class PathWildcardTest extends EngineTestSupport {

    @BeforeEach
    void registrations() {
        run("CREATE TABLE VehicleRegistration");
        run("INSERT INTO VehicleRegistration VALUE {'VIN': 'A', 'Owners': {'PrimaryOwner': {'PersonId': 'p1'},"
            + " 'SecondaryOwners': [{'PersonId': 's1'}, {'PersonId': 's2'}, {'Name': 'no id'}]}}");
        run("INSERT INTO VehicleRegistration VALUE {'VIN': 'B', 'Owners': {'PrimaryOwner': {'PersonId': 'p2'},"
            + " 'SecondaryOwners': []}}");
    }

    @Test
    void allElementsInASelectList() {
        assertResults(run("SELECT r.VIN, r.Owners.SecondaryOwners[*].PersonId AS ids FROM VehicleRegistration AS r"
                + " WHERE r.VIN = 'A'"), "{VIN: \"A\", ids: [\"s1\", \"s2\"]}");
        assertResults(run("SELECT VALUE r.Owners.SecondaryOwners[*].PersonId FROM VehicleRegistration AS r"
                + " WHERE r.VIN = 'B'"), "[]");
        assertResults(run("SELECT VALUE r.Owners.SecondaryOwners[*] FROM VehicleRegistration AS r WHERE r.VIN = 'B'"),
            "[]");
    }

    @Test
    void allFieldValuesInASelectList() {
        assertResults(run("SELECT VALUE r.Owners.*.PersonId FROM VehicleRegistration AS r WHERE r.VIN = 'A'"),
            "[\"p1\"]");
        assertResults(run("SELECT VALUE r.Owners.*[*].PersonId FROM VehicleRegistration AS r WHERE r.VIN = 'A'"),
            "[\"p1\", \"s1\", \"s2\"]");
        // The projection form SELECT x.* is unchanged: the fields of x.
        assertResults(run("SELECT r.Owners.PrimaryOwner.* FROM VehicleRegistration AS r WHERE r.VIN = 'B'"),
            "{PersonId: \"p2\"}");
    }

    @Test
    void aValueThatIsNotACollectionStandsForItself() {
        assertResults(run("SELECT VALUE r.VIN[*] FROM VehicleRegistration AS r WHERE r.VIN = 'A'"), "[\"A\"]");
        assertResults(run("SELECT VALUE r.nothing[*] FROM VehicleRegistration AS r WHERE r.VIN = 'A'"), "[]");
        assertResults(run("SELECT VALUE `[[1, 2], [3]]`[*][*] FROM VehicleRegistration AS r WHERE r.VIN = 'A'"),
            "[1, 2, 3]");
    }

    @Test
    void wildcardsInFrom() {
        assertResultsInAnyOrder(run("SELECT r.VIN, o.PersonId FROM VehicleRegistration AS r,"
                + " r.Owners.SecondaryOwners[*] AS o WHERE o.PersonId IS NOT MISSING"),
            "{VIN: \"A\", PersonId: \"s1\"} {VIN: \"A\", PersonId: \"s2\"}");
        assertResultsInAnyOrder(run("SELECT VALUE o.PersonId FROM VehicleRegistration AS r, r.Owners.* AS o"),
            "\"p1\" \"p2\"");
        assertResultsInAnyOrder(run("SELECT VALUE id FROM VehicleRegistration AS r, r.Owners.SecondaryOwners[*].PersonId AS id"),
            "\"s1\" \"s2\"");
    }

    @Test
    void wildcardsAreRefusedInDmlPaths() {
        assertFails(ErrorCode.INVALID_REQUEST, "a DML path cannot contain a wildcard [*] or .*",
            "UPDATE VehicleRegistration AS r SET r.Owners.SecondaryOwners[*].PersonId = 'x'");
    }
}
