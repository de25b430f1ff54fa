package io.vellum.engine.catalog;

import com.amazon.ion.IonList;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.TableHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables of a ledger as of one block: an immutable value, replaced (never mutated) by DDL.
 *
 * <p>Tables are stored as documents of the system table {@link #TABLE_ID}, one per table, whose document id is
 * the table id, so that schema changes are journaled and verifiable like any other revision. A catalog document
 * is {@code {name:"T", status:"ACTIVE"|"INACTIVE", indexes:[{indexId:"…", expr:"[field]", status:"ONLINE"}]}}, plus
 * {@code tags:{key:"value", …}} when the table has tags (a table without tags has no {@code tags} field, so the
 * catalog revisions of ledgers written before tags existed hash as they did).
 */
public final class Catalog {
    /** Document-table id of the catalog itself. */
    public static final String TABLE_ID = "00000000000000000000ca";
    /** Name under which catalog revisions appear in {@code transactionInfo.documents}. */
    public static final String TABLE_NAME = "_ql_catalog";
    public static final Catalog EMPTY = new Catalog(Map.of());

    private final Map<String, TableHandle> tablesById;

    private Catalog(Map<String, TableHandle> tablesById) {
        this.tablesById = tablesById;
    }

    /** The active table with this name. */
    public Optional<TableHandle> activeTable(String name) {
        for (TableHandle table : tablesById.values()) {
            if (table.active() && table.name().equals(name)) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    public Optional<TableHandle> table(String tableId) {
        return Optional.ofNullable(tablesById.get(tableId));
    }

    /** Every table in creation order. */
    public List<TableHandle> tables() {
        return List.copyOf(tablesById.values());
    }

    public long activeCount() {
        return tablesById.values().stream().filter(TableHandle::active).count();
    }

    /** A catalog with {@code table} added or replaced. */
    public Catalog with(TableHandle table) {
        Map<String, TableHandle> copy = new LinkedHashMap<>(tablesById);
        copy.put(table.tableId(), table);
        return new Catalog(Collections.unmodifiableMap(copy));
    }

    /** The catalog document for a table. */
    public static IonStruct toDocument(IonSystem ion, TableHandle table) {
        IonStruct document = ion.newEmptyStruct();
        document.put("name").newString(table.name());
        document.put("status").newString(table.active() ? "ACTIVE" : "INACTIVE");
        IonList indexes = document.put("indexes").newEmptyList();
        for (TableHandle.IndexInfo index : table.indexes()) {
            IonStruct entry = indexes.add().newEmptyStruct();
            entry.put("indexId").newString(index.indexId());
            entry.put("expr").newString("[" + index.field() + "]");
            entry.put("status").newString(index.status());
        }
        if (!table.tags().isEmpty()) {
            IonStruct tags = document.put("tags").newEmptyStruct();
            table.tags().forEach((key, value) -> tags.put(key).newString(value));
        }
        return document;
    }

    /** Reads a catalog document back; the inverse of {@link #toDocument}. */
    public static TableHandle fromDocument(String tableId, IonStruct document) {
        List<TableHandle.IndexInfo> indexes = new ArrayList<>();
        IonValue list = document.get("indexes");
        if (list instanceof IonList entries) {
            for (IonValue value : entries) {
                IonStruct entry = (IonStruct) value;
                String expr = text(entry, "expr");
                indexes.add(new TableHandle.IndexInfo(text(entry, "indexId"),
                        expr.substring(1, expr.length() - 1), text(entry, "status")));
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (document.get("tags") instanceof IonStruct stored) {
            for (IonValue tag : stored) {
                tags.put(tag.getFieldName(), ((IonString) tag).stringValue());
            }
        }
        return new TableHandle(tableId, text(document, "name"), "ACTIVE".equals(text(document, "status")), indexes,
                tags);
    }

    private static String text(IonStruct struct, String field) {
        return ((IonString) struct.get(field)).stringValue();
    }
}
