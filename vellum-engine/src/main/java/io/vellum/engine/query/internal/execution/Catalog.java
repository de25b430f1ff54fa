package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import io.vellum.engine.query.TableHandle;

/** The rows of {@code information_schema.user_tables} (COMPATIBILITY.md §10.1). */
final class Catalog {
    private Catalog() {
    }

    /** {@code {tableId, name, indexes:[{indexId, expr:"[field]", status}], status:"ACTIVE"|"INACTIVE"}}. */
    static IonStruct row(IonSystem ion, TableHandle table) {
        IonStruct row = ion.newEmptyStruct();
        row.add("tableId", ion.newString(table.tableId()));
        row.add("name", ion.newString(table.name()));
        IonList indexes = ion.newEmptyList();
        for (TableHandle.IndexInfo index : table.indexes()) {
            IonStruct entry = ion.newEmptyStruct();
            entry.add("indexId", ion.newString(index.indexId()));
            entry.add("expr", ion.newString("[" + index.field() + "]"));
            entry.add("status", ion.newString(index.status()));
            indexes.add(entry);
        }
        row.add("indexes", indexes);
        row.add("status", ion.newString(table.active() ? "ACTIVE" : "INACTIVE"));
        return row;
    }
}
