package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.BlockAddress;
import io.vellum.wallet.ledger.WalletTransaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Revisions of account documents, read inside one transaction: the whole history of one document, where one
 * revision was committed, and where the account's current revision is.
 */
final class AccountRevisions {
    private static final String HISTORY = "SELECT h.metadata.version AS version, h.metadata.txTime AS txTime, "
            + "h.metadata.txId AS txId, h.blockAddress AS blockAddress, h.data AS data FROM history("
            + WalletSchema.ACCOUNTS + ") AS h WHERE h.metadata.id = ?";
    private static final String CURRENT = "SELECT r.metadata.id AS documentId, r.metadata.version AS version, "
            + "r.blockAddress AS blockAddress FROM _ql_committed_" + WalletSchema.ACCOUNTS
            + " AS r WHERE r.metadata.id = ?";
    private static final String ONE_REVISION = "SELECT h.blockAddress AS blockAddress FROM history("
            + WalletSchema.ACCOUNTS + ") AS h WHERE h.metadata.id = ? AND h.metadata.version = ?";

    /** A revision's place: the document, its version, the block holding it. */
    record Located(String documentId, long version, BlockAddress blockAddress) {
    }

    private final WalletTransaction transaction;
    private final IonSystem ion;
    private final MoneyRules rules;

    AccountRevisions(WalletTransaction transaction, IonSystem ion, MoneyRules rules) {
        this.transaction = transaction;
        this.ion = ion;
        this.rules = rules;
    }

    /** Every revision of the document, oldest first. */
    List<HistoryEntry> history(String documentId) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (IonValue value : transaction.execute(HISTORY, ion.newString(documentId))) {
            IonDocument row = IonDocument.of(value, "history row of " + documentId);
            String transactionId = row.text("txId");
            IonStruct data = row.optionalStruct("data");
            IonDocument document = data == null ? null : new IonDocument(data, "account document " + documentId);
            entries.add(new HistoryEntry(row.longValue("version"), row.instant("txTime"), transactionId,
                    row.blockAddress("blockAddress"),
                    document == null || !document.has(WalletSchema.BALANCE) ? null
                            : rules.balance(document.decimal(WalletSchema.BALANCE)),
                    operationOf(document, transactionId), requestIdOf(document, transactionId)));
        }
        entries.sort(Comparator.comparingLong(HistoryEntry::version));
        return entries;
    }

    /** Where version {@code version} of the document was committed, if the document has that version. */
    Optional<Located> locate(String documentId, long version) {
        Optional<Located> current = current(documentId);
        if (current.isPresent() && current.get().version() == version) {
            return current;
        }
        // Not the current revision (a concurrent change moved on): the history has it, at the cost of a longer read.
        List<IonValue> older = transaction.execute(ONE_REVISION, ion.newString(documentId), ion.newInt(version));
        if (older.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Located(documentId, version,
                IonDocument.of(older.get(0), "history row of " + documentId).blockAddress("blockAddress")));
    }

    /** The document's current revision, when the document is live. */
    Optional<Located> current(String documentId) {
        List<IonValue> current = transaction.execute(CURRENT, ion.newString(documentId));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        IonDocument row = IonDocument.of(current.get(0), "committed view row of " + documentId);
        return Optional.of(new Located(documentId, row.longValue("version"), row.blockAddress("blockAddress")));
    }

    /**
     * The operation recorded in a revision, if the wallet wrote this revision: the record names the writing
     * transaction, and a revision written by anything else carries an older record along (or none).
     */
    private static Operation operationOf(IonDocument document, String transactionId) {
        IonDocument record = walletRecord(document, transactionId);
        if (record == null) {
            return null;
        }
        try {
            return Operation.fromIon(record);
        } catch (WalletException notAnOperation) {
            return null;
        }
    }

    private static String requestIdOf(IonDocument document, String transactionId) {
        IonDocument record = walletRecord(document, transactionId);
        return record == null || !(record.struct().get(WalletSchema.TX_REQUEST_ID) instanceof IonText key)
                ? null : key.stringValue();
    }

    private static IonDocument walletRecord(IonDocument document, String transactionId) {
        if (document == null) {
            return null;
        }
        IonStruct record = document.optionalStruct(WalletSchema.OPERATION);
        if (record == null || !(record.get(WalletSchema.TRANSACTION_ID) instanceof IonText writer)
                || !transactionId.equals(writer.stringValue())) {
            return null;
        }
        return new IonDocument(record, "operation of " + transactionId);
    }
}
