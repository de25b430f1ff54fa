package io.vellum.engine;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.util.List;

/**
 * The hot-document tests' table: {@code Accounts} indexed by {@code accountId}, accounts {@code acct-0 …} with a
 * balance of 1000.00, and a read-then-write update of one balance.
 */
final class AccountTable {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private AccountTable() {
    }

    /** Creates the table, its index and {@code count} accounts in three transactions. */
    static void createAccounts(Ledger ledger, int count) {
        ledger.execute(tx -> tx.execute("CREATE TABLE Accounts"));
        ledger.execute(tx -> tx.execute("CREATE INDEX ON Accounts (accountId)"));
        ledger.execute(tx -> {
            for (int i = 0; i < count; i++) {
                tx.execute("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': 1000.00}",
                        ION.newString("acct-" + i));
            }
            return null;
        });
    }

    static BigDecimal balance(Transaction tx, String accountId) {
        List<IonValue> rows = tx.execute("SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?",
                ION.newString(accountId));
        return ((IonDecimal) ((IonStruct) rows.get(0)).get("balance")).bigDecimalValue();
    }

    /** Reads the balance, then writes it plus {@code amount}: a read and a write of the account's document. */
    static void add(Transaction tx, String accountId, BigDecimal amount) {
        BigDecimal balance = balance(tx, accountId);
        tx.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?", ION.newDecimal(balance.add(amount)),
                ION.newString(accountId));
    }

    /** Two transactions update {@code account} on the same snapshot: the second fails validation, heating it. */
    static void heat(Ledger ledger, String account) {
        Transaction first = ledger.begin();
        Transaction second = ledger.begin();
        add(first, account, BigDecimal.ZERO);
        add(second, account, BigDecimal.ZERO);
        first.commit();
        try {
            second.commit();
            throw new AssertionError("the second update of " + account + " committed: it did not become hot");
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.OCC_CONFLICT) {
                throw e;
            }
        }
    }
}
