package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FROM-style DML over a nested collection ({@code FROM T AS t, @t.Owners.SecondaryOwners AS o WHERE … REMOVE o}, the
 * SET and INSERT INTO forms) and {@code FROM T AS t WHERE … REMOVE t} as a delete, as QLDB documents them.
 */
class NestedDmlTest extends EngineTestSupport {

    @BeforeEach
    void registrations() {
        run("CREATE TABLE R");
        run("INSERT INTO R VALUE {'VIN': 'A', 'Owners': {'SecondaryOwners': [{'PersonId': 'a1'}, {'PersonId': 'x'},"
            + " {'PersonId': 'a2'}, {'PersonId': 'x'}]}}");
        run("INSERT INTO R VALUE {'VIN': 'B', 'Owners': {'SecondaryOwners': [{'PersonId': 'x'}]}}");
        run("INSERT INTO R VALUE {'VIN': 'C', 'Owners': {}}");
    }

    @Test
    void removeEveryMatchingElementOfEveryMatchingDocument() {
        assertThat(run("FROM R AS r, @r.Owners.SecondaryOwners AS o WHERE o.PersonId = 'x' REMOVE o")).hasSize(2);
        assertResultsInAnyOrder(run("SELECT r.VIN, r.Owners.SecondaryOwners AS s FROM R AS r"),
            "{VIN: \"A\", s: [{PersonId: \"a1\"}, {PersonId: \"a2\"}]} {VIN: \"B\", s: []} {VIN: \"C\"}");
    }

    @Test
    void theDocumentConditionAndThePositionNarrowTheElements() {
        assertThat(run("FROM R AS r, @r.Owners.SecondaryOwners AS o AT i WHERE r.VIN = 'A' AND i >= 2 REMOVE o"))
            .hasSize(1);
        assertResults(run("SELECT VALUE r.Owners.SecondaryOwners FROM R AS r WHERE r.VIN = 'A'"),
            "[{PersonId: \"a1\"}, {PersonId: \"x\"}]");
    }

    @Test
    void setAndInsertIntoAnElement() {
        run("FROM R AS r, @r.Owners.SecondaryOwners AS o WHERE r.VIN = 'A' AND o.PersonId = 'x' SET o.PersonId = 'y'");
        run("FROM R AS r, @r.Owners.SecondaryOwners AS o WHERE r.VIN = 'B' INSERT INTO o VALUE 'yes' AT 'checked'");
        assertResultsInAnyOrder(run("SELECT r.VIN, r.Owners.SecondaryOwners AS s FROM R AS r WHERE r.VIN IN ('A', 'B')"),
            "{VIN: \"A\", s: [{PersonId: \"a1\"}, {PersonId: \"y\"}, {PersonId: \"a2\"}, {PersonId: \"y\"}]}"
                + " {VIN: \"B\", s: [{PersonId: \"x\", checked: \"yes\"}]}");
    }

    @Test
    void documentsWithoutAMatchingElementAreNotChanged() {
        assertThat(run("FROM R AS r, @r.Owners.SecondaryOwners AS o WHERE o.PersonId = 'nobody' REMOVE o")).isEmpty();
        assertThat(run("FROM R AS r, @r.Owners.SecondaryOwners AS o REMOVE o")).as("C has no list").hasSize(2);
    }

    @Test
    void removeTheDocumentItselfIsADelete() {
        assertThat(run("FROM R AS r WHERE r.VIN = 'B' REMOVE r")).hasSize(1);
        assertResultsInAnyOrder(run("SELECT VALUE r.VIN FROM R AS r"), "\"A\" \"C\"");
    }

    @Test
    void unsupportedFormsAreRefusedWithTheReason() {
        assertFails(ErrorCode.INVALID_REQUEST, "cannot be combined with a nested FROM item",
            "FROM R AS r, @r.Owners.SecondaryOwners AS o REMOVE r");
        assertFails(ErrorCode.INVALID_REQUEST, "one nested collection",
            "FROM R AS r, @r.Owners.SecondaryOwners AS o, @r.Owners.SecondaryOwners AS p REMOVE o");
        assertFails(ErrorCode.INVALID_REQUEST, "must be a path into the document",
            "FROM R AS r, @Other.list AS o REMOVE o");
        assertFails(ErrorCode.INVALID_REQUEST, "bound twice", "FROM R AS r, @r.Owners.SecondaryOwners AS r REMOVE r.x");
    }
}
