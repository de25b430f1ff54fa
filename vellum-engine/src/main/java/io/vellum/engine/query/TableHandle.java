package io.vellum.engine.query;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A table as the catalog knows it at the transaction's snapshot (plus its own DDL).
 *
 * @param tags the table's tags (QLDB's {@code CREATE TABLE … WITH (aws_tags = …)}, TagResource on the table's ARN),
 *             sorted by key, unmodifiable; empty for most tables
 */
public record TableHandle(String tableId, String name, boolean active, List<IndexInfo> indexes,
                          Map<String, String> tags) {
    public TableHandle {
        indexes = List.copyOf(indexes);
        tags = Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
    }

    /** A table without tags. */
    public TableHandle(String tableId, String name, boolean active, List<IndexInfo> indexes) {
        this(tableId, name, active, indexes, Map.of());
    }

    /** The index on this top-level field, if any. */
    public Optional<IndexInfo> indexOn(String field) {
        for (IndexInfo index : indexes) { // a loop, not a stream: every lookup and every write of a table asks
            if (index.field().equals(field)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    /** This table with {@code newTags} instead of its tags. */
    public TableHandle withTags(Map<String, String> newTags) {
        return new TableHandle(tableId, name, active, indexes, newTags);
    }

    /** One index: its id, the indexed top-level field, and QLDB's status word (ONLINE once usable). */
    public record IndexInfo(String indexId, String field, String status) {
    }
}
