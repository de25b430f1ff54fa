package io.vellum.bench.compare;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.bench.TransferWorkload.Statements;
import java.math.BigDecimal;
import java.util.List;

/** The consistency check of a Vellum contender's ledger, through whichever client runs the statements. */
final class VellumChecks {
    private VellumChecks() {
    }

    /** Balances sum and count of the {@code Accounts} table, and the number of {@code Transfers} documents. */
    static String accountsAndTransfers(String contender, Statements statements, int accounts, long committed) {
        List<IonValue> balances = statements.run("SELECT a.balance FROM Accounts AS a");
        BigDecimal sum = BigDecimal.ZERO;
        for (IonValue row : balances) {
            sum = sum.add(((IonDecimal) ((IonStruct) row).get("balance")).bigDecimalValue());
        }
        IonValue count = statements.run("SELECT COUNT(*) AS n FROM Transfers").get(0);
        long transfers = ((IonInt) ((IonStruct) count).get("n")).longValue();
        return Checks.balances(contender, accounts, balances.size(), sum) + Checks.transfers(committed, transfers);
    }
}
