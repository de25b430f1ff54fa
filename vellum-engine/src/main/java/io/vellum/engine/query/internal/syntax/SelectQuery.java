package io.vellum.engine.query.internal.syntax;

import java.util.List;
import java.util.Optional;

/**
 * A SELECT query: projection, sources, filter and the simple ordering / paging clauses.
 *
 * @param projection what each result is built from
 * @param distinct   whether duplicates (by PartiQL equality) are removed
 * @param sources    FROM items in order; the first has {@link JoinKind#FIRST}
 * @param where      the filter, if any
 * @param orderBy    ORDER BY items (empty when absent)
 * @param limit      LIMIT expression, if any
 * @param offset     OFFSET expression, if any
 */
public record SelectQuery(Projection projection, boolean distinct, List<FromItem> sources, Optional<Expression> where,
                          List<OrderItem> orderBy, Optional<Expression> limit, Optional<Expression> offset) {
    public SelectQuery {
        sources = List.copyOf(sources);
        orderBy = List.copyOf(orderBy);
    }

    /** What a SELECT returns per row. */
    public sealed interface Projection {
    }

    /** {@code SELECT *}. */
    public record Star() implements Projection {
    }

    /** {@code SELECT VALUE expression}. */
    public record ValueOf(Expression value) implements Projection {
    }

    /** {@code SELECT item, item, …}. */
    public record Items(List<ProjectionItem> items) implements Projection {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** One item of a SELECT list. */
    public sealed interface ProjectionItem {
    }

    /** {@code expression [AS alias]}. */
    public record Column(Expression value, Optional<String> alias) implements ProjectionItem {
    }

    /** {@code expression.*}: every field of a struct. */
    public record AllFields(Expression value) implements ProjectionItem {
    }

    /** How a FROM item combines with the ones before it. */
    public enum JoinKind { FIRST, CROSS, INNER }

    /**
     * One FROM item.
     *
     * @param source    a table name, {@code _ql_committed_T}, {@code history(…)}, {@code information_schema.user_tables},
     *                  or any expression (typically a path over an earlier item)
     * @param alias     AS name
     * @param atAlias   AT name (the position in a list)
     * @param byAlias   BY name (the document id)
     * @param join      how it joins the items before it
     * @param condition the ON condition of an inner join
     */
    public record FromItem(Expression source, Optional<String> alias, Optional<String> atAlias, Optional<String> byAlias,
                           JoinKind join, Optional<Expression> condition) {
    }

    /** {@code expression [ASC|DESC] [NULLS FIRST|LAST]}. */
    public record OrderItem(Expression value, boolean descending, boolean nullsFirst) {
    }
}
