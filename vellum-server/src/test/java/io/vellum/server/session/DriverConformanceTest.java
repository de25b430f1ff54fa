package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldbsession.model.BadRequestException;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.Result;

/**
 * The official QLDB Java driver 2.3.1, unmodified, against a real server with SigV4 on: DDL, DML with parameters of
 * every Ion type, paged results, history, committed view, BY, drop/undrop, table names.
 */
class DriverConformanceTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    @TempDir
    static Path data;
    private static VellumServer server;
    private static QldbDriver driver;

    @BeforeAll
    static void start() {
        server = TestServers.start(data);
        server.ledgers().create("conformance", false, "ALLOW_ALL", Map.of());
        driver = TestServers.driver(server, "conformance");
    }

    @AfterAll
    static void stop() throws Exception {
        driver.close();
        server.close();
    }

    @Test
    void createsTablesAndIndexesAndListsTableNames() {
        List<IonValue> table = run("CREATE TABLE Vehicle");
        assertThat(table).hasSize(1);
        assertThat(((IonStruct) table.get(0)).get("tableId")).isNotNull();
        assertThat(run("CREATE INDEX ON Vehicle (VIN)")).hasSize(1);
        assertThat(driver.getTableNames()).contains("Vehicle");
        assertThatThrownBy(() -> run("CREATE TABLE Vehicle")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Vehicle");
    }

    @Test
    void everyIonTypeRoundTripsAsAParameterAndAResult() {
        run("CREATE TABLE Types");
        run("CREATE INDEX ON Types (n)");
        List<IonValue> values = new ArrayList<>();
        values.add(ION.newNull());
        values.add(ION.newNullInt());
        values.add(ION.newNullString());
        values.add(ION.newNullStruct());
        values.add(ION.newBool(true));
        values.add(ION.newInt(42));
        values.add(ION.newInt(new BigInteger("123456789012345678901234567890123456789")));
        values.add(ION.newDecimal(new BigDecimal("1.50")));
        values.add(ION.newDecimal(new BigDecimal("-0.000001234500")));
        values.add(ION.newFloat(3.25e-7));
        values.add(ION.newTimestamp(Timestamp.valueOf("2026-01-02T03:04:05.678+02:00")));
        values.add(ION.newTimestamp(Timestamp.valueOf("2026-01-02")));
        values.add(ION.newTimestamp(Timestamp.valueOf("2026T")));
        values.add(ION.newString("héllo \"world\" ✓"));
        values.add(ION.newSymbol("a_symbol"));
        values.add(ION.newBlob(new byte[] {0, 1, 2, (byte) 0xFF}));
        values.add(ION.newClob("clob text".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        values.add(ION.singleValue("[1, \"two\", 3.0, [nested]]"));
        values.add(ION.singleValue("(a b + 1)"));
        values.add(ION.singleValue("{x: 1, y: {z: [true, null.bool]}, 'quoted field': \"q\"}"));
        values.add(ION.singleValue("annotation::other::7"));
        values.add(ION.singleValue("[tagged::{a: 1}]"));
        for (int i = 0; i < values.size(); i++) {
            int n = i;
            IonValue value = values.get(i);
            driver.execute(txn -> {
                IonStruct document = ION.newEmptyStruct();
                document.put("n", ION.newInt(n));
                document.put("v", value.clone());
                txn.execute("INSERT INTO Types ?", document);
            });
        }
        for (int i = 0; i < values.size(); i++) {
            int n = i;
            List<IonValue> selected = run("SELECT VALUE t.v FROM Types AS t WHERE t.n = ?", ION.newInt(n));
            assertThat(selected).as("value %d: %s", n, values.get(n)).hasSize(1);
            assertThat(selected.get(0)).as("value %d", n).isEqualTo(values.get(n));
        }
        // Each value also as a direct statement parameter (hashed into the commit digest on both sides).
        for (IonValue value : values) {
            if (!value.isNullValue()) {
                List<IonValue> equal = run("SELECT VALUE t.n FROM Types AS t WHERE t.v = ?", value.clone());
                assertThat(equal).as("lookup by %s", value).isNotEmpty();
            }
        }
    }

    @Test
    void resultsSpanSeveralPages() {
        run("CREATE TABLE Pages");
        long fetchesBefore = server.metrics().sessionCommands().getOrDefault("FetchPage", 0L);
        int documents = 450;
        for (int first = 0; first < documents; first += 40) {
            int start = first;
            driver.execute(txn -> {
                IonList batch = ION.newEmptyList();
                for (int i = start; i < Math.min(start + 40, documents); i++) {
                    IonStruct document = ION.newEmptyStruct();
                    document.put("i", ION.newInt(i));
                    document.put("padding", ION.newString("x".repeat(100)));
                    batch.add(document);
                }
                Result inserted = txn.execute("INSERT INTO Pages ?", (IonValue) batch);
                int count = 0;
                for (IonValue ignored : inserted) {
                    count++;
                }
                assertThat(count).isEqualTo(Math.min(40, documents - start));
            });
        }
        Set<Long> seen = driver.execute(txn -> {
            Set<Long> numbers = new HashSet<>();
            for (IonValue row : txn.execute("SELECT VALUE p.i FROM Pages AS p")) {
                numbers.add(((com.amazon.ion.IonInt) row).longValue());
            }
            return numbers;
        });
        assertThat(seen).hasSize(documents);
        assertThat(server.metrics().sessionCommands().get("FetchPage") - fetchesBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void updatesRemovesDeletesAndFromStyleDml() {
        run("CREATE TABLE Person");
        run("CREATE INDEX ON Person (GovId)");
        IonStruct person = (IonStruct) ION.singleValue("{GovId: \"P-1\", Name: \"Ann\", Age: 30, Tags: []}");
        String id = ((IonStruct) run("INSERT INTO Person ?", person).get(0)).get("documentId").toString();
        String documentId = ION.singleValue(id).toString().replace("\"", "");
        assertThat(run("UPDATE Person SET Age = ? WHERE GovId = ?", ION.newInt(31), ION.newString("P-1"))).hasSize(1);
        assertThat(run("SELECT VALUE p.Age FROM Person AS p WHERE p.GovId = 'P-1'")).containsExactly(ION.newInt(31));
        assertThat(run("FROM Person AS p WHERE p.GovId = ? SET p.Verified = true", ION.newString("P-1"))).hasSize(1);
        assertThat(run("FROM Person AS p WHERE p.GovId = ? INSERT INTO p.Tags VALUE 'new'", ION.newString("P-1")))
                .hasSize(1);
        assertThat(run("UPDATE Person REMOVE Age WHERE GovId = 'P-1'")).hasSize(1);
        IonStruct now = (IonStruct) run("SELECT * FROM Person WHERE GovId = 'P-1'").get(0);
        assertThat(now.get("Age")).isNull();
        assertThat(now.get("Verified")).isEqualTo(ION.newBool(true));
        List<IonValue> byId = run("SELECT pid FROM Person AS p BY pid WHERE p.GovId = ?", ION.newString("P-1"));
        assertThat(((IonStruct) byId.get(0)).get("pid")).isEqualTo(ION.newString(documentId));
        List<IonValue> committed = run("SELECT * FROM _ql_committed_Person WHERE data.GovId = 'P-1'");
        IonStruct revision = (IonStruct) committed.get(0);
        assertThat(revision.get("blockAddress")).isNotNull();
        assertThat(revision.get("hash")).isNotNull();
        assertThat(((IonStruct) revision.get("metadata")).get("id")).isEqualTo(ION.newString(documentId));
        assertThat(run("DELETE FROM Person AS p WHERE p.GovId = ?", ION.newString("P-1"))).hasSize(1);
        assertThat(run("SELECT * FROM Person WHERE GovId = 'P-1'")).isEmpty();
    }

    @Test
    void historyHonoursTimeBounds() throws InterruptedException {
        run("CREATE TABLE Car");
        String id = documentId(run("INSERT INTO Car VALUE {'vin': 'V1', 'owner': 'a'}").get(0));
        Thread.sleep(30);
        Instant betweenWrites = Instant.now();
        Thread.sleep(30);
        run("UPDATE Car SET owner = 'b' WHERE vin = 'V1'");
        Thread.sleep(30);
        Instant afterUpdate = Instant.now();
        run("DELETE FROM Car WHERE vin = 'V1'");
        String all = "SELECT h.metadata.version AS v FROM history(Car) AS h WHERE h.metadata.id = ?";
        assertThat(run(all, ION.newString(id))).hasSize(3);
        String early = "SELECT VALUE h.metadata.version FROM history(Car, `2000-01-01T00:00:00Z`, `"
                + Timestamp.forMillis(betweenWrites.toEpochMilli(), 0) + "`) AS h WHERE h.metadata.id = ?";
        assertThat(run(early, ION.newString(id))).containsExactly(ION.newInt(0));
        String late = "SELECT VALUE h.metadata.version FROM history(Car, `"
                + Timestamp.forMillis(afterUpdate.toEpochMilli(), 0) + "`) AS h WHERE h.metadata.id = ?";
        assertThat(run(late, ION.newString(id))).contains(ION.newInt(1)).doesNotContain(ION.newInt(0));
    }

    @Test
    void dropsAndUndropsTables() {
        String tableId = ((IonStruct) run("CREATE TABLE Scratch").get(0)).get("tableId").toString().replace("\"", "");
        run("INSERT INTO Scratch VALUE {'k': 1}");
        assertThat(run("DROP TABLE Scratch")).hasSize(1);
        assertThat(driver.getTableNames()).doesNotContain("Scratch");
        assertThat(run("UNDROP TABLE \"" + tableId + "\"")).hasSize(1);
        assertThat(driver.getTableNames()).contains("Scratch");
        assertThat(run("SELECT VALUE t.k FROM Scratch AS t")).containsExactly(ION.newInt(1));
    }

    @Test
    void statementErrorsAreBadRequestsWithTheEnginesMessage() {
        assertThatThrownBy(() -> run("SELEC * FROM Nowhere")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> run("SELECT * FROM NoSuchTable")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("NoSuchTable");
    }

    private static String documentId(IonValue insertResult) {
        return ((com.amazon.ion.IonText) ((IonStruct) insertResult).get("documentId")).stringValue();
    }

    /** Runs one statement in its own transaction and returns its (buffered) results. */
    static List<IonValue> run(String statement, IonValue... parameters) {
        return driver.execute(txn -> {
            List<IonValue> results = new ArrayList<>();
            for (IonValue value : txn.execute(statement, parameters)) {
                results.add(value);
            }
            return results;
        });
    }
}
