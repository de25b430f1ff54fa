package io.vellum.wallet;

import com.amazon.ion.*;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
    @TempDir Path dir;
    @Test
    void probe() {
        IonSystem ion = IonSystemBuilder.standard().build();
        try (Ledger ledger = Ledger.open(dir)) {
            System.out.println((Object) ledger.execute(t -> t.execute("CREATE TABLE Wallet")));
            System.out.println((Object) ledger.execute(t -> t.execute("CREATE INDEX ON Wallet (accountId)")));
            try { ledger.execute(t -> t.execute("CREATE TABLE Wallet")); } catch (Exception e) { System.out.println("again: " + e); }
            try { ledger.execute(t -> t.execute("CREATE INDEX ON Wallet (accountId)")); } catch (Exception e) { System.out.println("again idx: " + e); }
            try { ledger.execute(t -> t.execute("SELECT * FROM Nope")); } catch (Exception e) { System.out.println("nope: " + e); }
            System.out.println((Object) ledger.execute(t -> t.execute("SELECT * FROM information_schema.user_tables")));
            IonStruct doc = ion.newEmptyStruct();
            doc.put("accountId", ion.newString("alice"));
            doc.put("balance", ion.newDecimal(new java.math.BigDecimal("0.00")));
            System.out.println((Object) ledger.execute(t -> t.execute("INSERT INTO Wallet VALUE ?", doc)));
            System.out.println((Object) ledger.execute(t -> t.execute("SELECT r.metadata.id AS documentId, r.metadata.version AS version, r.blockAddress AS blockAddress, r.data AS data FROM _ql_committed_Wallet AS r WHERE r.data.accountId = ?", ion.newString("alice"))));
            String id = ledger.execute(t -> ((IonString) t.execute("SELECT VALUE r.metadata.id FROM _ql_committed_Wallet AS r WHERE r.data.accountId = ?", ion.newString("alice")).get(0)).stringValue());
            System.out.println("id=" + id);
            System.out.println((Object) ledger.execute(t -> t.execute("UPDATE Wallet AS w BY wid SET w.balance = ?, w.operation = {'type': 'AddFunds'} WHERE wid = ?", ion.newDecimal(new java.math.BigDecimal("10.50")), ion.newString(id))));
            System.out.println((Object) ledger.execute(t -> t.execute("SELECT h.metadata.version AS version, h.metadata.txTime AS txTime, h.metadata.txId AS txId, h.data AS data, h.blockAddress AS blockAddress FROM history(Wallet) AS h WHERE h.metadata.id = ?", ion.newString(id))));
            System.out.println((Object) ledger.execute(t -> t.execute("SELECT * FROM Wallet AS w WHERE w.accountId = ?", ion.newSymbol("alice"))));
            long start = System.nanoTime();
            for (int i = 0; i < 10000; i++) ledger.digest();
            System.out.println("digest us " + (System.nanoTime() - start) / 10000 / 1000.0);
            start = System.nanoTime();
            for (int i = 0; i < 10000; i++) ledger.execute(t -> t.execute("SELECT r.metadata.version AS version, r.data AS data FROM _ql_committed_Wallet AS r WHERE r.data.accountId = ?", ion.newString("alice")));
            System.out.println("read txn us " + (System.nanoTime() - start) / 10000 / 1000.0);
            start = System.nanoTime();
            for (int i = 0; i < 200; i++) { java.math.BigDecimal b = new java.math.BigDecimal(i); ledger.execute(t -> t.execute("UPDATE Wallet AS w BY wid SET w.balance = ? WHERE wid = ?", ion.newDecimal(b), ion.newString(id))); }
            System.out.println("write txn us " + (System.nanoTime() - start) / 200 / 1000.0);
        } catch (Exception e) { e.printStackTrace(); }
    }
}
