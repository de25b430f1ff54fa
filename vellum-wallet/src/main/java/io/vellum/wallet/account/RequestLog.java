package io.vellum.wallet.account;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.BlockAddress;
import io.vellum.wallet.ledger.WalletTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The idempotency keys (txRequestId) of requests that changed balances, each with the receipt it produced, in the
 * ledger table {@value WalletSchema#REQUESTS}. A key is recorded in the same transaction as the balance change, so
 * the change and the record commit together or not at all: a retried request finds the record and never applies
 * twice, across restarts too. Two concurrent requests with one key both look the key up through the index and both
 * insert it; the second to commit conflicts, runs again and finds the first one's record.
 *
 * <p>Only requests that committed are recorded: a refused request (insufficient funds, unknown account) leaves no
 * trace, so its retry is evaluated afresh.
 */
final class RequestLog {
    private static final String FIND = "SELECT r.blockAddress AS blockAddress, r.data AS data FROM _ql_committed_"
            + WalletSchema.REQUESTS + " AS r WHERE r.data.txRequestId = ?";
    private static final String INSERT = "INSERT INTO " + WalletSchema.REQUESTS + " VALUE ?";

    /** A request recorded earlier, with the block its transaction appended. */
    record Recorded(Operation operation, List<AccountChange> changes, String currency, String transactionId,
                    BlockAddress blockAddress) {
    }

    private final WalletTransaction transaction;
    private final IonSystem ion;

    RequestLog(WalletTransaction transaction, IonSystem ion) {
        this.transaction = transaction;
        this.ion = ion;
    }

    Optional<Recorded> find(String txRequestId) {
        List<IonValue> rows = transaction.execute(FIND, ion.newString(txRequestId));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        IonDocument row = IonDocument.of(rows.get(0), "request log row");
        IonDocument data = row.struct("data");
        IonDocument what = new IonDocument(data.struct(), "request " + txRequestId);
        List<AccountChange> changes = new ArrayList<>();
        if (!(data.struct().get("changes") instanceof IonList list)) {
            throw new WalletException(WalletError.INTERNAL_ERROR, "unexpected ledger data: request " + txRequestId
                    + " has no list of changes");
        }
        for (IonValue change : list) {
            changes.add(AccountChange.fromIon(IonDocument.of(change, "change of request " + txRequestId)));
        }
        return Optional.of(new Recorded(Operation.fromIon(what.struct(WalletSchema.OPERATION)), changes,
                what.text(WalletSchema.CURRENCY), what.text(WalletSchema.TRANSACTION_ID),
                row.blockAddress("blockAddress")));
    }

    void record(String txRequestId, Operation operation, List<AccountChange> changes, String currency) {
        IonStruct document = ion.newEmptyStruct();
        document.put(WalletSchema.TX_REQUEST_ID, ion.newString(txRequestId));
        document.put(WalletSchema.OPERATION, operation.toIon(ion));
        IonList list = ion.newEmptyList();
        for (AccountChange change : changes) {
            list.add(change.toIon(ion));
        }
        document.put("changes", list);
        document.put(WalletSchema.CURRENCY, ion.newString(currency));
        document.put(WalletSchema.TRANSACTION_ID, ion.newString(transaction.transactionId()));
        transaction.execute(INSERT, document);
    }
}
