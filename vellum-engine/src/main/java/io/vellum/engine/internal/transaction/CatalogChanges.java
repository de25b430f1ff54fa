package io.vellum.engine.internal.transaction;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.query.TableHandle;
import io.vellum.engine.query.TableTags;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A transaction's view of the catalog and its DDL: CREATE/DROP/UNDROP TABLE, CREATE/DROP INDEX and table tags. The
 * catalog as of the snapshot stays as it was (index lookups use only indexes built before the transaction); each
 * change writes the table's catalog document (a revision in the catalog table, so schema history is verifiable) and
 * replaces the transaction's catalog, which a failed statement restores ({@link #mark()}, {@link #reset}).
 * Limits on tables and indexes are {@link LedgerOptions}'. Not thread-safe.
 */
final class CatalogChanges {
    private final LedgerOptions options;
    private final IonSystem ion;
    private final SnapshotReads snapshot;
    private final WriteBuffer writes;
    /** Buffers a catalog document as any write (checking that the ledger is writable). */
    private final Consumer<PendingWrite> record;
    private final Catalog committed;
    private Catalog current;
    private boolean changed;

    /** The transaction's catalog and whether it changed, to restore when a statement fails. */
    record Mark(Catalog catalog, boolean changed) {
    }

    CatalogChanges(LedgerOptions options, IonSystem ion, SnapshotReads snapshot, WriteBuffer writes,
                   Consumer<PendingWrite> record, Catalog committed) {
        this.options = options;
        this.ion = ion;
        this.snapshot = snapshot;
        this.writes = writes;
        this.record = record;
        this.committed = committed;
        this.current = committed;
    }

    /** The catalog as of the snapshot, without this transaction's changes. */
    Catalog committed() {
        return committed;
    }

    /** The catalog with this transaction's changes. */
    Catalog current() {
        return current;
    }

    /** Whether this transaction changed the catalog (its commit then runs in a round of its own). */
    boolean changed() {
        return changed;
    }

    Mark mark() {
        return new Mark(current, changed);
    }

    void reset(Mark mark) {
        current = mark.catalog();
        changed = mark.changed();
    }

    static void requireActive(TableHandle table) {
        if (!table.active()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "table " + table.name() + " (" + table.tableId()
                    + ") is dropped");
        }
    }

    TableHandle createTable(String name, Map<String, String> tags) {
        if (current.activeTable(name).isPresent()) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "Table '" + name + "' already exists");
        }
        if (current.activeCount() >= options.maxActiveTables()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a ledger may have at most "
                    + options.maxActiveTables() + " active tables");
        }
        if (current.tables().size() >= options.maxTotalTables()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a ledger may have at most "
                    + options.maxTotalTables() + " tables including dropped ones");
        }
        if (name.startsWith("_ql_") || name.isEmpty() || name.length() > 128) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "invalid table name '" + name
                    + "': 1 to 128 characters, not starting with the reserved prefix _ql_");
        }
        if (!tags.isEmpty()) {
            options.tableTagging().check();
        }
        return change(new TableHandle(options.ids().nextId(), name, true, List.of(), TableTags.check(tags)));
    }

    TableHandle changeTableTags(String tableId, Map<String, String> tags) {
        TableHandle table = current.table(tableId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "no table has id " + tableId));
        return change(table.withTags(TableTags.check(tags)));
    }

    String createIndex(TableHandle table, String field) {
        TableHandle now = currentTable(table);
        if (field.isEmpty() || field.length() > 128) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "index field name must be 1 to 128 characters, got '"
                    + field + "'");
        }
        if (now.indexOn(field).isPresent()) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "table " + table.name()
                    + " already has an index on " + field);
        }
        if (now.indexes().size() >= options.maxIndexesPerTable()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "a table may have at most "
                    + options.maxIndexesPerTable() + " indexes");
        }
        String indexId = options.ids().nextId();
        List<TableHandle.IndexInfo> indexes = new ArrayList<>(now.indexes());
        indexes.add(new TableHandle.IndexInfo(indexId, field, "ONLINE"));
        change(new TableHandle(now.tableId(), now.name(), now.active(), indexes, now.tags()));
        return indexId;
    }

    void dropIndex(TableHandle table, String indexId) {
        TableHandle now = currentTable(table);
        List<TableHandle.IndexInfo> indexes = new ArrayList<>(now.indexes());
        if (!indexes.removeIf(i -> i.indexId().equals(indexId))) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "table " + table.name() + " has no index " + indexId);
        }
        change(new TableHandle(now.tableId(), now.name(), now.active(), indexes, now.tags()));
    }

    TableHandle dropTable(TableHandle table) {
        TableHandle now = currentTable(table);
        requireActive(now);
        return change(new TableHandle(now.tableId(), now.name(), false, now.indexes(), now.tags()));
    }

    TableHandle undropTable(String tableId) {
        TableHandle now = current.table(tableId).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "no table has id " + tableId));
        if (now.active()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "table " + now.name() + " is not dropped");
        }
        if (current.activeTable(now.name()).isPresent()) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "an active table is already named '"
                    + now.name() + "'");
        }
        return change(new TableHandle(now.tableId(), now.name(), true, now.indexes(), now.tags()));
    }

    private TableHandle currentTable(TableHandle table) {
        return current.table(table.tableId()).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "Table '" + table.name() + "' does not exist"));
    }

    /** Writes the table's new catalog document (the next version of the table's, or version 0) and adopts it. */
    private TableHandle change(TableHandle table) {
        PendingWrite previous = writes.get(table.tableId());
        long version;
        if (previous != null) {
            version = previous.version();
        } else {
            long committedVersion = snapshot.liveVersion(Catalog.TABLE_ID, table.tableId());
            version = committedVersion < 0 ? 0 : committedVersion + 1;
        }
        IonStruct document = Catalog.toDocument(ion, table);
        document.makeReadOnly();
        record.accept(new PendingWrite(Catalog.TABLE_ID, Catalog.TABLE_NAME, table.tableId(), version, document,
                null));
        current = current.with(table);
        changed = true;
        return table;
    }
}
