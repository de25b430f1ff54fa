package io.vellum.engine;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Child process of {@link EarlyLockReleaseCrashTest}: several threads add 1 to the one account {@code acct-0} (it
 * becomes hot at the first conflicts, so its lock is handed on early from then on), each also recording the balance
 * it read in {@code Transfers}, and print {@code ACK <documentId>} after each acknowledged commit, until killed.
 */
public final class HotCrashChild {
    private HotCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        IonSystem ion = IonSystemBuilder.standard().build();
        Ledger ledger = Ledger.open(Path.of(args[0]), LedgerOptions.defaults().withJournalSegmentSize(64 * 1024));
        try {
            ledger.execute(tx -> tx.execute("CREATE TABLE Accounts"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Accounts (accountId)"));
            ledger.execute(tx -> tx.execute("CREATE TABLE Transfers"));
            ledger.execute(tx -> tx.execute("INSERT INTO Accounts VALUE {'accountId': 'acct-0', 'balance': 1000.}"));
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
        }
        KilledChild.commitUntilKilled(ledger, 6, (tx, writer, sequence) -> {
            IonStruct account = (IonStruct) tx.execute("SELECT a.balance FROM Accounts AS a "
                    + "WHERE a.accountId = 'acct-0'").get(0);
            BigDecimal balance = ((IonDecimal) account.get("balance")).bigDecimalValue();
            tx.execute("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = 'acct-0'",
                    ion.newDecimal(balance.add(BigDecimal.ONE)));
            IonStruct row = (IonStruct) tx.execute("INSERT INTO Transfers VALUE {'seen': ?}",
                    ion.newDecimal(balance)).get(0);
            return ((IonString) row.get("documentId")).stringValue();
        });
    }
}
