package io.vellum.client;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import io.vellum.proof.block.BlockAddress;

/**
 * The revision the verification tests prove: table Accounts created in a fresh ledger, one account committed into
 * it, and where the ledger put that revision (its block and document id), as the client reads them back.
 */
record CommittedAccount(BlockAddress block, String documentId) {
    /** Creates table Accounts, commits {@code account} into it and returns where its revision is. */
    static CommittedAccount commit(VellumClient client, IonStruct account) {
        client.execute(txn -> txn.execute("CREATE TABLE Accounts"));
        client.execute(txn -> txn.execute("INSERT INTO Accounts ?", account));
        IonStruct committed = (IonStruct) client.execute(txn -> txn.execute(
                "SELECT r.blockAddress, r.metadata.id FROM _ql_committed_Accounts AS r").toList().get(0));
        IonStruct address = (IonStruct) committed.get("blockAddress");
        return new CommittedAccount(new BlockAddress(((IonText) address.get("strandId")).stringValue(),
                ((IonInt) address.get("sequenceNo")).longValue()), ((IonText) committed.get("id")).stringValue());
    }

    /** Commits {@code count} more accounts, one transaction each: the ledger moves on past the saved digest. */
    static void commitOthers(VellumClient client, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            client.execute(txn -> txn.execute("INSERT INTO Accounts ?",
                    client.ionSystem().singleValue("{accountId: \"other" + n + "\", balance: 1.00}")));
        }
    }
}
