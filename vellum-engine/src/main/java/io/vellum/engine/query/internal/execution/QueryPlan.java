package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.internal.syntax.SelectQuery;
import java.util.List;

/**
 * A planned SELECT.
 *
 * @param query     the parsed query (projection, WHERE, ORDER BY, …)
 * @param sources   one plan per FROM item, in order (nested-loop join order)
 * @param aggregate whether the projection uses aggregate functions (one result row, no GROUP BY)
 */
record QueryPlan(SelectQuery query, List<SourcePlan> sources, boolean aggregate) {
    QueryPlan {
        sources = List.copyOf(sources);
    }
}
