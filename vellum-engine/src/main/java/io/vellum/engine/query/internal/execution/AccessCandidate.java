package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.internal.syntax.Expression;
import java.util.List;

/**
 * A way to fetch only some documents of a table source instead of scanning it, found by the planner in a top-level
 * conjunct of WHERE / ON. The residual filter is always re-applied, so a candidate only has to return a superset of
 * the matching documents.
 */
sealed interface AccessCandidate {

    /** The key expressions; none depends on the source itself or later ones. */
    List<KeyValues> keys();

    /** {@code x.field = key} or {@code x.field IN (…)}: usable when the table has an ONLINE index on {@code field}. */
    record IndexLookup(String field, List<KeyValues> keys) implements AccessCandidate {
        public IndexLookup {
            keys = List.copyOf(keys);
        }
    }

    /** {@code byName = key}, {@code x.metadata.id = key} (committed view / history), or IN: fetch by document id. */
    record DocumentIdLookup(List<KeyValues> keys) implements AccessCandidate {
        public DocumentIdLookup {
            keys = List.copyOf(keys);
        }
    }

    /**
     * One key expression; when {@code collection} is true its value is a list/bag whose elements are the keys
     * ({@code IN ?}, {@code IN (SELECT …)}).
     */
    record KeyValues(Expression expression, boolean collection) {
    }
}
