package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code history(T [, start [, end]])}: committed-view revisions that were active at some instant of the inclusive
 * range (COMPATIBILITY.md §10.1), by table name or id, with the document-id filter pushed down.
 */
class HistoryTest extends EngineTestSupport {
    private String tableId;
    private String first;
    private String second;

    /**
     * Document A: v0 at 06-05 08:00, v1 at 06-05 10:00, v2 at 06-06 09:00, deleted (v3) at 06-07 09:00.
     * Document B: v0 at 06-06 12:00.
     */
    @BeforeEach
    void revisions() {
        context.setNow("2019-06-01T00:00:00Z");
        tableId = tableId(run("CREATE TABLE VehicleRegistration").get(0));
        context.setNow("2019-06-05T08:00:00Z");
        first = documentId(run("INSERT INTO VehicleRegistration VALUE {'VIN': 'A', 'n': 0}").get(0));
        context.setNow("2019-06-05T10:00:00Z");
        run("UPDATE VehicleRegistration SET n = 1 WHERE VIN = 'A'");
        context.setNow("2019-06-06T09:00:00Z");
        run("UPDATE VehicleRegistration SET n = 2 WHERE VIN = 'A'");
        context.setNow("2019-06-06T12:00:00Z");
        second = documentId(run("INSERT INTO VehicleRegistration VALUE {'VIN': 'B', 'n': 0}").get(0));
        context.setNow("2019-06-07T09:00:00Z");
        run("DELETE FROM VehicleRegistration WHERE VIN = 'A'");
        context.setNow("2019-06-09T00:00:00Z");
    }

    private void assertVersions(String statement, String expected, String... parameters) {
        assertResults(run("SELECT h.metadata.id AS id, h.metadata.version AS v FROM " + statement, parameters),
            expected.replace("A", "\"" + first + "\"").replace("B", "\"" + second + "\""));
    }

    @Test
    void withoutBoundsEveryRevisionIncludingTheDelete() {
        assertVersions("history(VehicleRegistration) AS h", "{id: A, v: 0} {id: A, v: 1} {id: A, v: 2} {id: A, v: 3} {id: B, v: 0}");
        assertResults(run("SELECT h.metadata.version, h.data FROM history(VehicleRegistration) AS h WHERE h.metadata.id = ?",
            "\"" + first + "\""), "{version: 0, data: {VIN: \"A\", n: 0}} {version: 1, data: {VIN: \"A\", n: 1}} "
            + "{version: 2, data: {VIN: \"A\", n: 2}} {version: 3}");
    }

    @Test
    void revisionsActiveDuringTheRangeWithBothEndsInclusive() {
        assertVersions("history(VehicleRegistration, `2019-06-05T00:00:00Z`, `2019-06-05T23:59:59Z`) AS h",
            "{id: A, v: 0} {id: A, v: 1}");
        assertVersions("history(VehicleRegistration, `2019-06-05T09:00:00Z`, `2019-06-05T09:30:00Z`) AS h", "{id: A, v: 0}");
        assertVersions("history(VehicleRegistration, `2019-06-05T10:00:00Z`, `2019-06-05T10:00:00Z`) AS h", "{id: A, v: 1}");
        assertVersions("history(VehicleRegistration, `2019-06-06T12:00:00Z`, `2019-06-06T12:00:00Z`) AS h",
            "{id: A, v: 2} {id: B, v: 0}");
        assertVersions("history(VehicleRegistration, `2019-06-01T00:00:00Z`, `2019-06-05T07:59:59Z`) AS h", "");
    }

    @Test
    void onlyAStartMeansUntilNow() {
        assertVersions("history(VehicleRegistration, `2019-06-08T00:00:00Z`) AS h", "{id: A, v: 3} {id: B, v: 0}");
        context.setNow("2019-06-06T10:00:00Z");
        assertVersions("history(VehicleRegistration, `2019-06-06T00:00:00Z`) AS h", "{id: A, v: 1} {id: A, v: 2}");
    }

    @Test
    void documentIdFilterWithARangeAsInTheGuide() {
        assertVersions("history(VehicleRegistration, `2019-06-05T00:00:00Z`, `2019-06-05T23:59:59Z`) AS h "
            + "WHERE h.metadata.id = ?", "{id: A, v: 0} {id: A, v: 1}", "\"" + first + "\"");
        assertVersions("history(VehicleRegistration) AS h WHERE h.metadata.id = 'unknown'", "");
    }

    @Test
    void boundsMayBeParameters() {
        assertVersions("history(VehicleRegistration, ?, ?) AS h", "{id: A, v: 0}", "2019-06-05T09:00:00Z",
            "2019-06-05T09:30:00Z");
        assertFails(ErrorCode.INVALID_REQUEST, "must be a timestamp", "SELECT * FROM history(VehicleRegistration, 'x')");
    }

    /** QLDB: the end time must not be after the current UTC time, the start time not after the end time. */
    @Test
    void timeRangesOutsideQldbsRulesAreRefused() {
        // now is 2019-06-09T00:00:00Z
        assertFails(ErrorCode.INVALID_REQUEST, "history() end time 2019-06-09T00:00:01Z is in the future: it must not be"
            + " after the current time 2019-06-09T00:00:00Z",
            "SELECT * FROM history(VehicleRegistration, `2019-06-05T00:00:00Z`, `2019-06-09T00:00:01Z`)");
        assertFails(ErrorCode.INVALID_REQUEST, "history() start time 2019-06-06T00:00:00Z is after the end time"
            + " 2019-06-05T00:00:00Z: it must not be after the end time",
            "SELECT * FROM history(VehicleRegistration, `2019-06-06T00:00:00Z`, `2019-06-05T00:00:00Z`)");
        assertFails(ErrorCode.INVALID_REQUEST, "is after the end time 2019-06-09T00:00:00Z (the current time",
            "SELECT * FROM history(VehicleRegistration, `2019-06-10T00:00:00Z`)");
        assertFails(ErrorCode.INVALID_REQUEST, "is in the future",
            "SELECT * FROM history(VehicleRegistration, ?, ?)", "2019-06-05T00:00:00Z", "2030-01-01T00:00:00Z");
        // Both bounds at the current time, and start equal to end, are allowed (both inclusive).
        assertVersions("history(VehicleRegistration, `2019-06-09T00:00:00Z`, `2019-06-09T00:00:00Z`) AS h", "{id: A, v: 3} {id: B, v: 0}");
        assertVersions("history(VehicleRegistration, `2019-06-09T00:00:00Z`) AS h", "{id: A, v: 3} {id: B, v: 0}");
    }

    @Test
    void aDroppedTableIsReachableByIdOnly() {
        run("DROP TABLE VehicleRegistration");
        assertFails(ErrorCode.NOT_FOUND, "VehicleRegistration", "SELECT * FROM history(VehicleRegistration)");
        assertThat(run("SELECT * FROM history('" + tableId + "') AS h")).hasSize(5);
        assertThat(run("SELECT * FROM history(?) AS h", "\"" + tableId + "\"")).hasSize(5);
        assertFails(ErrorCode.NOT_FOUND, "no table with id nope", "SELECT * FROM history('nope')");
    }

    @Test
    void historyRowsAreCommittedViewShaped() {
        assertResults(run("SELECT VALUE [h.blockAddress IS NOT MISSING, h.hash IS NOT MISSING, h.metadata.txTime] "
            + "FROM history(VehicleRegistration) AS h WHERE h.metadata.id = ? AND h.metadata.version = 0", "\"" + first + "\""),
            "[true, true, 2019-06-05T08:00:00Z]");
    }
}
