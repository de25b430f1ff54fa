package io.vellum.wallet.account;

import java.util.Objects;

/**
 * The outcome of CreateTable or Index for one table.
 *
 * @param table   the table
 * @param field   the indexed field for an index, null for a table
 * @param created whether this request created it (false: it existed already)
 * @param id      the ledger's table id or index id, when the ledger reports it
 */
public record SchemaChange(String table, String field, boolean created, String id) {
    public SchemaChange {
        Objects.requireNonNull(table, "table");
    }

    /** "table Wallet created", "index on Wallet.accountId exists", … */
    public String message() {
        String what = field == null ? "table " + table : "index on " + table + "." + field;
        return what + (created ? " created" : " exists");
    }
}
