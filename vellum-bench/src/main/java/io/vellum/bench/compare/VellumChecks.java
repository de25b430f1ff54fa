package io.vellum.bench.compare;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.bench.TransferWorkload;
import io.vellum.bench.TransferWorkload.Statements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The consistency check of a Vellum contender's ledger, through whichever client runs the statements. */
final class VellumChecks {
    /**
     * Transfers counted per query at most (expected): a query collects the rows it counts, and the engine refuses one
     * that collects more than its row limit (1,000,000), which a whole run's transfers exceed.
     */
    static final long TRANSFERS_PER_COUNT = 250_000;

    private VellumChecks() {
    }

    /** Balances sum and count of the {@code Accounts} table, and the number of {@code Transfers} documents. */
    static String accountsAndTransfers(String contender, Statements statements, int accounts, long committed) {
        List<IonValue> rows = statements.run("SELECT a.accountId, a.balance FROM Accounts AS a");
        BigDecimal sum = BigDecimal.ZERO;
        List<String> accountIds = new ArrayList<>(rows.size());
        for (IonValue row : rows) {
            sum = sum.add(((IonDecimal) ((IonStruct) row).get("balance")).bigDecimalValue());
            accountIds.add(((IonText) ((IonStruct) row).get("accountId")).stringValue());
        }
        long transfers = 0;
        for (CountQuery query : countQueries(accountIds, committed)) {
            IonValue count = statements.run(query.statement(), query.parameters()).get(0);
            transfers += ((IonInt) ((IonStruct) count).get("n")).longValue();
        }
        return Checks.balances(contender, accounts, rows.size(), sum) + Checks.transfers(committed, transfers);
    }

    /** One count of the transfers whose sender's id lies in a range. */
    record CountQuery(String statement, IonValue... parameters) {
    }

    /**
     * Queries that together count every transfer once: the transfers split by their sender's id into ranges of about
     * equal numbers of accounts, enough ranges that each holds about {@link #TRANSFERS_PER_COUNT} of {@code expected}
     * transfers (one plain count when they are few). Every transfer's sender is one of {@code accountIds}, and the
     * ranges (below the first bound, between bounds, from the last bound on) cover all strings without overlap.
     */
    static List<CountQuery> countQueries(List<String> accountIds, long expected) {
        List<String> sorted = accountIds.stream().sorted().distinct().toList();
        int ranges = (int) Math.min(Math.max(1, sorted.size()), expected / TRANSFERS_PER_COUNT + 1);
        String from = "SELECT COUNT(*) AS n FROM Transfers AS t WHERE ";
        if (ranges == 1) {
            return List.of(new CountQuery("SELECT COUNT(*) AS n FROM Transfers"));
        }
        var ion = TransferWorkload.ION;
        List<CountQuery> queries = new ArrayList<>();
        String previous = null;
        for (int i = 1; i < ranges; i++) {
            String bound = sorted.get((int) ((long) i * sorted.size() / ranges));
            queries.add(previous == null ? new CountQuery(from + "t.\"from\" < ?", ion.newString(bound))
                    : new CountQuery(from + "t.\"from\" >= ? AND t.\"from\" < ?", ion.newString(previous),
                            ion.newString(bound)));
            previous = bound;
        }
        queries.add(new CountQuery(from + "t.\"from\" >= ?", ion.newString(previous)));
        return queries;
    }
}
