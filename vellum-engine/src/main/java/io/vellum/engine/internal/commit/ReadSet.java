package io.vellum.engine.internal.commit;

import io.vellum.engine.internal.apply.IndexKey;
import java.util.HashSet;
import java.util.Set;

/**
 * What a transaction read, at the granularity OCC validates: document ids (present or absent), index keys looked
 * up, and tables scanned. Every transaction also depends on the catalog. Not thread-safe.
 */
final class ReadSet {
    final Set<String> documents = new HashSet<>();
    final Set<IndexKey> indexKeys = new HashSet<>();
    final Set<String> tables = new HashSet<>();
}
