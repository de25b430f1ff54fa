package io.vellum.bench;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import java.math.BigDecimal;
import java.util.List;

/**
 * The wallet transfer every load generator runs, whatever the client (embedded ledger, official QLDB driver,
 * vellum-client): two indexed reads, two updates, one insert, in one transaction.
 */
final class TransferWorkload {
    static final IonSystem ION = IonSystemBuilder.standard().build();

    private TransferWorkload() {
    }

    /** Runs one statement inside the caller's transaction. */
    @FunctionalInterface
    interface Statements {
        List<IonValue> run(String statement, IonValue... parameters);
    }

    /** Moves {@code amount} unless the source is short; returns whether it moved. */
    static boolean transfer(Statements statements, String from, String to, BigDecimal amount) {
        BigDecimal fromBalance = balance(statements, from);
        BigDecimal toBalance = balance(statements, to);
        if (fromBalance.compareTo(amount) < 0) {
            return false;
        }
        statements.run("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ION.newDecimal(fromBalance.subtract(amount)), ION.newString(from));
        statements.run("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                ION.newDecimal(toBalance.add(amount)), ION.newString(to));
        statements.run("INSERT INTO Transfers VALUE {'from': ?, 'to': ?, 'amount': ?}", ION.newString(from),
                ION.newString(to), ION.newDecimal(amount));
        return true;
    }

    private static BigDecimal balance(Statements statements, String accountId) {
        List<IonValue> rows = statements.run("SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?",
                ION.newString(accountId));
        return ((IonDecimal) ((IonStruct) rows.get(0)).get("balance")).bigDecimalValue();
    }

    /** The tables, the index and {@code accounts} accounts, 40 inserts per transaction. */
    static void createAccounts(java.util.function.Consumer<java.util.function.Consumer<Statements>> transaction,
                               int accounts) {
        transaction.accept(s -> s.run("CREATE TABLE Accounts"));
        transaction.accept(s -> s.run("CREATE INDEX ON Accounts (accountId)"));
        transaction.accept(s -> s.run("CREATE TABLE Transfers"));
        for (int start = 0; start < accounts; start += 40) {
            int first = start;
            transaction.accept(s -> {
                for (int i = first; i < Math.min(first + 40, accounts); i++) {
                    s.run("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': 1000000.00}",
                            ION.newString("acct-" + i));
                }
            });
        }
    }
}
