package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query that reads a committed view only through {@code r.data.f} and {@code r.metadata.id / version} (whose rows
 * are built with just those parts) answers exactly as the same query over the whole view, for a revision in the
 * committed-state cache, one decoded from the store, and the transaction's own write.
 */
class CommittedViewPartsTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    /** Each is run as is (parts) and with a conjunct that reads the row itself (the whole view). */
    private static final String[] QUERIES = {
        "SELECT r.metadata.id AS id, r.metadata.version AS v, r.data.k AS k, r.data.b AS b, r.data.op AS op "
            + "FROM _ql_committed_T AS r WHERE r.data.k IN (?, ?)",
        "SELECT VALUE r.data.op.amount FROM _ql_committed_T AS r WHERE r.data.k IN (?, ?)",
        "SELECT r.data.none AS none, r.metadata.version, rid FROM _ql_committed_T AS r BY rid WHERE r.data.k IN (?, ?)",
        "SELECT r.data.d AS d, r.data.n AS n FROM _ql_committed_T AS r WHERE r.data.k IN (?, ?) "
            + "ORDER BY r.metadata.version",
    };
    private static final String[] DOCUMENTS = {
        "{k: \"one\", b: 10.00, c: \"EUR\", op: {type: \"transfer\", amount: 1.50, to: \"two\"}}",
        "{k: \"two\", b: 0d0, d: 1, d: 2, n: null, op: {amount: 2001-02-03T, list: [1, {x: y}]}}",
    };

    @TempDir
    Path directory;

    @Test
    void partsAnswerAsTheWholeView() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON T (k)"));
            for (String document : DOCUMENTS) {
                ledger.execute(tx -> tx.execute("INSERT INTO T VALUE ?", ION.singleValue(document)));
            }
            ledger.execute(tx -> tx.execute("UPDATE T AS t SET t.b = 11.00 WHERE t.k = 'one'"));
            assertSameAnswers(ledger, "cached after its commit");
            ledger.execute(tx -> {
                tx.execute("UPDATE T AS t SET t.b = 12.00, t.op = {'amount': 3.00} WHERE t.k = 'one'");
                assertSameAnswers(tx, "the transaction's own write");
                return null;
            });
        }
        try (Ledger ledger = Ledger.open(directory)) {
            assertSameAnswers(ledger, "decoded from the store");
        }
    }

    private static void assertSameAnswers(Ledger ledger, String state) {
        ledger.execute(tx -> {
            assertSameAnswers(tx, state);
            return null;
        });
    }

    private static void assertSameAnswers(io.vellum.engine.Transaction tx, String state) {
        for (String query : QUERIES) {
            IonValue one = ION.newString("one");
            IonValue two = ION.newString("two");
            List<IonValue> parts = tx.execute(query, one, two);
            String whole = query.contains(" ORDER BY") ? query.replace(" ORDER BY", " AND r IS NOT MISSING ORDER BY")
                    : query + " AND r IS NOT MISSING";
            assertThat(parts).as("%s: %s", state, query).hasSize(2).isEqualTo(tx.execute(whole, one, two));
        }
    }
}
