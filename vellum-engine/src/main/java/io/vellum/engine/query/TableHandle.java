package io.vellum.engine.query;

import java.util.List;
import java.util.Optional;

/** A table as the catalog knows it at the transaction's snapshot (plus its own DDL). */
public record TableHandle(String tableId, String name, boolean active, List<IndexInfo> indexes) {
    public TableHandle {
        indexes = List.copyOf(indexes);
    }

    /** The index on this top-level field, if any. */
    public Optional<IndexInfo> indexOn(String field) {
        return indexes.stream().filter(i -> i.field().equals(field)).findFirst();
    }

    /** One index: its id, the indexed top-level field, and QLDB's status word (ONLINE once usable). */
    public record IndexInfo(String indexId, String field, String status) {
    }
}
