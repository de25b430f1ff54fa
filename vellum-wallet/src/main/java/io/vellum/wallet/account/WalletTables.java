package io.vellum.wallet.account;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.error.LedgerException;
import io.vellum.wallet.ledger.LedgerConnection;
import io.vellum.wallet.ledger.WalletTransaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateTable and Index: the wallet's tables and indexes, created when missing and reported when present, so both
 * operations can be repeated safely. Creation and the check that precedes it run in one transaction; the ledger
 * serialises catalog changes, so two concurrent calls create each table once and the other call reports it.
 */
final class WalletTables {
    private static final String ACTIVE_TABLES =
            "SELECT t.name AS name, t.tableId AS tableId, t.indexes AS indexes FROM information_schema.user_tables AS t "
                    + "WHERE t.status = 'ACTIVE'";
    /** Each table and the field its index is on. */
    private static final Map<String, String> INDEXED_FIELDS = Map.of(
            WalletSchema.ACCOUNTS, WalletSchema.ACCOUNT_ID,
            WalletSchema.REQUESTS, WalletSchema.TX_REQUEST_ID);
    private static final List<String> TABLES = List.of(WalletSchema.ACCOUNTS, WalletSchema.REQUESTS);

    private final LedgerConnection ledger;

    WalletTables(LedgerConnection ledger) {
        this.ledger = ledger;
    }

    List<SchemaChange> createTables() {
        return ledger.execute(transaction -> {
            Map<String, IonStruct> existing = activeTables(transaction);
            List<SchemaChange> changes = new ArrayList<>();
            for (String table : TABLES) {
                if (existing.containsKey(table)) {
                    changes.add(new SchemaChange(table, null, false, text(existing.get(table), "tableId")));
                } else {
                    List<IonValue> result = transaction.execute("CREATE TABLE " + table);
                    changes.add(new SchemaChange(table, null, true, text(result.get(0), "tableId")));
                }
            }
            return changes;
        });
    }

    List<SchemaChange> createIndexes() {
        List<SchemaChange> changes = ledger.execute(transaction -> {
            Map<String, IonStruct> existing = activeTables(transaction);
            List<SchemaChange> outcome = new ArrayList<>();
            for (String table : TABLES) {
                String field = INDEXED_FIELDS.get(table);
                IonStruct description = existing.get(table);
                if (description == null) {
                    throw new WalletException(WalletError.TABLE_NOT_FOUND, "table " + table
                            + " does not exist: run CreateTable (POST /tables) before Index");
                }
                String indexId = existingIndex(description, field);
                if (indexId == null) {
                    transaction.execute("CREATE INDEX ON " + table + " (" + field + ")");
                }
                outcome.add(new SchemaChange(table, field, indexId == null, indexId));
            }
            return outcome;
        });
        if (changes.stream().allMatch(change -> change.id() != null)) {
            return changes;
        }
        // CREATE INDEX answers with the table's id; the new index's id is in the catalog once committed.
        Map<String, IonStruct> tables = ledger.execute(WalletTables::activeTables);
        return changes.stream().map(change -> change.id() != null ? change : new SchemaChange(change.table(),
                change.field(), true, existingIndex(tables.get(change.table()), change.field()))).toList();
    }

    private static Map<String, IonStruct> activeTables(WalletTransaction transaction) {
        Map<String, IonStruct> tables = new HashMap<>();
        for (IonValue row : transaction.execute(ACTIVE_TABLES)) {
            if (row instanceof IonStruct struct && struct.get("name") instanceof IonText name) {
                tables.put(name.stringValue(), struct);
            }
        }
        return tables;
    }

    /** The id of the index on {@code field} (the catalog writes its expression as {@code [field]}), or null. */
    private static String existingIndex(IonStruct table, String field) {
        if (!(table.get("indexes") instanceof IonList indexes)) {
            return null;
        }
        for (IonValue index : indexes) {
            if (index instanceof IonStruct description && description.get("expr") instanceof IonText expr
                    && expr.stringValue().equals("[" + field + "]")) {
                String id = text(description, "indexId");
                return id == null ? "" : id;
            }
        }
        return null;
    }

    /** A string field of a result row, or null when the ledger did not report it. */
    private static String text(IonValue row, String field) {
        if (row instanceof IonStruct struct && struct.get(field) instanceof IonText text
                && !text.isNullValue()) {
            return text.stringValue();
        }
        return null;
    }

    /**
     * The wallet tables that do not exist, asked after a statement was refused: an embedded ledger says NOT_FOUND for a
     * missing table, a server says only BadRequest (as QLDB does), so the catalog is the reliable witness. Empty when
     * the catalog cannot be read either.
     */
    List<String> missing() {
        try {
            return ledger.execute(transaction -> {
                Map<String, IonStruct> existing = activeTables(transaction);
                return TABLES.stream().filter(table -> !existing.containsKey(table)).toList();
            });
        } catch (LedgerException unreadable) {
            return List.of();
        }
    }
}
