package io.vellum.engine.query;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A map-backed {@link QueryContext} for tests: every write commits at once at the current {@link #now()}, and every
 * read records the access path it used ({@link #accesses()}), so tests can assert that the planner chose an index
 * lookup, a fetch by id or a scan. Not thread-safe, like a real transaction context.
 */
final class InMemoryQueryContext implements QueryContext {

    /** The kinds of reads the query layer can make. */
    enum AccessKind { SCAN, GET, LOOKUP, HISTORY }

    /** One recorded read: kind, table name, and the field / id / key involved ("" for a scan). */
    record Access(AccessKind kind, String table, String detail) {
        @Override
        public String toString() {
            return kind + " " + table + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    private final IonSystem ion;
    private final Map<String, Table> tablesById = new LinkedHashMap<>();
    private final List<Access> accesses = new ArrayList<>();
    private Timestamp now = Timestamp.valueOf("2019-06-05T12:00:00Z");
    private long sequenceNo = 1;
    private int idCounter;

    InMemoryQueryContext(IonSystem ion) {
        this.ion = ion;
    }

    /** The reads recorded since creation or the last {@link #clearAccesses()}. */
    List<Access> accesses() {
        return List.copyOf(accesses);
    }

    void clearAccesses() {
        accesses.clear();
    }

    /** Sets the clock used for txTime of later writes and for {@link #now()}. */
    void setNow(String timestamp) {
        now = Timestamp.valueOf(timestamp);
    }

    /** Sets an index's status, to test that only ONLINE indexes are used. */
    void setIndexStatus(String tableName, String field, String status) {
        Table table = activeTable(tableName).orElseThrow();
        table.indexes.replaceAll(index -> index.field().equals(field)
            ? new TableHandle.IndexInfo(index.indexId(), field, status) : index);
    }

    @Override
    public IonSystem ion() {
        return ion;
    }

    @Override
    public TableHandle table(String name) {
        return activeTable(name).map(Table::handle)
            .orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND, "No such table: " + name));
    }

    @Override
    public Optional<TableHandle> tableById(String tableId) {
        return Optional.ofNullable(tablesById.get(tableId)).map(Table::handle);
    }

    @Override
    public List<TableHandle> tables() {
        return tablesById.values().stream().map(Table::handle).toList();
    }

    @Override
    public Iterator<StoredDocument> scan(TableHandle table) {
        accesses.add(new Access(AccessKind.SCAN, table.name(), ""));
        return live(table).iterator();
    }

    @Override
    public Optional<StoredDocument> get(TableHandle table, String documentId) {
        accesses.add(new Access(AccessKind.GET, table.name(), documentId));
        return live(table).stream().filter(document -> document.documentId().equals(documentId)).findFirst();
    }

    @Override
    public Iterator<StoredDocument> lookup(TableHandle table, String field, IonValue value) {
        if (table.indexOn(field).isEmpty()) {
            throw new IllegalStateException("no index on " + field);
        }
        accesses.add(new Access(AccessKind.LOOKUP, table.name(), field + "=" + value));
        String key = EqualityKey.of(value);
        return live(table).stream().filter(document -> key.equals(EqualityKey.of(document.data().get(field)))).iterator();
    }

    @Override
    public Iterator<StoredDocument> history(TableHandle table, Optional<String> documentId) {
        accesses.add(new Access(AccessKind.HISTORY, table.name(), documentId.orElse("")));
        List<StoredDocument> revisions = new ArrayList<>();
        for (Map.Entry<String, List<StoredDocument>> entry : tablesById.get(table.tableId()).documents.entrySet()) {
            if (documentId.isEmpty() || documentId.get().equals(entry.getKey())) {
                revisions.addAll(entry.getValue());
            }
        }
        return revisions.iterator();
    }

    @Override
    public String insert(TableHandle table, IonStruct data) {
        String id = newId("D");
        tablesById.get(table.tableId()).documents.put(id, new ArrayList<>(List.of(revision(id, 0, data))));
        return id;
    }

    @Override
    public void update(TableHandle table, String documentId, IonStruct newData) {
        List<StoredDocument> revisions = tablesById.get(table.tableId()).documents.get(documentId);
        revisions.add(revision(documentId, revisions.size(), newData));
    }

    @Override
    public void delete(TableHandle table, String documentId) {
        List<StoredDocument> revisions = tablesById.get(table.tableId()).documents.get(documentId);
        revisions.add(revision(documentId, revisions.size(), null));
    }

    /** The tags each table was created with, by table name (this context keeps no catalog documents). */
    final Map<String, Map<String, String>> createdTags = new java.util.HashMap<>();

    @Override
    public TableHandle createTable(String name, Map<String, String> tags) {
        TableHandle table = createTable(name);
        createdTags.put(name, tags);
        return table;
    }

    @Override
    public TableHandle createTable(String name) {
        if (activeTable(name).isPresent()) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "table exists: " + name);
        }
        Table table = new Table(newId("T"), name);
        tablesById.put(table.id, table);
        return table.handle();
    }

    @Override
    public String createIndex(TableHandle table, String field) {
        String id = newId("I");
        tablesById.get(table.tableId()).indexes.add(new TableHandle.IndexInfo(id, field, "ONLINE"));
        return id;
    }

    @Override
    public void dropIndex(TableHandle table, String indexId) {
        tablesById.get(table.tableId()).indexes.removeIf(index -> index.indexId().equals(indexId));
    }

    @Override
    public TableHandle dropTable(TableHandle table) {
        Table stored = tablesById.get(table.tableId());
        stored.active = false;
        return stored.handle();
    }

    @Override
    public TableHandle undropTable(String tableId) {
        Table stored = Optional.ofNullable(tablesById.get(tableId))
            .orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND, "no table " + tableId));
        stored.active = true;
        return stored.handle();
    }

    @Override
    public Timestamp now() {
        return now;
    }

    private Optional<Table> activeTable(String name) {
        return tablesById.values().stream().filter(table -> table.active && table.name.equals(name)).findFirst();
    }

    private List<StoredDocument> live(TableHandle table) {
        List<StoredDocument> live = new ArrayList<>();
        for (List<StoredDocument> revisions : tablesById.get(table.tableId()).documents.values()) {
            StoredDocument latest = revisions.get(revisions.size() - 1);
            if (latest.data() != null) {
                live.add(latest);
            }
        }
        return live;
    }

    private StoredDocument revision(String documentId, long version, IonStruct data) {
        IonStruct view = ion.newEmptyStruct();
        IonStruct address = ion.newEmptyStruct();
        address.add("strandId", ion.newString("Strand0000000000000001"));
        address.add("sequenceNo", ion.newInt(sequenceNo++));
        view.add("blockAddress", address);
        view.add("hash", ion.newBlob(new byte[32]));
        IonStruct storedData = data == null ? null : ion.clone(data);
        if (storedData != null) {
            storedData.makeReadOnly();
            view.add("data", ion.clone(storedData));
        }
        IonStruct metadata = ion.newEmptyStruct();
        metadata.add("id", ion.newString(documentId));
        metadata.add("version", ion.newInt(version));
        metadata.add("txTime", ion.newTimestamp(now));
        metadata.add("txId", ion.newString("Tx" + sequenceNo));
        view.add("metadata", metadata);
        view.makeReadOnly();
        return new StoredDocument(documentId, version, storedData, view);
    }

    private String newId(String prefix) {
        String counter = Integer.toString(++idCounter);
        return prefix + "0".repeat(22 - prefix.length() - counter.length()) + counter;
    }

    /** One table: catalog entry plus every revision of every document, in insertion order. */
    private static final class Table {
        final String id;
        final String name;
        boolean active = true;
        final List<TableHandle.IndexInfo> indexes = new ArrayList<>();
        final Map<String, List<StoredDocument>> documents = new LinkedHashMap<>();

        Table(String id, String name) {
            this.id = id;
            this.name = name;
        }

        TableHandle handle() {
            return new TableHandle(id, name, active, indexes);
        }
    }
}
